import { maxUint256 } from 'viem';
import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile.ts';
import { parsePolicyDocument, type PolicyDocumentInput, type PolicyRuleInput } from './document.ts';
import { evaluate, evaluateReference, windowNeeds } from './evaluate.ts';
import type { Facts, Intent } from './types.ts';

const A = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as `0x${string}`;
const TUSD = A(0x7001);
const ROUTER = A(0x8001);
const SIGNER = A(0x5001);
const ALICE = A(0xa11ce);
const CHAIN = 31337;

const BASE: PolicyRuleInput[] = [
  { id: 'chains', kind: 'chain', effect: 'allow', chainIds: [CHAIN] },
  { id: 'assets', kind: 'asset', effect: 'allow', chainIds: [CHAIN], assets: ['tUSD', 'native'] },
];

function policy(rules: PolicyRuleInput[], withBase = true, version = 7) {
  const doc: PolicyDocumentInput = { version, rules: withBase ? [...BASE, ...rules] : rules };
  const parsed = parsePolicyDocument(doc);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return compilePolicy(parsed.document);
}

function transfer(over: Partial<Intent> = {}): Intent {
  return {
    chainId: CHAIN,
    from: SIGNER,
    kind: 'transfer',
    asset: { symbol: 'tUSD', address: TUSD, decimals: 6 },
    amount: 100_000_000n, // 100 tUSD
    amountUsd8: 100_00000000n,
    to: ALICE,
    userId: 'u1',
    apiKeyId: 'key_1',
    ...over,
  };
}

function approveCall(spender: string, amount: bigint | boolean, selector = '0x095ea7b3'): Intent {
  return {
    ...transfer(),
    kind: 'contract_call',
    asset: undefined,
    amount: 0n,
    amountUsd8: undefined,
    to: TUSD,
    call: { contract: TUSD, selector, args: [spender, amount] },
  };
}

function facts(
  over: Omit<Partial<Facts>, 'destination'> & { destination?: Partial<Facts['destination']> } = {},
): Facts {
  const { destination, ...rest } = over;
  return {
    windowTotals: {},
    now: new Date('2025-01-01T00:00:00Z'),
    ...rest,
    destination: {
      isContract: false,
      isContractOnOtherChains: [],
      seenBefore: true,
      pastCounterparties: [],
      ...destination,
    },
  };
}

/** Evaluates with both evaluators and insists they agree. */
function decide(p: ReturnType<typeof policy>, intent: Intent, f: Facts = facts()) {
  const d = evaluate(p, intent, f);
  expect(evaluateReference(p, intent, f)).toEqual(d);
  return d;
}
const codes = (d: { reasons: { code: string }[] }) => d.reasons.map((r) => r.code);

