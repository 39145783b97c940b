import { describe, expect, it } from 'vitest';
import {
  type BackendVerdict,
  type Charge,
  decideSponsorship,
  type Dimension,
  formatUsd,
  parseUsd,
  periodStart,
  REASON_CODES,
  reasonClass,
  type SponsorshipRequest,
  type SponsorshipRules,
  type Usage,
  usageKeys,
} from './sponsorship-logic.ts';

const NOW = new Date('2026-12-06T10:30:00Z'); // a Sunday
const SENDER = '0x1111111111111111111111111111111111111111';
const TARGET = '0x2222222222222222222222222222222222222222';
const OTHER = '0x3333333333333333333333333333333333333333';
const USD = (s: string) => parseUsd(s);

const base: SponsorshipRules = { enabled: true, hasBackendHook: false, backendFailureMode: 'deny' };
const req = (over: Partial<SponsorshipRequest> = {}): SponsorshipRequest => ({
  chainId: 31337,
  sender: SENDER,
  userId: 'u1',
  apiKeyId: 'key_1',
  clientIp: '203.0.113.9',
  deviceId: 'dev-1',
  calls: [{ to: TARGET, selector: '0xa9059cbb' }],
  maxCostUsd: USD('0.5'),
  maxGas: 200_000n,
  isNewAccount: false,
  ...over,
});
const usage = (usd: Partial<Record<Dimension, bigint>> = {}, ops: Partial<Record<Dimension, number>> = {}): Usage => ({
  usd: (d) => usd[d] ?? 0n,
  ops: (d) => ops[d] ?? 0,
});
const decide = (p: Partial<SponsorshipRules>, r = req(), u = usage(), backend?: BackendVerdict) =>
  decideSponsorship({ ...base, ...p }, r, u, { now: NOW, backend });
const codes = (d: ReturnType<typeof decide>) => (d.sponsored ? [] : d.reasons.map((x) => x.code));

