import type { Transaction } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DB } from '../db/schema.ts';
import { registerSessionKeyOutcomes, SESSION_KEY_ORIGINS } from './session-key-outcomes.ts';
import type { SessionKeys } from './session-key-service.ts';
import type { UserOperationRow } from './user-operation-resource.ts';
import { UserOperationOutcomes } from './user-operation-outcomes.ts';

describe('registerSessionKeyOutcomes', () => {
  it('routes grant and revoke outcomes to the key by origin, and ignores other origins', async () => {
    const seen: Array<[string, string, string]> = [];
    const keys = {
      applyOutcome: async (_trx: unknown, kind: string, o: { kind: string; operation: UserOperationRow }) =>
        void seen.push([kind, o.kind, o.operation.id]),
    } as unknown as SessionKeys;
    const outcomes = new UserOperationOutcomes();
    registerSessionKeyOutcomes(outcomes, keys);
    const trx = {} as Transaction<DB>;
    const op = (id: string, origin: string | null) => ({ id, origin }) as unknown as UserOperationRow;
    await outcomes.deliver(trx, {
      kind: 'final',
      status: 'confirmed',
      operation: op('uop_a', SESSION_KEY_ORIGINS.grant),
    });
    await outcomes.deliver(trx, {
      kind: 'retracted',
      status: 'confirmed',
      operation: op('uop_b', SESSION_KEY_ORIGINS.revoke),
    });
    await outcomes.deliver(trx, { kind: 'final', status: 'failed', operation: op('uop_c', 'payouts.batch') });
    await outcomes.deliver(trx, { kind: 'final', status: 'failed', operation: op('uop_d', null) });
    expect(seen).toEqual([
      ['grant', 'final', 'uop_a'],
      ['revoke', 'retracted', 'uop_b'],
    ]);
    // One handler per origin: a second registration is refused.
    expect(() => registerSessionKeyOutcomes(outcomes, keys)).toThrow(/registered twice/);
  });
});