describe('evaluate: gates and precedence', () => {
  it('denies everything under an empty policy with no_rule_allows', () => {
    const d = decide(policy([], false), transfer());
    expect(d).toMatchObject({ outcome: 'deny', policyVersion: 7 });
    expect(codes(d)).toEqual(['no_rule_allows']);
    expect(d.reasons[0]!.userMessage).toBe('This transaction is not allowed.');
  });

  it('allows an allowlisted chain + asset and names the allowing rules', () => {
    const d = decide(policy([]), transfer());
    expect(d).toEqual({
      outcome: 'allow',
      reasons: [],
      policyVersion: 7,
      allowedBy: ['chains', 'assets'],
      charges: [],
    });
  });

  it('chain allowlist: another chain is denied', () => {
    const d = decide(policy([]), transfer({ chainId: 1 }));
    expect(codes(d)).toEqual(['chain_not_allowed', 'asset_not_allowed']);
  });

  it('asset allowlist per chain: by symbol, by address, native', () => {
    const p = policy([]);
    expect(codes(decide(p, transfer({ asset: { symbol: 'tEUR', address: A(0x7002), decimals: 6 } })))).toEqual([
      'asset_not_allowed',
    ]);
    expect(decide(p, transfer({ asset: { symbol: 'ETH', address: null, decimals: 18 } })).outcome).toBe('allow');
    const byAddr = policy([
      { id: 'eur', kind: 'asset', effect: 'allow', assets: [A(0x7002).toUpperCase().replace('0X', '0x')] },
    ]);
    expect(decide(byAddr, transfer({ asset: { symbol: 'tEUR', address: A(0x7002), decimals: 6 } })).outcome).toBe(
      'allow',
    );
  });

  it('a matching deny wins over allows, review over allow, deny over review', () => {
    const p = policy([
      { id: 'deny-u9', kind: 'chain', effect: 'deny', chainIds: [CHAIN], users: ['u9'] },
      { id: 'review-key2', kind: 'asset', effect: 'review', assets: ['tUSD'], apiKeys: ['key_2'] },
    ]);
    expect(decide(p, transfer({ userId: 'u9' })).outcome).toBe('deny');
    const r = decide(p, transfer({ apiKeyId: 'key_2' }));
    expect(r.outcome).toBe('review');
    expect(r.reasons).toEqual([expect.objectContaining({ code: 'review_required', rule: 'review-key2' })]);
    const both = decide(p, transfer({ userId: 'u9', apiKeyId: 'key_2' }));
    expect(both.outcome).toBe('deny');
    expect(codes(both)).toEqual(['chain_not_allowed']); // only the winning outcome's reasons
  });

  it('scope filters: a rule for other users, sessions, signers or kinds does not apply', () => {
    const p = policy([
      {
        id: 'cap',
        kind: 'amount',
        effect: 'deny',
        limit: { usd: '1' },
        sessions: ['s1'],
        signers: [SIGNER.toUpperCase().replace('0X', '0x')],
        intentKinds: ['transfer'],
      },
    ]);
    expect(decide(p, transfer()).outcome).toBe('allow'); // no session
    expect(decide(p, transfer({ sessionId: 's2' })).outcome).toBe('allow');
    expect(decide(p, transfer({ sessionId: 's1' })).outcome).toBe('deny');
    expect(decide(p, transfer({ sessionId: 's1', from: A(0x5002) })).outcome).toBe('allow');
  });

  it('rejects malformed intents with invalid_intent', () => {
    const p = policy([]);
    expect(codes(decide(p, transfer({ amount: -1n })))).toEqual(['invalid_intent']);
    expect(codes(decide(p, transfer({ asset: undefined })))).toEqual(['invalid_intent']);
    expect(codes(decide(p, { ...transfer(), kind: 'contract_call' }))).toEqual(['invalid_intent']);
    expect(codes(decide(p, transfer({ to: '0x1234' as `0x${string}` })))).toEqual(['invalid_intent']);
  });

  it('uses a rule-level userMessage instead of the standard one', () => {
    const p = policy([
      {
        id: 'big',
        kind: 'amount',
        effect: 'review',
        limit: { usd: '50' },
        userMessage: 'Large payments are checked within one business day.',
      },
    ]);
    const d = decide(p, transfer());
    expect(d.reasons[0]).toMatchObject({
      code: 'review_threshold',
      userMessage: 'Large payments are checked within one business day.',
    });
  });
});

