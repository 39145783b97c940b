import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveWindows } from '../src/policy/windows-store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestKeel, testConfig, type TestKeel } from './helpers/keel.ts';

// The chain's only RPC endpoint is a closed port: the policy surface never needs the chain.
const USDC = '0x5FbDB2315678afecb367f032d93F642f64180aa3';
const SPENDER = '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512';
const FROM = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const TO = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

const v1 = {
  description: 'test policy',
  rules: [
    { id: 'chains', kind: 'chain', effect: 'allow', chainIds: [31337] },
    { id: 'assets', kind: 'asset', effect: 'allow', chainIds: [31337], assets: ['USDC', 'native'] },
    { id: 'tx-max', kind: 'amount', effect: 'deny', assets: ['USDC'], limit: { baseUnits: '1000000000' } },
    { id: 'tx-review', kind: 'amount', effect: 'review', assets: ['USDC'], limit: { baseUnits: '500000000' } },
    {
      id: 'daily',
      kind: 'window',
      effect: 'deny',
      per: 'user',
      windowSeconds: 86_400,
      assets: ['USDC'],
      limit: { baseUnits: '1500000000' },
    },
    { id: 'usd-cap', kind: 'amount', effect: 'deny', assets: ['native'], limit: { usd: '10000' } },
    {
      id: 'router',
      kind: 'contract',
      effect: 'allow',
      contracts: [USDC],
      functions: [{ selector: 'approve(address,uint256)', spenders: [SPENDER] }],
    },
  ],
};

const config = testConfig({
  chains: {
    '31337': {
      name: 'Nowhere',
      rpcUrls: ['http://127.0.0.1:9'],
      assets: [{ symbol: 'USDC', address: USDC, decimals: 6 }],
    },
  },
  policy: { document: v1 },
});

