import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.ts';
import { parsePolicyDocument, type PolicyRuleInput } from './document.ts';
import { evaluate, evaluateReference, windowNeeds } from './evaluate.ts';
import type { Exposure, Facts, Intent, IntentAsset } from './types.ts';

/**
 * Valuation (docs/policy.md): a transaction is judged by what it can take out of Keel's
 * accounts — its simulated exposure — whatever it declares; allowances need an allowance rule
 * with a cap; capability kinds have their own rules; per-counterparty windows; unreceivable
 * destinations; raw calls to reserved contracts.
 */

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as `0x${string}`;
const CHAIN = 31337;
const TUSD: IntentAsset = { symbol: 'tUSD', address: A(0x7001), decimals: 6 };
const WETH: IntentAsset = { symbol: 'WETH', address: A(0x7003), decimals: 18 };
const ROUTER = A(0x8001);
const SIGNER = A(0x5001);
const ALICE = A(0xa11ce);
const usd = (n: number) => BigInt(n) * 100_000_000n;
const tusd = (n: number) => BigInt(n) * 1_000_000n;

const BASE: PolicyRuleInput[] = [
  { id: 'chains', kind: 'chain', effect: 'allow', chainIds: [CHAIN] },
  { id: 'assets', kind: 'asset', effect: 'allow', assets: ['tUSD', 'WETH', 'native'] },
  { id: 'router', kind: 'contract', effect: 'allow', contracts: [ROUTER], functions: ['*'] },
  {
    id: 'tusd-calls',
    kind: 'contract',
    effect: 'allow',
    contracts: [TUSD.address!],
    functions: ['*', { selector: 'approve(address,uint256)', spenders: [ROUTER] }],
  },
  { id: 'max', kind: 'amount', effect: 'deny', intentKinds: ['transfer', 'contract_call'], limit: { usd: '50000' } },
  { id: 'big', kind: 'amount', effect: 'review', intentKinds: ['transfer', 'contract_call'], limit: { usd: '10000' } },
  {
    id: 'daily',
    kind: 'window',
    effect: 'deny',
    per: 'user',
    intentKinds: ['transfer', 'contract_call'],
    windowSeconds: 86_400,
    limit: { usd: '25000' },
  },
];

function policy(rules: PolicyRuleInput[] = []) {
  const parsed = parsePolicyDocument({ version: 3, rules: [...BASE, ...rules] });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compilePolicy(parsed.document);
}

const facts = (over: Partial<Facts> = {}): Facts => ({
  windowTotals: {},
  now: new Date('2026-01-01T00:00:00Z'),
  destination: { isContract: true, isContractOnOtherChains: [], seenBefore: true, pastCounterparties: [] },
  ...over,
});

/** A raw router call declaring nothing (as an attacker sends it). */
function routerCall(exposure?: Exposure, over: Partial<Intent> = {}): Intent {
  return {
    chainId: CHAIN,
    from: SIGNER,
    kind: 'contract_call',
    amount: 0n,
    to: ROUTER,
    call: { contract: ROUTER, selector: '0x38ed1739', args: [] },
    userId: 'u1',
    apiKeyId: 'key_1',
    ...(exposure ? { exposure } : {}),
    ...over,
  };
}

const outflow = (asset: IntentAsset, amount: bigint, usd8?: bigint): Exposure => ({
  assets: [{ asset, known: true, outflow: amount, allowance: 0n }],
  allowances: [],
  ...(usd8 !== undefined ? { usd8 } : {}),
});

