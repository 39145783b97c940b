import { describe, expect, it } from 'vitest';
import { OutcomeHooks, type TransactionOutcome } from './outcomes.ts';

const outcome = (origin: string): TransactionOutcome => ({
  txId: 'tx_1',
  origin,
  chainId: 31337,
  kind: 'final',
  status: 'confirmed',
  reason: 'confirmed',
  txHash: null,
  receipt: null,
  logs: null,
  metadata: {},
});
// Handlers never touch the transaction here: a stand-in is enough for the registry's rules.
const trx = {} as never;

describe('OutcomeHooks', () => {
  it('runs the handler registered for the outcome origin, and only that one', async () => {
    const hooks = new OutcomeHooks();
    const seen: string[] = [];
    hooks.on('payments.sweep', async (_t, o) => void seen.push(`sweep:${o.txId}`));
    hooks.on('swaps.swap', async (_t, o) => void seen.push(`swap:${o.txId}`));
    await hooks.run(trx, outcome('swaps.swap'));
    expect(seen).toEqual(['swap:tx_1']);
    expect(hooks.has('payments.sweep')).toBe(true);
  });

  it('refuses a second handler for the same origin', () => {
    const hooks = new OutcomeHooks();
    hooks.on('payments.sweep', async () => {});
    expect(() => hooks.on('payments.sweep', async () => {})).toThrow(/registered twice/);
  });

  it('ignores an origin nobody listens to', async () => {
    const hooks = new OutcomeHooks();
    expect(hooks.has('swaps.approval')).toBe(false);
    await expect(hooks.run(trx, outcome('swaps.approval'))).resolves.toBeUndefined();
  });

  it('a handler that throws fails the run (the final state rolls back with it)', async () => {
    const hooks = new OutcomeHooks();
    hooks.on('payments.refund', async () => {
      throw new Error('boom');
    });
    await expect(hooks.run(trx, outcome('payments.refund'))).rejects.toThrow('boom');
  });
});