describe('policy API: versions, proposals, approvals, dry runs', () => {
  let db: TestDatabase;
  let keel: TestKeel;
  let writer: string;
  let writer2: string;
  let approvers: string[];
  let writerApprover: string;

  beforeAll(async () => {
    db = await testDatabase();
    keel = await startTestKeel(config, db);
    writer = await keel.tokenWith(['policy:write']);
    writer2 = await keel.tokenWith(['policy:write']);
    approvers = [
      await keel.tokenWith(['policy:approve']),
      await keel.tokenWith(['policy:approve']),
      await keel.tokenWith(['policy:approve']),
    ];
    writerApprover = await keel.tokenWith(['policy:write', 'policy:approve']);
  });
  afterAll(async () => {
    await keel?.stop();
    await db?.close();
  });

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await fetch(`${keel.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
  const active = async () => (await call('GET', '/v1/policy', writer)).body;
  /** Proposes `rules` on top of the active document. */
  const propose = async (token: string, edit: (rules: any[]) => any[], note?: string) => {
    const cur = await active();
    return call('POST', '/v1/policy/proposals', token, {
      document: { ...cur.document, rules: edit(structuredClone(cur.document.rules)) },
      ...(note ? { note } : {}),
    });
  };
  const transfer = (amount: string, extra: Record<string, unknown> = {}) => ({
    chainId: 31337,
    kind: 'transfer',
    from: FROM,
    to: TO,
    asset: 'USDC',
    amount,
    userId: 'u1',
    ...extra,
  });

  it('serves the configured policy as version 1, active', async () => {
    const p = await active();
    expect(p).toMatchObject({
      object: 'policy',
      version: 1,
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      activatedAt: expect.any(String),
    });
    expect(p.document.rules.map((r: any) => r.id)).toEqual(v1.rules.map((r) => r.id));
    const versions = await call('GET', '/v1/policy/versions', writer);
    expect(versions.body.data).toHaveLength(1);
    expect(versions.body.data[0]).toMatchObject({ version: 1, status: 'active', source: 'config' });
  });

  it('runs a proposal through approvals to activation, with diff, audit and events', async () => {
    const p = await propose(
      writer,
      (rules) => [
        ...rules
          .filter((r) => r.id !== 'usd-cap')
          .map((r) => (r.id === 'tx-max' ? { ...r, limit: { baseUnits: '2000000000' } } : r)),
        { id: 'new-dest', kind: 'first_time_destination', effect: 'review' },
      ],
      'raise the limit',
    );
    expect(p.status).toBe(201);
    const prop = p.body;
    expect(prop).toMatchObject({
      object: 'policy_version',
      status: 'proposed',
      version: 2,
      baseVersion: 1,
      note: 'raise the limit',
      approvals: [],
      approvalsRequired: 2,
    });
    expect(prop.diff).toMatchObject({
      added: [{ id: 'new-dest', kind: 'first_time_destination' }],
      removed: [{ id: 'usd-cap' }],
      changed: [
        {
          id: 'tx-max',
          kind: 'amount',
          fields: [{ field: 'limit', before: { baseUnits: '1000000000' }, after: { baseUnits: '2000000000' } }],
        },
      ],
      summary: { added: 1, removed: 1, changed: 1, unchanged: 5 },
    });
    // not active yet; visible in the approvers' queue
    expect((await active()).version).toBe(1);
    const queue = await call('GET', '/v1/policy/proposals?status=proposed', approvers[0]!);
    expect(queue.body.data.map((x: any) => x.id)).toEqual([prop.id]);

    const a1 = await call('POST', `/v1/policy/proposals/${prop.id}/approve`, approvers[0]!, { note: 'ok' });
    expect(a1.status).toBe(200);
    expect(a1.body).toMatchObject({ status: 'proposed', approvals: [{ decision: 'approve', note: 'ok' }] });
    expect((await active()).version).toBe(1);
    const a2 = await call('POST', `/v1/policy/proposals/${prop.id}/approve`, approvers[1]!, {});
    expect(a2.status).toBe(200);
    expect(a2.body).toMatchObject({ status: 'active', activatedAt: expect.any(String) });
    expect(a2.body.approvals).toHaveLength(2);
    expect((await active()).version).toBe(2);
    const all = (await call('GET', '/v1/policy/versions', writer)).body.data;
    expect(all.map((v: any) => [v.version, v.status])).toEqual([
      [2, 'active'],
      [1, 'superseded'],
    ]);
    expect((await call('GET', '/v1/policy/versions/1', writer)).body.supersededAt).toEqual(expect.any(String));

    // a third approval after activation is refused, nothing changes
    const a3 = await call('POST', `/v1/policy/proposals/${prop.id}/approve`, approvers[2]!, {});
    expect(a3).toMatchObject({ status: 409, body: { code: 'proposal_closed' } });

    const audit = (await call('GET', '/v1/audit-log?limit=500', keel.adminToken)).body.data
      .filter((e: any) => e.subject === prop.id)
      .sort((a: any, b: any) => a.seq - b.seq);
    expect(audit.map((e: any) => e.action)).toEqual([
      'policy.proposed',
      'policy.approved',
      'policy.approved',
      'policy.activated',
    ]);
    // Events become visible once every older transaction on the (shared) server has ended.
    let events: any[] = [];
    const until = Date.now() + 60_000; // bounded by time, not tries: a loaded machine answers more slowly
    for (let tries = 0; events.length < 2 && (tries === 0 || Date.now() < until); tries++) {
      if (tries) await new Promise((r) => setTimeout(r, 100));
      events = (await call('GET', '/v1/events?type=policy.proposed,policy.activated', keel.adminToken)).body.data;
    }
    expect(events.map((e: any) => [e.type, e.data.object.id, e.data.object.status])).toEqual([
      ['policy.proposed', prop.id, 'proposed'],
      ['policy.activated', prop.id, 'active'],
    ]);
  });

  it('refuses self-approval, a second decision by the same key, and bad documents', async () => {
    const p = (await propose(writerApprover, (rules) => rules.filter((r) => r.id !== 'new-dest'))).body;
    const self = await call('POST', `/v1/policy/proposals/${p.id}/approve`, writerApprover, {});
    expect(self).toMatchObject({ status: 403, body: { code: 'self_approval' } });
    expect((await call('POST', `/v1/policy/proposals/${p.id}/approve`, approvers[0]!, {})).status).toBe(200);
    const twice = await call('POST', `/v1/policy/proposals/${p.id}/approve`, approvers[0]!, {});
    expect(twice).toMatchObject({ status: 409, body: { code: 'already_decided' } });
    const still = await call('GET', `/v1/policy/proposals/${p.id}`, approvers[1]!);
    expect(still.body).toMatchObject({ status: 'proposed', approvals: [{ decision: 'approve' }] });

    // reject closes it; later decisions are refused
    expect((await call('POST', `/v1/policy/proposals/${p.id}/reject`, approvers[1]!, {})).status).toBe(422); // a note is required
    const rej = await call('POST', `/v1/policy/proposals/${p.id}/reject`, approvers[1]!, { note: 'not now' });
    expect(rej.body).toMatchObject({ status: 'rejected', decidedAt: expect.any(String) });
    expect((await call('POST', `/v1/policy/proposals/${p.id}/approve`, approvers[2]!, {})).body.code).toBe(
      'proposal_closed',
    );
    expect((await active()).version).toBe(2);
    const audit = (await call('GET', '/v1/audit-log?limit=500', keel.adminToken)).body.data
      .filter((e: any) => e.subject === p.id)
      .sort((a: any, b: any) => a.seq - b.seq);
    expect(audit.map((e: any) => e.action)).toEqual(['policy.proposed', 'policy.approved', 'policy.rejected']);

    const bad = await propose(writer, (rules) => {
      rules[3].limit = { usd: '-5' };
      return [...rules, { ...rules[0] }];
    });
    expect(bad.status).toBe(422);
    const fields = bad.body.errors.map((e: any) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining([expect.stringMatching(/^body\.document\.rules\.3\.limit/), 'body.document.rules.7.id']),
    );
    const unchanged = await propose(writer, (rules) => rules);
    expect(unchanged).toMatchObject({ status: 422, body: { code: 'policy_unchanged' } });
    expect((await call('GET', '/v1/policy/proposals/polv_nope', approvers[0]!)).status).toBe(404);
  });

  it('refuses to activate a proposal whose base version is no longer active', async () => {
    const a = (
      await propose(writer, (rules) =>
        rules.map((r) => (r.id === 'tx-review' ? { ...r, limit: { baseUnits: '400000000' } } : r)),
      )
    ).body;
    const b = (
      await propose(writer2, (rules) =>
        rules.map((r) => (r.id === 'tx-review' ? { ...r, limit: { baseUnits: '300000000' } } : r)),
      )
    ).body;
    expect(a.baseVersion).toBe(2);
    expect(b.baseVersion).toBe(2);
    await call('POST', `/v1/policy/proposals/${a.id}/approve`, approvers[0]!, {});
    expect((await call('POST', `/v1/policy/proposals/${a.id}/approve`, approvers[1]!, {})).body.status).toBe('active');
    expect((await call('POST', `/v1/policy/proposals/${b.id}/approve`, approvers[0]!, {})).status).toBe(200);
    const stale = await call('POST', `/v1/policy/proposals/${b.id}/approve`, approvers[1]!, {});
    expect(stale).toMatchObject({ status: 409, body: { code: 'stale_proposal' } });
    // nothing of the refused approval was kept
    const bNow = (await call('GET', `/v1/policy/proposals/${b.id}`, approvers[0]!)).body;
    expect(bNow).toMatchObject({ status: 'proposed', approvals: [{ decision: 'approve' }] });
    expect((await active()).version).toBe(a.version);
  });

  it('checks scopes', async () => {
    const none = await keel.tokenWith(['events:read']);
    expect((await call('GET', '/v1/policy', none)).status).toBe(403);
    expect((await call('GET', '/v1/policy', approvers[0]!)).body).toMatchObject({
      code: 'forbidden',
      requiredScope: 'policy:write',
    });
    expect((await call('POST', '/v1/policy/evaluate', approvers[0]!, transfer('1'))).status).toBe(403);
    expect((await call('POST', '/v1/policy/proposals', approvers[0]!, { document: { rules: [] } })).status).toBe(403);
    expect((await call('GET', '/v1/policy/proposals', writer)).status).toBe(403);
    const p = (await call('GET', '/v1/policy/versions?status=rejected', writer)).body.data[0];
    expect((await call('POST', `/v1/policy/proposals/${p.id}/approve`, writer2, {})).status).toBe(403);
  });

  it('evaluates intents without reserving: allow, review, deny with reason codes', async () => {
    const ev = (body: unknown, q = '') => call('POST', `/v1/policy/evaluate${q}`, writer, body);
    const seen = { facts: { seenBefore: true } };
    const allow = await ev(transfer('10', seen));
    expect(allow.status).toBe(200);
    expect(allow.body).toMatchObject({
      object: 'policy_decision',
      outcome: 'allow',
      reasons: [],
      intent: { baseUnits: '10000000', asset: { symbol: 'USDC', decimals: 6 } },
    });
    expect(allow.body.policyVersion).toBe((await active()).version);
    // first-time destination (the default fact) goes to review
    const first = await ev(transfer('10'));
    expect(first.body).toMatchObject({
      outcome: 'review',
      reasons: [{ code: 'first_time_destination', rule: 'new-dest', userMessage: expect.any(String) }],
    });
    const big = await ev(transfer('450', seen));
    expect(big.body).toMatchObject({ outcome: 'review', reasons: [{ code: 'review_threshold', rule: 'tx-review' }] });
    const over = await ev(transfer('2000.000001', seen));
    expect(over.body.outcome).toBe('deny');
    expect(over.body.reasons.map((r: any) => [r.code, r.rule])).toEqual([
      ['amount_over_tx_limit', 'tx-max'],
      ['window_limit_exceeded', 'daily'],
    ]);
    expect(over.body.reasons[0].userMessage).toMatch(/limit/);
    const gas = await ev({ ...transfer('1', seen), asset: 'native' });
    expect(gas.body).toMatchObject({
      outcome: 'allow',
      intent: { asset: { symbol: 'ETH', address: null, decimals: 18 }, baseUnits: '1000000000000000000' },
    });
    const elsewhere = await ev({
      ...transfer('1', seen),
      to: USDC,
      facts: { seenBefore: true, isContractOnOtherChains: [1] },
    });
    expect(elsewhere.body.outcome).toBe('allow'); // no wrong_network rule in this policy

    // window totals are read (usage reserved elsewhere counts), nothing is reserved by dry runs
    await reserveWindows(
      db.db,
      allow.body.charges.map((c: any) => ({
        ...c,
        amount: 1_400_000_000n,
        maxSum: BigInt(c.maxSum),
        maxCount: undefined,
      })),
      { ref: 'tx_test' },
    );
    for (let i = 0; i < 2; i++) {
      const w = await ev(transfer('200', seen));
      expect(w.body).toMatchObject({ outcome: 'deny', reasons: [{ code: 'window_limit_exceeded', rule: 'daily' }] });
      expect(Object.values(w.body.windowTotals)).toEqual([{ sum: '1400000000', count: 1 }]);
    }
    expect((await ev(transfer('200', { userId: 'u2', ...seen }))).body.outcome).toBe('allow');

    // contract call: approvals to an allowlisted spender for a bounded amount only
    const approve = (spender: string, amount: string) => ({
      chainId: 31337,
      kind: 'contract_call',
      from: FROM,
      to: USDC,
      call: { function: 'approve(address,uint256)', args: [spender, amount] },
      facts: { seenBefore: true, isContract: true },
    });
    expect((await ev(approve(SPENDER, '1000'))).body.outcome).toBe('allow');
    expect((await ev(approve(TO, '1000'))).body.reasons.map((r: any) => r.code)).toContain(
      'approve_spender_not_allowed',
    );
    expect((await ev(approve(SPENDER, (2n ** 256n - 1n).toString()))).body.reasons.map((r: any) => r.code)).toContain(
      'approve_unlimited',
    );
  });

  it('previews a proposal with ?proposal= and uses facts overrides', async () => {
    const p = (await propose(writer, (rules) => rules.filter((r) => r.id !== 'new-dest'))).body;
    const body = transfer('10');
    expect((await call('POST', '/v1/policy/evaluate', writer, body)).body.outcome).toBe('review');
    const preview = await call('POST', `/v1/policy/evaluate?proposal=${p.id}`, writer, body);
    expect(preview.body).toMatchObject({ outcome: 'allow', policyVersion: p.version });
  });

  it('answers 422 with field paths for bad intents', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [transfer('1.0000001'), 'body.amount'],
      [transfer('0'), 'body.amount'],
      [transfer('-1'), 'body.amount'],
      [transfer((2n ** 256n).toString()), 'body.amount'],
      [transfer('1', { to: '0x1234' }), 'body.to'],
      [transfer('1', { from: '0x70997970c51812dc3A010C7d01b50e0d17dc79C8' }), 'body.from'],
      [transfer('1', { chainId: 1 }), 'body.chainId'],
      [transfer('1', { asset: 'DOGE' }), 'body.asset'],
      [{ ...transfer('1'), asset: undefined }, 'body.asset'],
      [
        {
          chainId: 31337,
          kind: 'contract_call',
          from: FROM,
          to: USDC,
          call: { function: 'approve(address,uint256)', args: ['0x12', '1'] },
        },
        'body.call.args.0',
      ],
      [
        {
          chainId: 31337,
          kind: 'contract_call',
          from: FROM,
          to: USDC,
          call: { function: 'approve(address', args: [] },
        },
        'body.call.function',
      ],
      [{ chainId: 31337, kind: 'contract_call', from: FROM, to: USDC }, 'body.call'],
    ];
    for (const [body, field] of cases) {
      const r = await call('POST', '/v1/policy/evaluate', writer, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.code).toBe('validation_failed');
      expect(
        r.body.errors.map((e: any) => e.field),
        JSON.stringify(body),
      ).toContain(field);
    }
  });

  it.runIf(process.env.DATABASE_URL)(
    'counts racing approvals one after the other: one activation, none lost (Postgres)',
    async () => {
      const keys = [...approvers, await keel.tokenWith(['policy:approve'])];
      for (let round = 0; round < 3; round++) {
        const p = (
          await propose(writer, (rules) =>
            rules.map((r) => (r.id === 'tx-review' ? { ...r, limit: { baseUnits: String(100_000_000 + round) } } : r)),
          )
        ).body;
        const results = await Promise.all(keys.map((k) => call('POST', `/v1/policy/proposals/${p.id}/approve`, k, {})));
        const ok = results.filter((r) => r.status === 200);
        expect(ok).toHaveLength(2);
        expect(results.filter((r) => r.status === 409).every((r) => r.body.code === 'proposal_closed')).toBe(true);
        const now = (await call('GET', `/v1/policy/proposals/${p.id}`, keys[0]!)).body;
        expect(now).toMatchObject({ status: 'active' });
        expect(now.approvals).toHaveLength(2);
        expect((await active()).version).toBe(p.version);
        const activeRows = await db.db
          .selectFrom('policy_versions')
          .select('id')
          .where('status', '=', 'active')
          .execute();
        expect(activeRows).toHaveLength(1);
      }
      // two proposals on the same base racing to activate: exactly one wins, the other is stale
      const [x, y] = [
        (await propose(writer, (r) => r.slice(0, -1))).body,
        (await propose(writer2, (r) => r.slice(1))).body,
      ];
      await Promise.all([
        call('POST', `/v1/policy/proposals/${x.id}/approve`, keys[0]!, {}),
        call('POST', `/v1/policy/proposals/${y.id}/approve`, keys[0]!, {}),
      ]);
      const last = await Promise.all([
        call('POST', `/v1/policy/proposals/${x.id}/approve`, keys[1]!, {}),
        call('POST', `/v1/policy/proposals/${y.id}/approve`, keys[1]!, {}),
      ]);
      expect(last.map((r) => r.status).sort()).toEqual([200, 409]);
      expect(last.find((r) => r.status === 409)!.body.code).toBe('stale_proposal');
    },
  );
});