function decide(p: ReturnType<typeof policy>, intent: Intent, f: Facts = facts()) {
  const d = evaluate(p, intent, f);
  expect(evaluateReference(p, intent, f)).toEqual(d);
  return d;
}
const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe('valuation by exposure', () => {
  it('a raw router swap of 60,000 tUSD declaring nothing is denied by the per-transaction limit once its outflow is known', () => {
    const p = policy();
    // Before simulation it looks like nothing moves...
    expect(decide(p, routerCall()).outcome).toBe('allow');
    // ...its simulation shows 60,000 tUSD leaving the treasury.
    const d = decide(p, routerCall(outflow(TUSD, tusd(60_000), usd(60_000))));
    expect(d.outcome).toBe('deny');
    expect(codes(d)).toEqual(['amount_over_tx_limit', 'window_limit_exceeded']);
    expect(d.reasons[0]!.message).toContain('what it can move out of Keel');
  });

  it('review threshold and windows count the exposure; the window charge is the exposed value', () => {
    const p = policy();
    const d = decide(p, routerCall(outflow(TUSD, tusd(12_000), usd(12_000))));
    expect(d.outcome).toBe('review');
    expect(codes(d)).toEqual(['review_threshold']);
    expect(d.charges).toEqual([expect.objectContaining({ rule: 'daily', amount: usd(12_000) })]);
    const full = decide(
      p,
      routerCall(outflow(TUSD, tusd(9_000), usd(9_000))),
      facts({ windowTotals: { 'daily|usd|user=u1': { sum: usd(20_000), count: 3 } } }),
    );
    expect(codes(full)).toEqual(['window_limit_exceeded']);
  });

  it('the larger of declared and exposed value is judged (a declared amount is never discounted)', () => {
    const p = policy();
    const declared: Intent = {
      ...routerCall(outflow(TUSD, tusd(100), usd(100))),
      asset: TUSD,
      amount: tusd(20_000),
      amountUsd8: usd(20_000),
    };
    expect(codes(decide(p, declared))).toEqual(['review_threshold']);
  });

  it('an exposed asset without a usable price makes USD limits answer price_unavailable', () => {
    const p = policy();
    const d = decide(p, routerCall(outflow(WETH, 10n ** 18n)));
    expect(d.outcome).toBe('deny');
    expect(codes(d)).toEqual(['price_unavailable', 'price_unavailable']);
  });

  it('every exposed asset must pass the asset gate (an unknown token is named by address only)', () => {
    const p = policy();
    const unknown: IntentAsset = { symbol: A(0x9999), address: A(0x9999), decimals: 0 };
    const e: Exposure = { assets: [{ asset: unknown, known: false, outflow: 5n, allowance: 0n }], allowances: [] };
    expect(codes(decide(p, routerCall(e)))).toContain('asset_not_allowed');
  });

  it('base-unit limits count only the exposed assets they name', () => {
    const p = policy([
      { id: 'tusd-cap', kind: 'amount', effect: 'deny', assets: ['tUSD'], limit: { baseUnits: String(tusd(1_000)) } },
    ]);
    const e: Exposure = {
      assets: [
        { asset: TUSD, known: true, outflow: tusd(600), allowance: tusd(500) },
        { asset: WETH, known: true, outflow: 10n ** 20n, allowance: 0n },
      ],
      allowances: [],
      usd8: usd(1_000),
    };
    const d = decide(p, routerCall(e));
    expect(d.reasons).toEqual([
      expect.objectContaining({
        code: 'amount_over_tx_limit',
        rule: 'tusd-cap',
        message: expect.stringContaining('1100'),
      }),
    ]);
  });
});

