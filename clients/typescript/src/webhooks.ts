/**
 * Verifying Keel's webhooks with the `standardwebhooks` package (Keel signs by the Standard
 * Webhooks specification), and the typed event each delivery carries. During a secret rotation
 * Keel signs with both secrets; give the verifier every secret you accept.
 */
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import type { components, webhooks } from './schema.ts';

/** Every event type Keel sends. */
export type KeelEventType = components['schemas']['Event']['type'];

type Payload<K extends keyof webhooks> = webhooks[K] extends {
  post: { requestBody: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** An event as delivered; `event.type` narrows `event.data.object` to that type's resource. */
export type KeelEvent = { [K in keyof webhooks]: Payload<K> }[keyof webhooks];

/** The delivery was not signed by any accepted secret, is too old or too new, or is not an event. */
export class KeelWebhookError extends Error {
  override readonly name = 'KeelWebhookError';
}

/** Headers as a Fetch `Headers`, or a plain object (Node's `req.headers`, Express, Fastify). */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

function headerRecord(headers: WebhookHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((v, k) => {
      out[k] = v;
    });
    return out;
  }
  for (const [k, v] of Object.entries(headers))
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/**
 * Checks a delivery against the endpoint's secrets (`whsec_…`) and returns its event. `rawBody`
 * must be the exact bytes received (parse JSON only afterwards). Throws `KeelWebhookError`.
 * Keel retries until a 2xx, so deduplicate by `event.id` (also the `webhook-id` header).
 */
export function verifyWebhook(
  secrets: string | readonly string[],
  rawBody: string,
  headers: WebhookHeaders,
): KeelEvent {
  const list = typeof secrets === 'string' ? [secrets] : secrets;
  if (list.length === 0) throw new KeelWebhookError('no webhook secret given');
  const h = headerRecord(headers);
  let lastError: unknown;
  for (const secret of list) {
    try {
      const event = new Webhook(secret).verify(rawBody, h) as KeelEvent;
      if (!event || typeof event !== 'object' || typeof (event as { type?: unknown }).type !== 'string') {
        throw new KeelWebhookError('the delivery is not a Keel event');
      }
      return event;
    } catch (e) {
      if (e instanceof KeelWebhookError) throw e;
      if (!(e instanceof WebhookVerificationError)) throw new KeelWebhookError(`webhook rejected: ${String(e)}`);
      lastError = e;
    }
  }
  throw new KeelWebhookError(
    `webhook rejected: ${lastError instanceof Error ? lastError.message : 'no accepted secret signed it'}`,
  );
}
