/**
 * The event catalogue: every event type Keel emits, what it means and the resource it
 * carries. `docs/events.md` and the OpenAPI enum are checked against this list.
 */
export interface EventTypeInfo {
  /** What happened, in one sentence. */
  description: string;
  /** The `object` of `data.object`. */
  resource: string;
}

export const EVENT_TYPES = {
  'api_key.created': { description: 'An API key was created (its secret is never included).', resource: 'api_key' },
  'api_key.revoked': { description: 'An API key was revoked; requests with it now answer 401.', resource: 'api_key' },
  'breaker.tripped': { description: 'A circuit breaker was tripped (by an operator, or automatically after repeated guard refusals): what it covers is unavailable.', resource: 'breaker' },
  'breaker.reset': { description: 'A circuit breaker was reset: what it covers is available again.', resource: 'breaker' },
  'endpoint.disabled': {
    description: 'A webhook endpoint was disabled: it answered 410 Gone, failed for longer than webhooks.disableAfterHours, or an operator disabled it.',
    resource: 'webhook_endpoint',
  },
  'policy.proposed': { description: 'A policy change was proposed; it waits for approvals (the resource carries the diff against the active version).', resource: 'policy_version' },
  'policy.activated': { description: 'A proposed policy version reached its approvals and became active; the previous version was superseded.', resource: 'policy_version' },
  'transaction.created': { description: 'A transaction passed policy and simulation: it is queued for signing or waits for human review (see `status`).', resource: 'transaction' },
  'transaction.rejected': { description: 'The policy denied a transaction (the decision and its reasons are in the resource), or a reviewer rejected it.', resource: 'transaction' },
  'transaction.review_required': { description: 'A transaction waits in the review queue for a human decision.', resource: 'transaction' },
  'transaction.approved': { description: 'A reviewer approved a transaction; it is queued for signing.', resource: 'transaction' },
  'transaction.submitted': { description: 'A signed transaction was broadcast; `hash` identifies it on chain.', resource: 'transaction' },
  'transaction.replaced': { description: 'A stuck transaction was re-signed at the same nonce with a higher fee (`attempts` lists every version).', resource: 'transaction' },
  'transaction.reorged': { description: 'The block holding a transaction was reorganised away; it is back to `submitted` and will be included again.', resource: 'transaction' },
  'transaction.confirmed': { description: 'A transaction succeeded on chain and reached the chain’s configured confirmations (final).', resource: 'transaction' },
  'transaction.reverted': { description: 'A transaction was mined but reverted; `revert` carries the decoded reason. Gas was spent, nothing else moved.', resource: 'transaction' },
  'transaction.failed': { description: 'A transaction stopped before it could be mined: simulation predicted a revert, signing failed, or the network refused it.', resource: 'transaction' },
  'transaction.expired': { description: 'A transaction waited for review longer than `pipeline.reviewExpiresAfterSeconds` and will not be sent.', resource: 'transaction' },
  'transaction.cancelled': { description: 'A transaction was cancelled: before broadcast, or by a mined 0-value replacement at its nonce.', resource: 'transaction' },
  'webhook.test': { description: 'A test event sent on request to one endpoint (POST /v1/webhook-endpoints/:id/test).', resource: 'webhook_test' },
} as const satisfies Record<string, EventTypeInfo>;

export type EventType = keyof typeof EVENT_TYPES;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** Version of the event envelope and payload shapes; bumped on a breaking change. */
export const EVENT_API_VERSION = 1;

export function isEventType(s: string): s is EventType {
  return Object.hasOwn(EVENT_TYPES, s);
}