describe('allowances', () => {
  const approval = (spender: string, amount: bigint | null, usd8?: bigint): Exposure => ({
    assets: amount === null ? [] : [{ asset: TUSD, known: true, outflow: 0n, allowance: amount }],
    allowances: [
      {
        asset: TUSD,
        owner: SIGNER,
        spender: spender as `0x${string}`,
        amount,
        ...(usd8 !== undefined ? { usd8 } : {}),
      },
    ],
    ...(usd8 !== undefined ? { usd8 } : {}),
  });
  const approveCall = (e: Exposure, spender = ROUTER, amount = 1n): Intent => ({
    ...routerCall(e),
    to: TUSD.address!,
    call: { contract: TUSD.address!, selector: '0x095ea7b3', args: [spender, amount] },
  });
  const caps: PolicyRuleInput[] = [
    { id: 'router-cap', kind: 'allowance', effect: 'allow', spenders: [ROUTER], limit: { usd: '20000' } },
  ];

  it('an allowance needs an allowance rule naming its spender', () => {
    const d = decide(policy(), approveCall(approval(ROUTER, tusd(10), usd(10))));
    expect(codes(d)).toEqual(['approve_spender_not_allowed']);
  });

  it('an allowance within the cap passes and counts against windows; above the cap it is denied', () => {
    const p = policy(caps);
    const ok = decide(p, approveCall(approval(ROUTER, tusd(5_000), usd(5_000))));
    expect(ok.outcome).toBe('allow');
    expect(ok.allowedBy).toContain('router-cap');
    expect(ok.charges).toEqual([expect.objectContaining({ rule: 'daily', amount: usd(5_000) })]);
    const over = decide(p, approveCall(approval(ROUTER, tusd(1_000_000), usd(1_000_000))));
    expect(over.outcome).toBe('deny');
    expect(codes(over)).toEqual(expect.arrayContaining(['approval_over_cap', 'amount_over_tx_limit']));
  });

  it('2^128 − 1 and 1e30 are valued (and refused) like any amount; unlimited and setApprovalForAll are refused outright', () => {
    const p = policy([
      {
        id: 'router-cap',
        kind: 'allowance',
        effect: 'allow',
        spenders: [ROUTER],
        limit: { baseUnits: String(tusd(1_000_000)) },
        assets: ['tUSD'],
      },
    ]);
    expect(codes(decide(p, approveCall(approval(ROUTER, 2n ** 128n - 1n, undefined))))).toContain('approval_over_cap');
    expect(codes(decide(p, approveCall(approval(ROUTER, 10n ** 30n, undefined))))).toContain('approval_over_cap');
    expect(codes(decide(p, approveCall(approval(ROUTER, 2n ** 256n - 1n, undefined))))).toContain('approve_unlimited');
    expect(codes(decide(p, approveCall(approval(ROUTER, null))))).toContain('approve_unlimited');
  });

  it('an allowance to a spender granted inside another call (no approve selector) is still judged', () => {
    const p = policy(caps);
    const d = decide(p, routerCall(approval(A(0xbad), tusd(1), usd(1))));
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'approve_spender_not_allowed', message: expect.stringContaining(A(0xbad)) }),
    ]);
  });
});

describe('intent kinds', () => {
  it('capability kinds are judged by their own rules, not by raw-transfer limits; unscoped rules apply to all', () => {
    const p = policy([
      { id: 'swap-max', kind: 'amount', effect: 'deny', intentKinds: ['swap'], limit: { usd: '100000' } },
      { id: 'dead', kind: 'destination', effect: 'deny', addresses: [A(0xdead)] },
    ]);
    const swap = routerCall(outflow(TUSD, tusd(60_000), usd(60_000)), { kind: 'swap' });
    expect(decide(p, swap).outcome).toBe('allow');
    expect(codes(decide(p, { ...swap, exposure: outflow(TUSD, tusd(150_000), usd(150_000)) }))).toEqual([
      'amount_over_tx_limit',
    ]);
    const refundToDead: Intent = {
      ...routerCall(),
      kind: 'refund',
      to: A(0xdead),
      call: undefined,
      asset: TUSD,
      amount: 1n,
      amountUsd8: 1n,
    };
    expect(codes(decide(p, refundToDead))).toEqual(['destination_denied']);
  });

  it('a refund has the shape of a transfer (destination checks apply)', () => {
    const p = policy([{ id: 'poison', kind: 'address_lookalike', effect: 'deny' }]);
    const payer = '0xabcd111111111111111111111111111111119f9f';
    const twin = '0xABCD222222222222222222222222222222229F9F' as `0x${string}`;
    const refund: Intent = {
      chainId: CHAIN,
      from: SIGNER,
      kind: 'refund',
      asset: TUSD,
      amount: tusd(1),
      amountUsd8: usd(1),
      to: twin,
      userId: 'u',
      apiKeyId: 'k',
    };
    expect(
      codes(
        decide(
          p,
          refund,
          facts({
            destination: {
              isContract: false,
              isContractOnOtherChains: [],
              seenBefore: false,
              pastCounterparties: [payer],
            },
          }),
        ),
      ),
    ).toEqual(['address_lookalike']);
  });

  it('a raw call (or transfer) to a reserved contract is refused with its capability code; the capability itself is not', () => {
    const p = policy();
    const reserved = new Map([[ROUTER.toLowerCase(), 'use_swaps_api' as const]]);
    const d = decide(p, routerCall(), facts({ reservedContracts: reserved }));
    expect(codes(d)).toEqual(['use_swaps_api']);
    expect(decide(p, routerCall(undefined, { kind: 'swap' }), facts({ reservedContracts: reserved })).outcome).toBe(
      'allow',
    );
  });
});

