import { decodeFunctionData, getAddress, zeroAddress, type Address } from 'viem';
import { keelSmartAccountAbi } from '../contracts/smart-account-abis.ts';
import { prng } from '../lib/prng.ts';
import { describe, expect, it } from 'vitest';
import {
  type ChainSession,
  canonicalSignature,
  decimalToBaseUnits,
  grantCallData,
  type GrantContext,
  type GrantRequest,
  keyStatus,
  outcomeTransition,
  planGrant,
  remainingAllowance,
  revocable,
} from './session-key-logic.ts';

const addr = (n: number) => getAddress(`0x${n.toString(16).padStart(40, '0')}`) as Address;
const ACCOUNT = addr(0xa1);
const OWNER = addr(0x0e);
const EP = addr(0xe9);
const USDC = addr(0xc0);
const NOW = new Date('2026-12-06T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;

const ctx = (over: Partial<GrantContext> = {}): GrantContext => ({
  account: ACCOUNT,
  owner: OWNER,
  entryPoint: EP,
  now: NOW,
  maxDays: 30,
  asset: { symbol: 'USDC', address: USDC, decimals: 6 },
  nativeDecimals: 18,
  ...over,
});
const req = (over: Partial<GrantRequest> = {}): GrantRequest => ({
  keyAddress: addr(0x5e),
  validUntil: new Date(NOW.getTime() + 86_400_000).toISOString(),
  token: { asset: 'USDC', recipients: [addr(0xb0)], perOperation: '10', total: '100' },
  ...over,
});
const fields = (r: ReturnType<typeof planGrant>) => (r.ok ? [] : r.errors.map((e) => `${e.field}:${e.code}`));

describe('planGrant', () => {
  it('builds the scope in base units, with the window as the contract reads it', () => {
    const r = planGrant(
      req({
        validFrom: new Date(NOW.getTime() + 60_000).toISOString(),
        targets: [{ contract: addr(0xd0), functions: ['transfer(address,uint256)', 'approve(address, uint256)'] }],
        valuePerCall: '0.5',
      }),
      ctx(),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.scope).toMatchObject({
      validAfter: NOW_S + 59,
      validUntil: NOW_S + 86_400,
      token: USDC,
      perOpCap: 10_000_000n,
      totalCap: 100_000_000n,
      valuePerCall: 500_000_000_000_000_000n,
      targets: [addr(0xd0), addr(0xd0)],
      selectors: ['0xa9059cbb', '0x095ea7b3'],
      recipients: [addr(0xb0)],
    });
    expect(r.plan.targets[0]!.functions.map((f) => f.signature)).toEqual([
      'transfer(address,uint256)',
      'approve(address,uint256)',
    ]);
  });

  it('accepts perOperation = total and the asset’s full decimals; refuses one decimal more', () => {
    expect(
      planGrant(
        req({ token: { asset: 'USDC', recipients: [addr(1)], perOperation: '1.000001', total: '1.000001' } }),
        ctx(),
      ).ok,
    ).toBe(true);
    expect(
      fields(
        planGrant(
          req({ token: { asset: 'USDC', recipients: [addr(1)], perOperation: '1.0000001', total: '2' } }),
          ctx(),
        ),
      ),
    ).toEqual(['body.token.perOperation:too_many_decimals']);
    expect(
      fields(
        planGrant(
          req({ token: { asset: 'USDC', recipients: [addr(1)], perOperation: '2', total: '1.999999' } }),
          ctx(),
        ),
      ),
    ).toEqual(['body.token.perOperation:over_total']);
    expect(
      fields(
        planGrant(req({ token: { asset: 'USDC', recipients: [addr(1)], perOperation: '0', total: '0.000' } }), ctx()),
      ),
    ).toEqual(['body.token.perOperation:not_positive', 'body.token.total:not_positive']);
  });

  it('bounds amounts by the contract’s uint128', () => {
    const max = ((1n << 128n) - 1n).toString();
    const over = (1n << 128n).toString();
    const noDecimals = ctx({ asset: { symbol: 'X', address: USDC, decimals: 0 } });
    expect(
      planGrant(req({ token: { asset: 'X', recipients: [addr(1)], perOperation: max, total: max } }), noDecimals).ok,
    ).toBe(true);
    expect(
      fields(
        planGrant(req({ token: { asset: 'X', recipients: [addr(1)], perOperation: '1', total: over } }), noDecimals),
      ),
    ).toEqual(['body.token.total:too_big']);
  });

  it('refuses validUntil in the past or now, accepts exactly the maximum lifetime, refuses one second more', () => {
    const at = (s: number) => new Date((NOW_S + s) * 1000).toISOString();
    expect(fields(planGrant(req({ validUntil: at(-1) }), ctx()))).toEqual(['body.validUntil:in_past']);
    expect(fields(planGrant(req({ validUntil: at(0) }), ctx()))).toEqual(['body.validUntil:in_past']);
    expect(planGrant(req({ validUntil: at(30 * 86_400) }), ctx()).ok).toBe(true);
    expect(fields(planGrant(req({ validUntil: at(30 * 86_400 + 1) }), ctx()))).toEqual(['body.validUntil:too_long']);
    expect(fields(planGrant(req({ validFrom: at(86_400), validUntil: at(86_400) }), ctx()))).toEqual([
      'body.validFrom:window_empty',
    ]);
    // A validFrom in the past is harmless: the window is open from the grant.
    const past = planGrant(req({ validFrom: '2020-01-01T00:00:00Z' }), ctx());
    expect(past.ok && past.plan.scope.validAfter).toBe(Date.parse('2020-01-01T00:00:00Z') / 1000 - 1);
  });

  it('refuses the contract’s forbidden keys and targets', () => {
    expect(fields(planGrant(req({ keyAddress: zeroAddress }), ctx()))).toEqual(['body.keyAddress:zero_address']);
    expect(fields(planGrant(req({ keyAddress: OWNER.toLowerCase() }), ctx()))).toEqual([
      'body.keyAddress:key_is_owner',
    ]);
    expect(fields(planGrant(req({ keyAddress: ACCOUNT }), ctx()))).toEqual(['body.keyAddress:key_is_account']);
    expect(
      fields(
        planGrant(
          req({
            targets: [
              { contract: ACCOUNT, functions: ['grantSession(address,uint256)'] },
              { contract: EP, functions: ['withdrawTo(address,uint256)'] },
              { contract: USDC, functions: ['approve(address,uint256)'] },
              { contract: addr(0xd0), functions: [] },
              { contract: addr(0xd1), functions: ['not a function'] },
            ],
          }),
          ctx(),
        ),
      ),
    ).toEqual([
      'body.targets.0.contract:forbidden_target',
      'body.targets.1.contract:forbidden_target',
      'body.targets.2.contract:target_is_token',
      'body.targets.3.functions:empty',
      'body.targets.4.functions.0:invalid_signature',
    ]);
  });

  it('needs a scope, recipients, and a configured ERC-20', () => {
    expect(fields(planGrant(req({ token: undefined }), ctx()))).toEqual(['body.targets:empty_scope']);
    expect(
      fields(planGrant(req({ token: { asset: 'USDC', recipients: [], perOperation: '1', total: '1' } }), ctx())),
    ).toEqual(['body.token.recipients:empty']);
    expect(fields(planGrant(req(), ctx({ asset: null })))).toEqual(['body.token.asset:unknown_asset']);
    expect(fields(planGrant(req(), ctx({ asset: { symbol: 'ETH', address: null, decimals: 18 } })))).toEqual([
      'body.token.asset:not_a_token',
    ]);
    expect(fields(planGrant(req({ valuePerCall: '0.0000000000000000001' }), ctx()))).toEqual([
      'body.valuePerCall:too_many_decimals',
    ]);
  });
});

describe('decimalToBaseUnits and canonicalSignature', () => {
  it('converts exactly and refuses excess decimals', () => {
    expect(decimalToBaseUnits('12.5', 6)).toEqual({ ok: true, value: 12_500_000n });
    expect(decimalToBaseUnits('1.0000001', 6)).toEqual({ ok: false, code: 'too_many_decimals' });
    expect(decimalToBaseUnits('-1', 6)).toEqual({ ok: false, code: 'invalid_amount' });
    expect(canonicalSignature(' transfer( address , uint256 ) ')).toBe('transfer(address,uint256)');
    expect(canonicalSignature('transfer')).toBeNull();
  });
});

describe('keyStatus', () => {
  const plan = planGrant(req(), ctx());
  if (!plan.ok) throw new Error('fixture');
  const scope = plan.plan.scope;
  const chain = (over: Partial<ChainSession> = {}): ChainSession => ({
    grantId: 1n,
    validAfter: scope.validAfter,
    validUntil: scope.validUntil,
    token: scope.token,
    perOpCap: scope.perOpCap,
    totalCap: scope.totalCap,
    spent: 0n,
    valuePerCall: 0n,
    listsMatch: true,
    blockTime: NOW_S,
    ...over,
  });
  it('is active only when the chain holds the same grant inside its window', () => {
    expect(keyStatus('active', scope, chain(), NOW).status).toBe('active');
    expect(keyStatus('active', scope, chain({ grantId: 0n }), NOW)).toEqual({
      status: 'revoked',
      reason: 'not_on_chain',
    });
    expect(keyStatus('active', scope, chain({ totalCap: 1n }), NOW).status).toBe('revoked');
    expect(keyStatus('active', scope, chain({ listsMatch: false }), NOW).status).toBe('revoked');
    expect(keyStatus('active', scope, chain({ blockTime: scope.validUntil + 1 }), NOW).status).toBe('expired');
    expect(keyStatus('active', scope, chain({ blockTime: scope.validUntil }), NOW).status).toBe('active');
    expect(keyStatus('active', { ...scope, validAfter: NOW_S }, chain({ validAfter: NOW_S }), NOW)).toEqual({
      status: 'pending',
      reason: 'not_yet_valid',
    });
    // The chain unreadable: the record stands, the clock still expires it.
    expect(keyStatus('active', scope, undefined, NOW).status).toBe('active');
    expect(keyStatus('active', scope, undefined, new Date((scope.validUntil + 1) * 1000)).status).toBe('expired');
    expect(keyStatus('revoking', scope, chain({ grantId: 0n }), NOW)).toEqual({ status: 'revoked', reason: null });
    expect(keyStatus('revoking', scope, chain(), NOW).status).toBe('revoking');
    expect(keyStatus('pending', scope, chain({ grantId: 0n }), NOW).status).toBe('pending');
    expect(keyStatus('failed', scope, chain(), NOW).status).toBe('failed');
  });
  it('lets only a confirmed, live grant be revoked', () => {
    expect(revocable('active', 'active')).toBe(true);
    expect(revocable('active', 'pending')).toBe(true);
    for (const s of ['expired', 'revoked', 'revoking', 'failed'] as const) expect(revocable('active', s)).toBe(false);
    expect(revocable('pending', 'pending')).toBe(false);
    expect(revocable('revoked', 'revoked')).toBe(false);
  });
  it('computes the remaining allowance, never below 0', () => {
    expect(remainingAllowance(100n, 30n)).toBe(70n);
    expect(remainingAllowance(100n, 100n)).toBe(0n);
    expect(remainingAllowance(100n, 130n)).toBe(0n);
  });
});

describe('outcomeTransition', () => {
  const final = (status: 'confirmed' | 'failed' | 'rejected' | 'expired' | 'cancelled') => ({
    kind: 'final' as const,
    status,
  });
  it('moves a grant: confirmed → active, any other end → failed, retracted → pending', () => {
    expect(outcomeTransition('grant', final('confirmed'), 'pending')).toBe('active');
    for (const s of ['failed', 'rejected', 'expired', 'cancelled'] as const)
      expect(outcomeTransition('grant', final(s), 'pending')).toBe('failed');
    expect(outcomeTransition('grant', { kind: 'retracted', status: 'confirmed' }, 'active')).toBe('pending');
    expect(outcomeTransition('grant', final('confirmed'), 'active')).toBeNull();
    expect(outcomeTransition('grant', final('confirmed'), 'revoked')).toBeNull();
  });
  it('moves a revocation: confirmed → revoked, any other end → active again, retracted → revoking', () => {
    expect(outcomeTransition('revoke', final('confirmed'), 'revoking')).toBe('revoked');
    expect(outcomeTransition('revoke', final('failed'), 'revoking')).toBe('active');
    expect(outcomeTransition('revoke', { kind: 'retracted', status: 'confirmed' }, 'revoked')).toBe('revoking');
    expect(outcomeTransition('revoke', final('confirmed'), 'active')).toBeNull();
  });
});

const SEED = Number(process.env.SESSION_KEY_SEED ?? Date.now() % 2 ** 31);

describe(`planGrant over random amounts and windows (seed ${SEED})`, () => {
  it('accepts exactly what an independent reading of the rules accepts, and encodes what it accepts', () => {
    console.log(`session key grant seed ${SEED} (SESSION_KEY_SEED replays it)`);
    const rand = prng(SEED);
    const int = (n: number) => Math.floor(rand() * n);
    const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
    const amount = () => {
      // Around the interesting edges: 0, tiny, the uint128 bound, and plain values.
      const kind = int(4);
      if (kind === 0) return `0${int(2) ? `.${'0'.repeat(1 + int(4))}` : ''}`;
      if (kind === 1) return ((1n << 128n) - 1n + BigInt(int(3)) - 1n).toString();
      const whole = digits(1 + int(12)).replace(/^0+(?=\d)/, '');
      return int(2) ? `${whole}.${digits(1 + int(9))}` : whole;
    };
    const UINT128 = (1n << 128n) - 1n;
    const oracle = (v: string, decimals: number): bigint | 'bad' => {
      const [w, f = ''] = v.split('.');
      if (f.length > decimals) return 'bad';
      const base =
        BigInt(w!) * 10n ** BigInt(decimals) + BigInt((f || '0').padEnd(decimals, '0').slice(0, decimals) || '0');
      return base === 0n || base > UINT128 ? 'bad' : base;
    };
    for (let i = 0; i < 2_000; i++) {
      const decimals = int(19);
      const per = amount();
      const total = amount();
      const untilOffset = [-1, 0, 1, 30 * 86_400, 30 * 86_400 + 1, int(40 * 86_400)][int(6)]!;
      const body = req({
        validUntil: new Date((NOW_S + untilOffset) * 1000).toISOString(),
        token: { asset: 'T', recipients: [addr(0xb0)], perOperation: per, total },
      });
      const r = planGrant(body, ctx({ asset: { symbol: 'T', address: USDC, decimals } }));
      const p = oracle(per, decimals);
      const t = oracle(total, decimals);
      const windowOk = untilOffset > 0 && untilOffset <= 30 * 86_400;
      const expected = p !== 'bad' && t !== 'bad' && p <= t && windowOk;
      expect(r.ok, `#${i}: ${per} / ${total} with ${decimals} decimals, until +${untilOffset}s`).toBe(expected);
      if (!r.ok) continue;
      expect([r.plan.scope.perOpCap, r.plan.scope.totalCap]).toEqual([p, t]);
      const decoded = decodeFunctionData({ abi: keelSmartAccountAbi, data: grantCallData(r.plan.key, r.plan.scope) });
      expect(decoded.functionName).toBe('grantSession');
      expect(decoded.args![1]).toMatchObject({ perOpCap: p, totalCap: t, validUntil: NOW_S + untilOffset });
    }
  });
});
