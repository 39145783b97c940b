import { describe, expect, it } from 'vitest';
import { classifyCall, judgeApproval, judgeDeposit } from './guard-logic.ts';
import { planRules } from './plan-logic.ts';
import { A, B, opsReserve, u } from './test-support.ts';

const X = '0x00000000000000000000000000000000000000ee';
const ASSET = '0x00000000000000000000000000000000000000ff';

// Total below: idle 300,000 + A 400,000 + B 300,000 = 1,000,000.
// A's cap: 50 % = 500,000. B's cap: min(40 % = 400,000, 350,000) = 350,000. Buffer: max(20 % = 200,000, 100,000).
const rules = planRules(opsReserve(), 6);
const facts = {
  idle: u(300_000),
  values: new Map([
    [A, u(400_000)],
    [B, u(300_000)],
  ]),
};
const codes = (xs: { code: string }[]) => xs.map((x) => x.code);

describe('classifyCall', () => {
  const c = (selector: string, args: unknown[]) => classifyCall({ contract: A, selector, args });
  it('reads ERC-4626 deposits, mints, withdrawals, redemptions and ERC-20 approvals', () => {
    expect(c('0x6e553f65', [5n, X])).toEqual({ kind: 'deposit', vault: A, assets: 5n });
    expect(c('0x94bf804d', [7n, X])).toEqual({ kind: 'mint', vault: A, shares: 7n });
    expect(c('0xb460af94', [1n, X, X])).toEqual({ kind: 'exit', vault: A });
    expect(c('0xba087652', [1n, X, X])).toEqual({ kind: 'exit', vault: A });
    expect(c('0x095ea7b3', [B, 9n])).toEqual({ kind: 'approve', token: A, spender: B, amount: 9n });
  });
  it('ignores any other call', () => {
    expect(c('0xa9059cbb', [X, 1n])).toBeNull();
    expect(c('0x6E553F65', ['not a number', X])).toBeNull();
  });
});

describe('judgeDeposit', () => {
  it('refuses a vault the mandate does not list, whatever the amount', () => {
    expect(codes(judgeDeposit(rules, facts, X, 1n))).toEqual(['mandate_vault_not_allowed']);
    // Listed in another case: addresses compare without case.
    expect(judgeDeposit(rules, facts, A.toUpperCase().replace('0X', '0x'), u(1))).toEqual([]);
  });
  it('allows up to the cap and the buffer exactly, refuses one unit more', () => {
    // A: 400,000 held, cap 500,000; idle 300,000, buffer 200,000: 100,000 is the room of both.
    expect(judgeDeposit(rules, facts, A, u(100_000))).toEqual([]);
    expect(codes(judgeDeposit(rules, facts, A, u(100_000) + 1n))).toEqual(['mandate_over_cap', 'mandate_buffer']);
  });
  it('names the cap alone when the buffer still holds (the smaller cap of amount and share binds)', () => {
    // B: 300,000 held, cap 350,000: 60,000 is over it; idle 240,000 stays above 200,000.
    const out = judgeDeposit(rules, facts, B, u(60_000));
    expect(codes(out)).toEqual(['mandate_over_cap']);
    expect(out[0]!.message).toContain(`above its cap of ${u(350_000)}`);
  });
  it('names the buffer alone when the vault has room (the larger of amount and share binds)', () => {
    const roomy = { idle: u(120_000), values: new Map([[A, 0n]]) };
    // Total 120,000: A's cap 60,000; buffer max(24,000, 100,000) = 100,000, so 20,000 can go.
    expect(codes(judgeDeposit(rules, roomy, A, u(30_000)))).toEqual(['mandate_buffer']);
    expect(judgeDeposit(rules, roomy, A, u(20_000))).toEqual([]);
  });
});

describe('judgeApproval', () => {
  const approve = (spender: string, amount: bigint, token = ASSET) => ({
    kind: 'approve' as const,
    token,
    spender,
    amount,
  });
  it('refuses approving the asset to a vault the mandate does not list', () => {
    expect(codes(judgeApproval(rules, ASSET, approve(X, 1n), true))).toEqual(['mandate_vault_not_allowed']);
  });
  it('lets through listed vaults, revocations, other tokens and spenders that are not vaults of the asset', () => {
    expect(judgeApproval(rules, ASSET, approve(A, 1n), true)).toEqual([]);
    expect(judgeApproval(rules, ASSET, approve(X, 0n), true)).toEqual([]);
    expect(judgeApproval(rules, ASSET, approve(X, 1n, B), true)).toEqual([]);
    expect(judgeApproval(rules, ASSET, approve(X, 1n), false)).toEqual([]);
  });
});