describe('per-counterparty windows and unreceivable destinations', () => {
  it('many users paying one address add up in a counterparty window (structuring)', () => {
    const p = policy([
      {
        id: 'cp',
        kind: 'window',
        effect: 'review',
        per: 'counterparty',
        windowSeconds: 86_400,
        limit: { usd: '10000' },
      },
    ]);
    const pay = (user: string): Intent => ({
      chainId: CHAIN,
      from: SIGNER,
      kind: 'transfer',
      asset: TUSD,
      amount: tusd(9_999),
      amountUsd8: usd(9_999),
      to: ALICE,
      userId: user,
      apiKeyId: 'k',
    });
    const cpKeys = (i: Intent) =>
      windowNeeds(p, i)
        .map((n) => n.key)
        .filter((k) => k.startsWith('cp|'));
    expect(cpKeys(pay('u1'))).toEqual([`cp|usd|counterparty=${CHAIN}:${ALICE.toLowerCase()}`]);
    expect(cpKeys(pay('u2'))).toEqual(cpKeys(pay('u1')));
    const key = `cp|usd|counterparty=${CHAIN}:${ALICE.toLowerCase()}`;
    expect(decide(p, pay('u1')).outcome).toBe('allow');
    const second = decide(p, pay('u2'), facts({ windowTotals: { [key]: { sum: usd(9_999), count: 1 } } }));
    expect(second.outcome).toBe('review');
    expect(codes(second)).toEqual(['window_limit_exceeded']);
  });

  it('a transfer to a token contract (or to the token itself) or native coin to a contract refusing it is flagged', () => {
    const p = policy([{ id: 'sink', kind: 'destination_unreceivable', effect: 'deny' }]);
    const send = (to: `0x${string}`, asset = TUSD): Intent => ({
      chainId: CHAIN,
      from: SIGNER,
      kind: 'transfer',
      asset,
      amount: 1n,
      amountUsd8: 1n,
      to,
      userId: 'u',
      apiKeyId: 'k',
    });
    expect(codes(decide(p, send(TUSD.address!)))).toEqual(['destination_unreceivable']);
    expect(
      codes(
        decide(
          p,
          send(A(0x7777)),
          facts({
            destination: {
              isContract: true,
              isContractOnOtherChains: [],
              seenBefore: true,
              pastCounterparties: [],
              isToken: true,
            },
          }),
        ),
      ),
    ).toEqual(['destination_unreceivable']);
    const eth: IntentAsset = { symbol: 'ETH', address: null, decimals: 18 };
    expect(
      codes(
        decide(
          p,
          send(A(0x7777), eth),
          facts({
            destination: {
              isContract: true,
              isContractOnOtherChains: [],
              seenBefore: true,
              pastCounterparties: [],
              rejectsNative: true,
            },
          }),
        ),
      ),
    ).toEqual(['destination_unreceivable']);
    expect(decide(p, send(ALICE)).outcome).toBe('allow');
  });
});