describe('decideSponsorship', () => {
  it('sponsors with no rules, reserving the maximum cost', () => {
    const d = decide({});
    expect(d).toEqual({ sponsored: true, reserveUsd: USD('0.5'), charges: [] });
  });

  it('cap per operation: exactly the cap passes, one base unit more is refused', () => {
    expect(decide({ maxCostUsdPerOperation: USD('0.5') }).sponsored).toBe(true);
    const d = decide({ maxCostUsdPerOperation: USD('0.5') }, req({ maxCostUsd: USD('0.5') + 1n }));
    expect(codes(d)).toEqual(['cap_per_operation']);
    expect(d.sponsored === false && d.class).toBe('organic');
  });

  it('gas per operation: exactly the cap passes, one gas more is refused', () => {
    expect(decide({ maxGasPerOperation: 200_000n }).sponsored).toBe(true);
    expect(codes(decide({ maxGasPerOperation: 200_000n }, req({ maxGas: 200_001n })))).toEqual(['gas_per_operation']);
  });

  it('global budget: a spend reaching it exactly passes, one base unit over is refused', () => {
    const p = { globalBudget: { amountUsd: USD('10'), period: 'day' as const } };
    expect(decide(p, req(), usage({ global_usd: USD('9.5') })).sponsored).toBe(true);
    expect(codes(decide(p, req(), usage({ global_usd: USD('9.5') + 1n })))).toEqual(['budget_global']);
  });

  it('user budget: same boundary', () => {
    const p = { userBudget: { amountUsd: USD('1'), period: 'week' as const } };
    expect(decide(p, req(), usage({ user_usd: USD('0.5') })).sponsored).toBe(true);
    expect(codes(decide(p, req(), usage({ user_usd: USD('0.5') + 1n })))).toEqual(['budget_user']);
  });

  it('operations per user per period: the Nth passes, the N+1th is refused', () => {
    const p = { userOperations: { max: 3, period: 'month' as const } };
    expect(decide(p, req(), usage({}, { user_ops: 2 })).sponsored).toBe(true);
    expect(codes(decide(p, req(), usage({}, { user_ops: 3 })))).toEqual(['ops_per_user']);
  });

  it('window: from its start (inclusive) to its end (exclusive)', () => {
    expect(decide({ window: { startsAt: NOW } }).sponsored).toBe(true);
    expect(codes(decide({ window: { startsAt: new Date(NOW.getTime() + 1) } }))).toEqual(['window']);
    expect(decide({ window: { endsAt: new Date(NOW.getTime() + 1) } }).sponsored).toBe(true);
    expect(codes(decide({ window: { endsAt: NOW } }))).toEqual(['window']);
  });

  it('senders: block-list and allow-list, case-insensitive', () => {
    expect(
      codes(decide({ senderBlockList: [SENDER] }, req({ sender: SENDER.toUpperCase().replace('0X', '0x') }))),
    ).toEqual(['sender_blocked']);
    expect(codes(decide({ senderAllowList: [OTHER] }))).toEqual(['sender_not_allowed']);
    expect(decide({ senderAllowList: [SENDER] }).sponsored).toBe(true);
  });

  it('chains, targets and selectors', () => {
    expect(codes(decide({ chains: [1] }))).toEqual(['chain_not_allowed']);
    expect(decide({ chains: [1, 31337] }).sponsored).toBe(true);
    expect(codes(decide({ targets: [TARGET] }, req({ calls: [{ to: TARGET }, { to: OTHER }] })))).toEqual([
      'target_not_allowed',
    ]);
    expect(
      codes(decide({ selectors: ['0xa9059cbb'] }, req({ calls: [{ to: TARGET, selector: '0x095ea7b3' }] }))),
    ).toEqual(['selector_not_allowed']);
    // A call without a selector (plain transfer of value) is not on a selector list.
    expect(codes(decide({ selectors: ['0xa9059cbb'] }, req({ calls: [{ to: TARGET }] })))).toEqual([
      'selector_not_allowed',
    ]);
    expect(
      decide(
        { targets: [TARGET], selectors: ['0xa9059cbb'] },
        req({ calls: [{ to: TARGET.toUpperCase().replace('0X', '0x'), selector: '0xA9059CBB' }] }),
      ).sponsored,
    ).toBe(true);
  });

  it('first N operations per user', () => {
    expect(decide({ firstOperationsPerUser: 2 }, req(), usage({}, { user_lifetime: 1 })).sponsored).toBe(true);
    expect(codes(decide({ firstOperationsPerUser: 2 }, req(), usage({}, { user_lifetime: 2 })))).toEqual([
      'first_n_exhausted',
    ]);
    expect(codes(decide({ firstOperationsPerUser: 0 }))).toEqual(['first_n_exhausted']);
  });

  it.each([
    ['opsPerUser', 'abuse_user', 'abuse_ops_per_user'],
    ['opsPerApiKey', 'abuse_key', 'abuse_ops_per_key'],
    ['opsPerIp', 'abuse_ip', 'abuse_ip'],
    ['opsPerDevice', 'abuse_device', 'abuse_device'],
  ] as const)('abuse %s: at the threshold passes, over it is an abuse denial', (field, dim, code) => {
    const p = { abuse: { [field]: 5 } };
    expect(decide(p, req(), usage({}, { [dim]: 4 })).sponsored).toBe(true);
    const d = decide(p, req(), usage({}, { [dim]: 5 }));
    expect(codes(d)).toEqual([code]);
    expect(d.sponsored === false && d.class).toBe('abuse');
  });

  it('abuse signals absent from the request are not counted', () => {
    const p = { abuse: { opsPerIp: 0, opsPerDevice: 0, opsPerApiKey: 0 } };
    expect(decide(p, req({ clientIp: undefined, deviceId: undefined, apiKeyId: undefined })).sponsored).toBe(true);
    expect(usageKeys({ ...base, ...p }, req({ clientIp: undefined }), NOW).map((k) => k.dimension)).toEqual([
      'abuse_key',
      'abuse_device',
    ]);
  });

  it('new accounts per hour apply only to operations that create an account', () => {
    const p = { abuse: { newAccountsPerHour: 3 } };
    expect(decide(p, req({ isNewAccount: false }), usage({}, { abuse_new_accounts: 3 })).sponsored).toBe(true);
    expect(decide(p, req({ isNewAccount: true }), usage({}, { abuse_new_accounts: 2 })).sponsored).toBe(true);
    expect(codes(decide(p, req({ isNewAccount: true }), usage({}, { abuse_new_accounts: 3 })))).toEqual([
      'abuse_new_accounts',
    ]);
  });

  it('a denial with both organic and abuse reasons is reported as abuse, with every reason', () => {
    const d = decide({ chains: [1], abuse: { opsPerUser: 0 } });
    expect(codes(d)).toEqual(['chain_not_allowed', 'abuse_ops_per_user']);
    expect(d.sponsored === false && d.class).toBe('abuse');
  });

  it('a disabled policy denies', () => {
    expect(codes(decide({ enabled: false }))).toEqual(['policy_disabled']);
  });

  it('backend hook: allow, deny, and unavailable by failure mode', () => {
    const p = { hasBackendHook: true };
    expect(decide(p, req(), usage(), { verdict: 'allow' }).sponsored).toBe(true);
    const denied = decide(p, req(), usage(), { verdict: 'deny', reason: 'kyc pending' });
    expect(codes(denied)).toEqual(['backend_denied']);
    expect(!denied.sponsored && denied.reasons[0]!.detail).toContain('kyc pending');
    expect(codes(decide(p, req(), usage(), { verdict: 'unavailable', detail: 'KEEL_TIMEOUT' }))).toEqual([
      'backend_unavailable',
    ]);
    expect(
      decide({ ...p, backendFailureMode: 'allow' }, req(), usage(), { verdict: 'unavailable', detail: 'x' }).sponsored,
    ).toBe(true);
    // Local denials come first: the backend's answer adds nothing to them.
    expect(codes(decide({ ...p, chains: [1] }, req(), usage(), { verdict: 'deny' }))).toEqual(['chain_not_allowed']);
  });

  it('charges every counter the policy uses: USD to budgets, one operation to each', () => {
    const p: Partial<SponsorshipRules> = {
      globalBudget: { amountUsd: USD('100'), period: 'month' },
      userBudget: { amountUsd: USD('5'), period: 'day' },
      firstOperationsPerUser: 10,
      abuse: { opsPerIp: 100 },
    };
    const d = decide(p);
    expect(d.sponsored).toBe(true);
    const charges = (d as { charges: Charge[] }).charges;
    expect(charges.map((c) => [c.dimension, c.subject, c.periodStart.toISOString(), formatUsd(c.usd), c.ops])).toEqual([
      ['global_usd', '', '2026-12-01T00:00:00.000Z', '0.5', 1],
      ['user_usd', 'u1', '2026-12-06T00:00:00.000Z', '0.5', 1],
      ['user_lifetime', 'u1', '1970-01-01T00:00:00.000Z', '0', 1],
      ['abuse_ip', '203.0.113.9', '2026-12-06T10:00:00.000Z', '0', 1],
    ]);
  });

  it('gives every reason code a class: abuse_* are abuse, the rest organic', () => {
    for (const c of REASON_CODES) expect(reasonClass(c)).toBe(c.startsWith('abuse_') ? 'abuse' : 'organic');
    expect(REASON_CODES.filter((c) => reasonClass(c) === 'abuse')).toHaveLength(5);
  });
});