describe('evaluate: contract calls', () => {
  const p = policy([
    {
      id: 'tusd',
      kind: 'contract',
      effect: 'allow',
      contracts: [TUSD],
      functions: [{ selector: 'approve(address,uint256)', spenders: [ROUTER] }, 'transfer(address,uint256)'],
    },
    { id: 'router', kind: 'contract', effect: 'allow', contracts: [ROUTER], functions: ['*'] },
    {
      id: 'vault',
      kind: 'contract',
      effect: 'allow',
      contracts: [A(0x9001)],
      functions: [
        {
          selector: 'deposit(uint256,address)',
          args: [
            { index: 0, max: '1000' },
            { index: 1, oneOf: [SIGNER] },
          ],
        },
      ],
    },
  ]);

  it('allows a listed function with an allowlisted spender and a bounded amount', () => {
    expect(decide(p, approveCall(ROUTER, 5_000_000n))).toMatchObject({
      outcome: 'allow',
      allowedBy: ['chains', 'tusd'],
    });
  });
  it('denies an approve to a spender that is not allowlisted', () => {
    expect(codes(decide(p, approveCall(A(0xbad), 1n)))).toEqual(['approve_spender_not_allowed']);
  });
  it('denies unlimited approvals (max uint256 and beyond 2^128) and setApprovalForAll(true)', () => {
    expect(codes(decide(p, approveCall(ROUTER, maxUint256)))).toEqual(['approve_unlimited']);
    expect(codes(decide(p, approveCall(ROUTER, 1n << 130n)))).toEqual(['approve_unlimited']);
    const nft = policy([
      {
        id: 'nft',
        kind: 'contract',
        effect: 'allow',
        contracts: [TUSD],
        functions: [{ selector: 'setApprovalForAll(address,bool)', spenders: [ROUTER] }],
      },
    ]);
    expect(codes(decide(nft, approveCall(ROUTER, true, '0xa22cb465')))).toEqual(['approve_unlimited']);
    expect(decide(nft, approveCall(ROUTER, false, '0xa22cb465')).outcome).toBe('allow');
  });
  it('"*" allows any function but never an approval', () => {
    const call = {
      ...approveCall(ROUTER, 1n),
      to: ROUTER,
      call: { contract: ROUTER, selector: '0x38ed1739', args: [] },
    };
    expect(decide(p, call).outcome).toBe('allow');
    const approve = {
      ...approveCall(TUSD, 1n),
      to: ROUTER,
      call: { contract: ROUTER, selector: '0x095ea7b3', args: [TUSD, 1n] },
    };
    expect(codes(decide(p, approve))).toEqual(['selector_not_allowed']);
  });
  it('denies unknown contracts and unlisted selectors', () => {
    const other = {
      ...approveCall(ROUTER, 1n),
      to: A(0xeeee),
      call: { contract: A(0xeeee), selector: '0x095ea7b3', args: [ROUTER, 1n] },
    };
    expect(codes(decide(p, other))).toEqual(['contract_not_allowed']);
    const mint = { ...approveCall(ROUTER, 1n), call: { contract: TUSD, selector: '0x40c10f19', args: [] } };
    expect(codes(decide(p, mint))).toEqual(['selector_not_allowed']);
  });
  it('checks argument constraints', () => {
    const dep = (amount: bigint, receiver: string) => ({
      ...approveCall(ROUTER, 1n),
      to: A(0x9001),
      call: { contract: A(0x9001), selector: '0x6e553f65', args: [amount, receiver] },
    });
    expect(decide(p, dep(1000n, SIGNER)).outcome).toBe('allow');
    expect(codes(decide(p, dep(1001n, SIGNER)))).toEqual(['argument_not_allowed']);
    expect(codes(decide(p, dep(1n, ALICE)))).toEqual(['argument_not_allowed']);
  });
  it('contract deny and review rules', () => {
    const q = policy([
      { id: 'all', kind: 'contract', effect: 'allow', contracts: [TUSD], functions: ['*'] },
      {
        id: 'no-transfer',
        kind: 'contract',
        effect: 'deny',
        contracts: [TUSD],
        functions: ['transfer(address,uint256)'],
      },
      { id: 'check', kind: 'contract', effect: 'review', contracts: [TUSD] },
    ]);
    const t = { ...approveCall(ROUTER, 1n), call: { contract: TUSD, selector: '0xa9059cbb', args: [ALICE, 1n] } };
    expect(codes(decide(q, t))).toEqual(['contract_not_allowed']);
    const other = { ...t, call: { contract: TUSD, selector: '0x12345678', args: [] } };
    expect(decide(q, other)).toMatchObject({
      outcome: 'review',
      reasons: [{ code: 'review_required', rule: 'check' }],
    });
  });
});

