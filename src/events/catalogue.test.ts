import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isScope } from '../auth/scopes.ts';
import {
  canReadEventType,
  EVENT_TYPE_NAMES,
  EVENT_TYPES,
  readableEventTypes,
  readScopesOf,
  RESOURCE_READ_SCOPES,
} from './catalogue.ts';

describe('event catalogue', () => {
  it('is documented in docs/events.md, type by type', () => {
    const doc = readFileSync('docs/events.md', 'utf8');
    const rows = [...doc.matchAll(/^\| `([a-z_.]+)` \|/gm)].map((m) => m[1]);
    expect(rows.sort()).toEqual([...EVENT_TYPE_NAMES].sort());
  });

  it('names, for every event type, the scopes that may read it', () => {
    for (const t of EVENT_TYPE_NAMES) {
      expect(
        readScopesOf(t).length,
        `${t} (resource ${EVENT_TYPES[t].resource}) needs an entry in RESOURCE_READ_SCOPES`,
      ).toBeGreaterThan(0);
    }
    for (const scopes of Object.values(RESOURCE_READ_SCOPES)) for (const s of scopes) expect(isScope(s)).toBe(true);
  });

  it('gives a key only the events of resources it can read', () => {
    expect(readableEventTypes(['webhooks:write'])).toEqual(['endpoint.disabled', 'webhook.test']);
    expect(canReadEventType(['transactions:read'], 'transaction.confirmed')).toBe(true);
    expect(canReadEventType(['transactions:read'], 'payment_intent.succeeded')).toBe(false);
    expect(canReadEventType(['payments:read'], 'refund.created')).toBe(true);
    expect(canReadEventType(['events:read', 'webhooks:write'], 'api_key.created')).toBe(false);
    expect(canReadEventType(['admin'], 'api_key.created')).toBe(true);
    expect(canReadEventType(['policy:approve'], 'policy.proposed')).toBe(true);
    expect(canReadEventType(['admin'], 'no.such_type')).toBe(false);
  });
});
