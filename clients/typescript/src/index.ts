/**
 * Keel's typed TypeScript client (docs/client.md). The types come from Keel's OpenAPI document
 * (`schema.ts`, generated); the helpers are the parts every integration otherwise re-writes.
 */
export { createKeelClient, idempotencyKey, type KeelClient, type KeelClientOptions } from './client.ts';
export { ERROR_CODES, type ErrorCode } from './error-codes.ts';
export {
  type ClientErrorCode,
  type FetchResult,
  type FieldError,
  isErrorCode,
  KeelApiError,
  type Problem,
  unwrap,
} from './errors.ts';
export { listAll, type Page, paginate } from './paginate.ts';
export type { components, operations, paths, webhooks } from './schema.ts';
export {
  type KeelEvent,
  type KeelEventType,
  KeelWebhookError,
  verifyWebhook,
  type WebhookHeaders,
} from './webhooks.ts';

import type { components } from './schema.ts';
/** A named schema of Keel's OpenAPI document: `Schema<'PaymentIntent'>`. */
export type Schema<Name extends keyof components['schemas']> = components['schemas'][Name];