describe('evaluate: amounts and windows', () => {
  it('per-transaction limit in base units and in USD; review threshold', () => {
    const p = policy([
      { id: 'max-units', kind: 'amount', effect: 'deny', assets: ['tUSD'], limit: { baseUnits: '500000000' } },
      { id: 'max-usd', kind: 'amount', effect: 'deny', limit: { usd: '1000' } },
      { id: 'review-usd', kind: 'amount', effect: 'review', limit: { usd: '250' } },
    ]);
    expect(decide(p, transfer()).outcome).toBe('allow');
    expect(decide(p, transfer({ amount: 300_000_000n, amountUsd8: 300_00000000n }))).toMatchObject({
      outcome: 'review',
      reasons: [{ code: 'review_threshold' }],
    });
    const big = decide(p, transfer({ amount: 600_000_000n, amountUsd8: 600_00000000n }));
    expect(big.reasons).toEqual([
      expect.objectContaining({
        code: 'amount_over_tx_limit',
        rule: 'max-units',
        userMessage: 'This payment is larger than the limit for a single transfer.',
      }),
    ]);
    expect(codes(decide(p, transfer({ amount: 400_000_000n, amountUsd8: 1000_00000001n })))).toEqual([
      'amount_over_tx_limit',
    ]);
  });

  it('a USD limit without a usable price is not skipped: price_unavailable', () => {
    const p = policy([{ id: 'max-usd', kind: 'amount', effect: 'deny', limit: { usd: '1000' } }]);
    expect(codes(decide(p, transfer({ amountUsd8: undefined })))).toEqual(['price_unavailable']);
  });

  it('rolling window sums per user / key / session / org, with charges to reserve', () => {
    const p = policy([
      { id: 'user-day', kind: 'window', effect: 'deny', per: 'user', windowSeconds: 86_400, limit: { usd: '1000' } },
      {
        id: 'key-day',
        kind: 'window',
        effect: 'deny',
        per: 'apiKey',
        windowSeconds: 86_400,
        assets: ['tUSD'],
        limit: { baseUnits: '5000000000' },
      },
      {
        id: 'session-hour',
        kind: 'window',
        effect: 'review',
        per: 'session',
        windowSeconds: 3_600,
        limit: { usd: '150' },
      },
      { id: 'org-day', kind: 'window', effect: 'deny', per: 'org', windowSeconds: 86_400, limit: { usd: '100000' } },
    ]);
    const needs = windowNeeds(p, transfer());
    expect(needs).toEqual([
      { key: 'user-day|usd|user=u1', windowSeconds: 86_400 },
      { key: `key-day|${CHAIN}:${TUSD}|apiKey=key_1`, windowSeconds: 86_400 },
      { key: 'org-day|usd|org=*', windowSeconds: 86_400 },
    ]);
    const ok = decide(
      p,
      transfer(),
      facts({ windowTotals: { 'user-day|usd|user=u1': { sum: 900_00000000n, count: 3 } } }),
    );
    expect(ok.outcome).toBe('allow');
    expect(ok.charges.map((c) => [c.key, c.amount, c.maxSum, c.onExceed])).toEqual([
      ['user-day|usd|user=u1', 100_00000000n, 1000_00000000n, 'deny'],
      [`key-day|${CHAIN}:${TUSD}|apiKey=key_1`, 100_000_000n, 5_000_000_000n, 'deny'],
      ['org-day|usd|org=*', 100_00000000n, 100000_00000000n, 'deny'],
    ]);
    const over = decide(
      p,
      transfer(),
      facts({ windowTotals: { 'user-day|usd|user=u1': { sum: 900_00000001n, count: 3 } } }),
    );
    expect(over).toMatchObject({
      outcome: 'deny',
      charges: [],
      reasons: [{ code: 'window_limit_exceeded', rule: 'user-day' }],
    });
    const session = decide(
      p,
      transfer({ sessionId: 'sess_1' }),
      facts({ windowTotals: { 'session-hour|usd|session=sess_1': { sum: 60_00000000n, count: 1 } } }),
    );
    expect(session).toMatchObject({
      outcome: 'review',
      reasons: [{ code: 'window_limit_exceeded', rule: 'session-hour' }],
    });
    expect(session.charges).toHaveLength(4);
  });

  it('velocity counts every intent in scope, zero-amount calls included', () => {
    const p = policy([{ id: 'burst', kind: 'velocity', effect: 'deny', per: 'user', windowSeconds: 60, maxCount: 3 }]);
    expect(
      decide(p, transfer(), facts({ windowTotals: { 'burst|count|user=u1': { sum: 0n, count: 2 } } })).outcome,
    ).toBe('allow');
    const d = decide(p, transfer(), facts({ windowTotals: { 'burst|count|user=u1': { sum: 0n, count: 3 } } }));
    expect(codes(d)).toEqual(['velocity_exceeded']);
    expect(windowNeeds(p, transfer({ amount: 0n }))).toEqual([{ key: 'burst|count|user=u1', windowSeconds: 60 }]);
  });
});