describe('periods and USD', () => {
  it('starts periods at UTC midnight, Monday and the 1st', () => {
    expect(periodStart('day', NOW).toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(periodStart('week', NOW).toISOString()).toBe('2026-11-30T00:00:00.000Z'); // Sunday → the Monday before
    expect(periodStart('week', new Date('2026-11-30T00:00:00Z')).toISOString()).toBe('2026-11-30T00:00:00.000Z');
    expect(periodStart('month', NOW).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(periodStart('hour', NOW).toISOString()).toBe('2026-12-06T10:00:00.000Z');
  });

  it('parses and formats USD at 8 decimals', () => {
    expect(parseUsd('1.5')).toBe(150_000_000n);
    expect(parseUsd('0.00000001')).toBe(1n);
    expect(formatUsd(150_000_000n)).toBe('1.5');
    expect(formatUsd(1n)).toBe('0.00000001');
    expect(formatUsd(-5n)).toBe('-0.00000005');
  });
});

/** Small seeded generator (mulberry32): the same seed replays the same sequence. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('budgets under random sequences (seeded)', () => {
  it('never overshoots the global or a user budget, and sponsors whenever both have room', () => {
    const seed = Number(process.env.SPONSORSHIP_SEED ?? Date.now() % 2 ** 31);
    console.log(`sponsorship property test seed: ${seed} (SPONSORSHIP_SEED=${seed} replays it)`);
    const rand = rng(seed);
    const seen = { sponsored: 0, denied: 0 };
    for (let round = 0; round < 200; round++) {
      const global = BigInt(1 + Math.floor(rand() * 1_000_000));
      const perUser = BigInt(1 + Math.floor(rand() * 200_000));
      const p: SponsorshipRules = {
        ...base,
        globalBudget: { amountUsd: global, period: 'day' },
        userBudget: { amountUsd: perUser, period: 'day' },
      };
      // The counters as the store keeps them: charged when sponsored; settled (possibly lower) or released at random.
      let globalSpent = 0n;
      const userSpent = new Map<string, bigint>();
      const open: Array<{ user: string; reserved: bigint }> = [];
      for (let i = 0; i < 100; i++) {
        const user = `u${Math.floor(rand() * 5)}`;
        const cost = BigInt(Math.floor(rand() * 120_000));
        const u = usage({ global_usd: globalSpent, user_usd: userSpent.get(user) ?? 0n });
        const d = decideSponsorship(p, req({ userId: user, maxCostUsd: cost }), u, { now: NOW });
        const room = globalSpent + cost <= global && (userSpent.get(user) ?? 0n) + cost <= perUser;
        if (d.sponsored !== room)
          expect.fail(`seed ${seed} round ${round} step ${i}: sponsored ${d.sponsored}, room ${room}`);
        seen[d.sponsored ? 'sponsored' : 'denied']++;
        if (d.sponsored) {
          globalSpent += d.reserveUsd;
          userSpent.set(user, (userSpent.get(user) ?? 0n) + d.reserveUsd);
          open.push({ user, reserved: d.reserveUsd });
        }
        if (open.length && rand() < 0.3) {
          const o = open.splice(Math.floor(rand() * open.length), 1)[0]!;
          const actual = rand() < 0.2 ? 0n : (o.reserved * BigInt(Math.floor(rand() * 101))) / 100n; // settle ≤ reserved, or release
          globalSpent -= o.reserved - actual;
          userSpent.set(o.user, userSpent.get(o.user)! - (o.reserved - actual));
        }
        if (globalSpent > global) expect.fail(`seed ${seed}: global ${globalSpent} > ${global}`);
        for (const [user, s] of userSpent) if (s > perUser) expect.fail(`seed ${seed}: ${user} ${s} > ${perUser}`);
      }
    }
    // Both sides of the boundary were exercised.
    expect(seen.sponsored).toBeGreaterThan(1_000);
    expect(seen.denied).toBeGreaterThan(1_000);
  });
});
