import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  classifyDeposit,
  eip681,
  INTENT_STATUSES,
  intentState,
  refundable,
  type DepositFacts,
  type IntentFacts,
} from './state.ts';

const t0 = new Date('2026-01-01T00:00:00Z');
const at = (s: number) => new Date(t0.getTime() + s * 1000);
const intent = (over: Partial<IntentFacts> = {}): IntentFacts => ({
  status: 'requires_payment',
  asset: 'tUSD',
  amount: 100n,
  chains: [1, 2],
  expiresAt: at(900),
  lateUntil: at(900 + 86_400),
  ...over,
});
const dep = (
  amount: bigint,
  status: DepositFacts['status'] = 'confirmed',
  over: Partial<DepositFacts> = {},
): DepositFacts => ({ kind: 'payment', status, amount, late: false, ...over });

describe('classifyDeposit', () => {
  it('credits the requested asset on an accepted chain, flagging a payment made after expiry as late', () => {
    expect(classifyDeposit(intent(), { chainId: 1, asset: 'tUSD', blockTime: at(10) })).toEqual({
      kind: 'payment',
      reason: null,
      late: false,
    });
    expect(classifyDeposit(intent(), { chainId: 2, asset: 'tUSD', blockTime: at(1000) })).toEqual({
      kind: 'payment',
      reason: null,
      late: true,
    });
  });
  it('records everything else as unexpected with its reason', () => {
    expect(classifyDeposit(intent(), { chainId: 1, asset: 'tEUR', blockTime: at(10) }).reason).toBe('wrong_asset');
    expect(classifyDeposit(intent(), { chainId: 1, asset: null, blockTime: at(10) }).reason).toBe('wrong_asset');
    expect(classifyDeposit(intent({ chains: [2] }), { chainId: 1, asset: 'tUSD', blockTime: at(10) }).reason).toBe(
      'wrong_chain',
    );
    expect(
      classifyDeposit(intent({ status: 'cancelled' }), { chainId: 1, asset: 'tUSD', blockTime: at(10) }).reason,
    ).toBe('intent_cancelled');
    expect(classifyDeposit(intent(), { chainId: 1, asset: 'tUSD', blockTime: at(900 + 86_401) })).toEqual({
      kind: 'unexpected',
      reason: 'after_late_window',
      late: true,
    });
  });
});

describe('intentState', () => {
  const s = (deposits: DepositFacts[], now = at(10), over: Partial<IntentFacts> = {}, tol = 0) =>
    intentState(intent(over), deposits, now, tol);
  it('waits, then processing while confirmations are pending, then succeeded', () => {
    expect(s([]).status).toBe('requires_payment');
    expect(s([dep(100n, 'pending')])).toMatchObject({ status: 'processing', pending: 100n, received: 0n });
    expect(s([dep(100n)])).toMatchObject({ status: 'succeeded', received: 100n });
  });
  it('accumulates several payments; a partial one keeps it waiting until expiry, then underpaid', () => {
    expect(s([dep(40n), dep(30n, 'pending')])).toMatchObject({
      status: 'requires_payment',
      received: 40n,
      pending: 30n,
    });
    expect(s([dep(40n), dep(60n, 'pending')]).status).toBe('processing');
    expect(s([dep(40n), dep(60n)]).status).toBe('succeeded');
    expect(s([dep(40n)], at(900)).status).toBe('underpaid');
    expect(s([], at(900)).status).toBe('expired');
  });
  it('a payment seen before expiry and confirmed after it still succeeds; a late one completes it, flagged', () => {
    expect(s([dep(100n, 'pending')], at(1000)).status).toBe('processing');
    expect(s([dep(40n), dep(60n, 'confirmed', { late: true })], at(2000))).toMatchObject({
      status: 'succeeded',
      paidLate: true,
    });
  });
  it('overpayment succeeds with the excess in received; tolerance lets a small shortfall succeed', () => {
    expect(s([dep(130n)])).toMatchObject({ status: 'succeeded', received: 130n });
    expect(s([dep(99n)], at(10), {}, 100).status).toBe('succeeded');
    expect(s([dep(98n)], at(10), {}, 100).status).toBe('requires_payment');
  });
  it('reorganised deposits count for nothing; unexpected ones are not credited but flag attention', () => {
    expect(s([dep(100n, 'reorged')])).toMatchObject({ status: 'requires_payment', received: 0n });
    expect(s([dep(100n, 'confirmed', { kind: 'unexpected' })])).toMatchObject({
      status: 'requires_payment',
      received: 0n,
      needsAttention: true,
    });
  });
  it('a cancelled intent stays cancelled whatever arrives', () => {
    expect(s([dep(100n)], at(10), { status: 'cancelled' }).status).toBe('cancelled');
  });
});

describe('helpers', () => {
  it('refundable never goes below zero', () => {
    expect(refundable(100n, 30n)).toBe(70n);
    expect(refundable(10n, 30n)).toBe(0n);
  });
  it('EIP-681 ERC-20 transfer URI', () => {
    expect(eip681('0xAa', 31337, '0xBb', 25_000_000n)).toBe(
      'ethereum:0xAa@31337/transfer?address=0xBb&uint256=25000000',
    );
  });
});

describe('intent statuses', () => {
  it('the table accepts exactly INTENT_STATUSES', () => {
    const sql = readFileSync(new URL('../db/migrations/0012_payment_intents.sql', import.meta.url), 'utf8');
    const check = /status\s+text not null check \(status in \(([^)]*)\)\)/.exec(sql)![1]!;
    expect(
      check
        .match(/'[a-z_]+'/g)!
        .map((s) => s.slice(1, -1))
        .sort(),
    ).toEqual([...INTENT_STATUSES].sort());
  });
});
