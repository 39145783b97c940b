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
  'endpoint.disabled': {
    description: 'A webhook endpoint was disabled: it answered 410 Gone, failed for longer than webhooks.disableAfterHours, or an operator disabled it.',
    resource: 'webhook_endpoint',
  },
  'policy.proposed': { description: 'A policy change was proposed; it waits for approvals (the resource carries the diff against the active version).', resource: 'policy_version' },
  'policy.activated': { description: 'A proposed policy version reached its approvals and became active; the previous version was superseded.', resource: 'policy_version' },
  'webhook.test': { description: 'A test event sent on request to one endpoint (POST /v1/webhook-endpoints/:id/test).', resource: 'webhook_test' },
} as const satisfies Record<string, EventTypeInfo>;

export type EventType = keyof typeof EVENT_TYPES;

export const EVENT_TYPE_NAMES = Object.keys(EVENT_TYPES) as EventType[];

/** Version of the event envelope and payload shapes; bumped on a breaking change. */
export const EVENT_API_VERSION = 1;

export function isEventType(s: string): s is EventType {
  return Object.hasOwn(EVENT_TYPES, s);
}
