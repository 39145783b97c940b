import { canReadEventType, readableEventTypes } from '../events/catalogue.ts';
import { KeelError } from '../lib/errors.ts';

/**
 * Who owns a webhook endpoint and what it may receive (pure rules, no I/O).
 *
 * An endpoint belongs to the principal of the key that created it. Only that principal's keys
 * see and change it (and its deliveries); a key holding `admin` sees and changes every
 * endpoint, and such changes are audited with the owner. An endpoint receives only event
 * types whose resources the key that last set its URL or event types may read (its scopes are
 * kept with the endpoint); `*` means every such type.
 */

/** The caller acting on endpoints: null is Keel itself (internal callers, tests), unrestricted. */
export interface WebhookActor {
  keyId: string;
  principalId: string;
  scopes: readonly string[];
}

/** Whether `actor` may see and change an endpoint owned by `owner` (null: Keel's own, admins only). */
export function canManage(owner: string | null, actor: WebhookActor | null): boolean {
  if (actor === null) return true;
  if (actor.scopes.includes('admin')) return true;
  return owner !== null && owner === actor.principalId;
}

/** Whether the actor acts on an endpoint it does not own (an admin): audited with the owner. */
export function actsForOther(owner: string | null, actor: WebhookActor | null): boolean {
  return actor !== null && owner !== actor.principalId;
}

/** The explicitly listed types (not `*`) that keys holding `scopes` may not read. */
export function unreadableTypes(types: readonly string[], scopes: readonly string[]): string[] {
  return [...new Set(types.filter((t) => t !== '*' && !canReadEventType(scopes, t)))];
}

/** Refuses (403 `event_type_not_readable`) a subscription to types the key may not read. */
export function assertReadable(types: readonly string[], scopes: readonly string[]): void {
  const bad = unreadableTypes(types, scopes);
  if (bad.length) {
    throw new KeelError(
      'event_type_not_readable',
      `this API key may not read ${bad.map((t) => `"${t}"`).join(', ')}: an endpoint receives only events of resources its key can read (docs/events.md)`,
      {
        extra: { eventTypes: bad },
      },
    );
  }
}

/**
 * The event types an endpoint receives: its subscription (`*` = all) limited to what its
 * stored scopes read (null scopes: Keel's own endpoint, unrestricted).
 */
export function receivedTypes(
  eventTypes: readonly string[],
  readScopes: readonly string[] | null,
  all: readonly string[],
): string[] {
  const readable = readScopes === null ? all : readableEventTypes(readScopes);
  return eventTypes.includes('*') ? [...readable] : readable.filter((t) => eventTypes.includes(t));
}