describe('evaluate: destinations', () => {
  const p = (rules: PolicyRuleInput[]) => policy(rules);
  it('deny-list covers the recipient, the called contract and address arguments', () => {
    const q = p([
      { id: 'sanctions', kind: 'destination', effect: 'deny', addresses: [A(0xdead)] },
      { id: 'tusd', kind: 'contract', effect: 'allow', contracts: [TUSD], functions: ['transfer(address,uint256)'] },
    ]);
    expect(codes(decide(q, transfer({ to: A(0xdead) })))).toEqual(['destination_denied']);
    const viaCall = {
      ...approveCall(ROUTER, 1n),
      call: { contract: TUSD, selector: '0xa9059cbb', args: [A(0xdead), 1n] },
    };
    expect(codes(decide(q, viaCall))).toEqual(['destination_denied']);
  });
  it('a destination allowlist in scope turns recipients into a gate', () => {
    const q = p([{ id: 'payees', kind: 'destination', effect: 'allow', addresses: [ALICE], users: ['u1'] }]);
    expect(decide(q, transfer()).allowedBy).toContain('payees');
    expect(codes(decide(q, transfer({ to: A(0xb0b) })))).toEqual(['destination_not_allowed']);
    expect(decide(q, transfer({ to: A(0xb0b), userId: 'u2' })).outcome).toBe('allow');
  });
  it('first-time destination review and cooling period', () => {
    const q = p([
      { id: 'new', kind: 'first_time_destination', effect: 'review' },
      { id: 'cool', kind: 'destination_cooling', effect: 'deny', coolingSeconds: 86_400 },
    ]);
    const now = new Date('2025-01-02T00:00:00Z');
    expect(
      decide(
        q,
        transfer(),
        facts({ now, destination: { seenBefore: true, firstSeenAt: new Date('2024-12-01T00:00:00Z') } }),
      ).outcome,
    ).toBe('allow');
    expect(
      codes(
        decide(
          q,
          transfer(),
          facts({ now, destination: { seenBefore: true, firstSeenAt: new Date('2025-01-01T12:00:00Z') } }),
        ),
      ),
    ).toEqual(['destination_cooling']);
    expect(codes(decide(q, transfer(), facts({ now, destination: { seenBefore: false } })))).toEqual([
      'destination_cooling',
    ]);
    const r = decide(
      p([{ id: 'new', kind: 'first_time_destination', effect: 'review' }]),
      transfer(),
      facts({ destination: { seenBefore: false } }),
    );
    expect(r).toMatchObject({ outcome: 'review', reasons: [{ code: 'first_time_destination' }] });
    expect(r.reasons[0]!.userMessage).toMatch(/first payment to this recipient/);
  });
  it('contract-vs-EOA: transfers to contracts unless excepted; calls are not affected', () => {
    const q = p([{ id: 'eoa-only', kind: 'destination_contract', effect: 'deny', except: [A(0x9001)] }]);
    expect(codes(decide(q, transfer(), facts({ destination: { isContract: true } })))).toEqual([
      'destination_is_contract',
    ]);
    expect(decide(q, transfer({ to: A(0x9001) }), facts({ destination: { isContract: true } })).outcome).toBe('allow');
    const calls = policy([
      { id: 'eoa-only', kind: 'destination_contract', effect: 'deny' },
      {
        id: 'tusd',
        kind: 'contract',
        effect: 'allow',
        contracts: [TUSD],
        functions: [{ selector: 'approve(address,uint256)', spenders: [ROUTER] }],
      },
    ]);
    expect(decide(calls, approveCall(ROUTER, 1n), facts({ destination: { isContract: true } })).outcome).toBe('allow');
  });
  it('address poisoning: same first/last hex characters as a past counterparty, different address', () => {
    const q = p([{ id: 'poison', kind: 'address_lookalike', effect: 'deny' }]);
    const real = '0xabcd111111111111111111111111111111119f9f';
    const fake = '0xABCD222222222222222222222222222222229F9F' as `0x${string}`;
    expect(
      codes(decide(q, transfer({ to: fake }), facts({ destination: { pastCounterparties: [A(1), real] } }))),
    ).toEqual(['address_lookalike']);
    expect(
      decide(q, transfer({ to: real as `0x${string}` }), facts({ destination: { pastCounterparties: [real] } }))
        .outcome,
    ).toBe('allow');
    expect(
      decide(
        q,
        transfer({ to: fake }),
        facts({ destination: { pastCounterparties: ['0xabcd11111111111111111111111111111111ffff'] } }),
      ).outcome,
    ).toBe('allow');
  });
  it('wrong network: a contract on another configured chain but not on this one', () => {
    const q = p([{ id: 'net', kind: 'wrong_network', effect: 'deny' }]);
    const d = decide(q, transfer(), facts({ destination: { isContract: false, isContractOnOtherChains: [31338] } }));
    expect(d.reasons).toEqual([
      expect.objectContaining({ code: 'wrong_network', message: expect.stringContaining('31338') }),
    ]);
    expect(
      decide(q, transfer(), facts({ destination: { isContract: true, isContractOnOtherChains: [31338] } })).outcome,
    ).toBe('allow');
  });
});

describe('evaluate: determinism', () => {
  it('gives identical decisions for identical inputs, reasons in rule order', () => {
    const p = policy([
      { id: 'z-last', kind: 'wrong_network', effect: 'deny' },
      { id: 'a-first', kind: 'amount', effect: 'deny', limit: { usd: '1' } },
    ]);
    const f = facts({ destination: { isContractOnOtherChains: [2] } });
    const first = decide(p, transfer(), f);
    for (let i = 0; i < 20; i++) expect(evaluate(p, transfer(), f)).toEqual(first);
    expect(first.reasons.map((r) => r.rule)).toEqual(['z-last', 'a-first']);
  });
});
