import { readFileSync } from 'node:fs';
import { createPublicClient, createWalletClient, http, parseUnits, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { erc20Abi } from '../src/contracts/abis.ts';
import { users } from '../src/devnet/accounts.ts';
import { createMetricsRegistry, repeatsSegment } from '../src/lib/metrics.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api } from './helpers/pipeline.ts';
import { startReceiver, waitFor, type Receiver } from './helpers/webhook-receiver.ts';

/**
 * Issue 14, metrics: the series a running Keel (API and workers, one anvil chain with the demo
 * world) serves on /metrics — their names, the payments and webhook delivery series seen
 * moving with real deposits and real HTTP deliveries, and the Grafana dashboard in
 * docs/grafana/keel.json, every metric of which must exist here.
 */

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
let receiver: Receiver;
let releaseSecond: () => void = () => {};
const secondHeld = new Promise<void>((r) => {
  releaseSecond = r;
});

let releaseHeld: () => void = () => {};
const heldAnswered = new Promise<void>((r) => {
  releaseHeld = r;
});

interface Scrape {
  /** Metric families by name, with their type (`# TYPE`). */
  types: Map<string, string>;
  /** Sum of the samples named `name` whose labels include `labels`. */
  value(name: string, labels?: Record<string, string>): number;
}

/** Reads /metrics and parses the Prometheus text format (enough of it for these assertions). */
async function scrape(): Promise<Scrape> {
  const res = await fetch(`${base}/metrics`);
  expect(res.status).toBe(200);
  const text = await res.text();
  const types = new Map<string, string>();
  const samples: Array<{ name: string; labels: Record<string, string>; value: number }> = [];
  for (const line of text.split('\n')) {
    const t = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (t) types.set(t[1]!, t[2]!);
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`unparsed line: ${line}`);
    const labels = Object.fromEntries(
      [...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1]!, l[2]!]),
    );
    samples.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  return {
    types,
    value: (name, labels = {}) =>
      samples
        .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((a, s) => a + s.value, 0),
  };
}

/** The sample names a family of this type serves. */
function seriesOf(name: string, type: string): string[] {
  if (type === 'histogram') return [`${name}_bucket`, `${name}_sum`, `${name}_count`];
  if (type === 'summary') return [name, `${name}_sum`, `${name}_count`];
  return [name];
}

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
  // First attempt of each delivery: 500; the second is held until the test has looked at the queue.
  // At /held: held, then 500.
  receiver = await startReceiver((r, n) =>
    r.path === '/held'
      ? { status: 500, after: heldAnswered }
      : n === 0
        ? { status: 500 }
        : { status: 200, after: secondHeld },
  );
  const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
    pipeline: { pollIntervalMs: 100 },
    // No sweep during the test: confirmed deposits stay in the backlog.
    payments: { depositFactory: chain.world.contracts.depositFactory, tickMs: 100, sweep: { intervalSeconds: 3600 } },
    chains: { [chain.chainId]: { confirmations: 2, pollIntervalMs: 100 } },
    webhooks: {
      allowHttp: true,
      allowPrivateNetworks: true,
      retryScheduleSeconds: [0, 0.2, 0.4],
      jitter: 0,
      pollIntervalMs: 50,
    },
  });
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
}, 90_000);

afterAll(async () => {
  releaseSecond();
  releaseHeld();
  await keel?.stop();
  await receiver?.close();
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('series names', () => {
  it("are Keel's (keel_…) or the runtime's standard ones (process_…, nodejs_…), none with a prefix twice", async () => {
    const { types } = await scrape();
    const defaults = new Set((await createMetricsRegistry({ defaults: true }).getMetricsAsJSON()).map((m) => m.name));
    expect(defaults.size).toBeGreaterThan(20);
    const names = [...types.keys()];
    for (const d of defaults) expect(names, d).toContain(d);
    for (const n of names) {
      expect(repeatsSegment(n), n).toBe(false);
      if (!defaults.has(n)) expect(n).toMatch(/^keel_[a-z0-9_]+$/);
    }
    expect(names.filter((n) => n.startsWith('keel_process_'))).toEqual([]);
    // The series, present from the start.
    for (const n of [
      'keel_payment_intents',
      'keel_payment_detection_lag_seconds',
      'keel_payment_sweep_backlog_deposits',
      'keel_payment_sweep_backlog_amount',
      'keel_webhook_attempts_total',
      'keel_webhook_attempt_failures_total',
      'keel_webhook_deliveries_pending',
      'keel_webhook_oldest_pending_delivery_age_seconds',
    ])
      expect(names, n).toContain(n);
  });
});

describe('the Grafana dashboard (docs/grafana/keel.json)', () => {
  const dashboard = JSON.parse(readFileSync('docs/grafana/keel.json', 'utf8'));
  const exprs: string[] = [
    ...dashboard.panels.flatMap((p: any) => (p.targets ?? []).map((t: any) => t.expr as string)),
    ...dashboard.templating.list.flatMap((v: any) => (v.type === 'query' ? [v.query.query as string] : [])),
  ];
  const metricsIn = (e: string) => [...e.matchAll(/\b(?:keel|process|nodejs)_[a-z0-9_]+\b/g)].map((m) => m[0]);

  it('has a Prometheus data source variable that every panel and query uses', () => {
    const ds = dashboard.templating.list.find((v: any) => v.type === 'datasource');
    expect(ds).toMatchObject({ name: 'datasource', query: 'prometheus' });
    for (const p of dashboard.panels.filter((x: any) => x.type !== 'row')) {
      expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
      for (const t of p.targets) expect(t.datasource, p.title).toEqual({ type: 'prometheus', uid: '${datasource}' });
    }
  });

  it('queries only series a running Keel serves, and only labels they carry (it cannot drift from the code)', async () => {
    const { types } = await scrape();
    const served = new Map<string, string>();
    for (const [family, type] of types) for (const s of seriesOf(family, type)) served.set(s, family);
    expect(exprs.length).toBeGreaterThan(30);
    const used = new Set<string>();
    for (const e of exprs) {
      const names = metricsIn(e);
      expect(names.length, `no metric in ${e}`).toBeGreaterThan(0);
      // Labels an expression groups by or matches on: the families it reads must carry them.
      const labels = new Set(
        [...e.matchAll(/\b(?:by|on)\s*\(([^)]*)\)/g), ...e.matchAll(/\{([^}]*)\}/g)].flatMap((m) =>
          [...m[1]!.matchAll(/(\w+)\s*(?:=~|!=|!~|=|,|$)/g)].map((l) => l[1]!),
        ),
      );
      const carried = new Set(['job', 'instance', 'le']);
      for (const n of names) {
        const family = served.get(n);
        expect(family, `${n} (in ${e}) is not on /metrics`).toBeDefined();
        used.add(family!);
        const metric = keel.metrics.getSingleMetric(family!) as unknown as { labelNames?: string[] } | undefined;
        for (const l of metric?.labelNames ?? []) carried.add(l);
      }
      for (const l of labels) expect(carried.has(l), `label ${l} in ${e}`).toBe(true);
    }
    // Every area the issue names is on the dashboard.
    for (const prefix of [
      'keel_http_',
      'keel_pipeline_transactions',
      'keel_rpc_endpoint_up',
      'keel_chain_watcher_',
      'keel_webhook_',
      'keel_payment_',
    ])
      expect(
        [...used].some((f) => f.startsWith(prefix)),
        prefix,
      ).toBe(true);
  });
});

describe('webhook delivery series', () => {
  it('count attempts by outcome and failures by reason, and show the queue while a delivery waits', async () => {
    const before = await scrape();
    const created = await api(base, token, 'POST', '/v1/webhook-endpoints', {
      url: `${receiver.url}/hook`,
      eventTypes: ['breaker.reset'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sent = await api(base, token, 'POST', `/v1/webhook-endpoints/${created.body.id}/test`);
    expect(sent.status, JSON.stringify(sent.body)).toBe(202);

    // The first attempt failed (500); the second is in flight, held by the receiver.
    await waitFor(() => receiver.received.length >= 2, 'the second attempt');
    const during = await waitFor(async () => {
      const s = await scrape();
      return s.value('keel_webhook_attempts_total', { outcome: 'retried' }) >
        before.value('keel_webhook_attempts_total', { outcome: 'retried' })
        ? s
        : undefined;
    }, 'the failed attempt recorded');
    const delta = (s: Scrape, name: string, labels: Record<string, string>) =>
      s.value(name, labels) - before.value(name, labels);
    expect(delta(during, 'keel_webhook_attempts_total', { outcome: 'retried' })).toBe(1);
    expect(delta(during, 'keel_webhook_attempts_total', { outcome: 'delivered' })).toBe(0);
    expect(delta(during, 'keel_webhook_attempt_failures_total', { reason: 'http_5xx' })).toBe(1);
    expect(during.value('keel_webhook_deliveries_pending', { state: 'delivering' })).toBe(1);
    expect(during.value('keel_webhook_deliveries_pending')).toBe(1);
    expect(during.value('keel_webhook_oldest_pending_delivery_age_seconds')).toBeGreaterThan(0);

    releaseSecond();
    const after = await waitFor(async () => {
      const s = await scrape();
      return delta(s, 'keel_webhook_attempts_total', { outcome: 'delivered' }) === 1 ? s : undefined;
    }, 'the delivery recorded');
    expect(delta(after, 'keel_webhook_attempts_total', { outcome: 'retried' })).toBe(1);
    expect(delta(after, 'keel_webhook_attempts_total', { outcome: 'failed' })).toBe(0);
    expect(after.value('keel_webhook_deliveries_pending')).toBe(0);
    expect(after.value('keel_webhook_oldest_pending_delivery_age_seconds')).toBe(0);
    // Every failed attempt is counted once with its reason.
    expect(after.value('keel_webhook_attempt_failures_total')).toBe(
      after.value('keel_webhook_attempts_total', { outcome: 'retried' }) +
        after.value('keel_webhook_attempts_total', { outcome: 'failed' }),
    );
  });

  it('count the deliveries of a disabled endpoint as held, out of the age; a deleted endpoint has none', async () => {
    const created = await api(base, token, 'POST', '/v1/webhook-endpoints', {
      url: `${receiver.url}/held`,
      eventTypes: ['breaker.reset'],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const path = `/v1/webhook-endpoints/${created.body.id}`;
    expect((await api(base, token, 'POST', `${path}/test`)).status).toBe(202);
    await waitFor(() => receiver.received.some((r) => r.path === '/held'), 'the attempt in flight');
    // Disabled while its attempt is in flight; the attempt then fails: the delivery waits for the endpoint.
    expect((await api(base, token, 'PATCH', path, { status: 'disabled' })).status).toBe(200);
    releaseHeld();
    const held = await waitFor(async () => {
      const s = await scrape();
      return s.value('keel_webhook_deliveries_pending', { state: 'held' }) === 1 ? s : undefined;
    }, 'the delivery held');
    expect(held.value('keel_webhook_deliveries_pending')).toBe(1);
    expect(held.value('keel_webhook_oldest_pending_delivery_age_seconds')).toBe(0);
    expect(held.value('keel_webhook_attempt_failures_total')).toBe(
      held.value('keel_webhook_attempts_total', { outcome: 'retried' }) +
        held.value('keel_webhook_attempts_total', { outcome: 'failed' }),
    );
    expect((await api(base, token, 'DELETE', path)).status).toBeLessThan(300);
    expect((await scrape()).value('keel_webhook_deliveries_pending')).toBe(0);
  });
});

describe('payments series', () => {
  const client = () => createPublicClient({ transport: http(chain.rpcUrl) });
  const mine = (n: number) =>
    client().request({ method: 'anvil_mine' as 'eth_chainId', params: [`0x${n.toString(16)}`] as never });
  const intent = async (amount: string) => {
    const r = await api(base, token, 'POST', '/v1/payment-intents', { asset: 'tUSD', amount });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body;
  };
  const getIntent = async (id: string) => (await api(base, token, 'GET', `/v1/payment-intents/${id}`)).body;

  it('count intents by status, observe the detection lag of each deposit, and show the unswept backlog', async () => {
    const paid = await intent('25');
    await intent('10');
    const cancelled = await intent('5');
    expect((await api(base, token, 'POST', `/v1/payment-intents/${cancelled.id}/cancel`, {})).status).toBe(200);
    const start = await scrape();
    expect(start.value('keel_payment_intents', { status: 'requires_payment' })).toBe(2);
    expect(start.value('keel_payment_intents', { status: 'cancelled' })).toBe(1);
    expect(start.value('keel_payment_detection_lag_seconds_count')).toBe(0);

    const wallet = createWalletClient({
      account: privateKeyToAccount(users[0]!.privateKey),
      transport: http(chain.rpcUrl),
      chain: {
        id: chain.chainId,
        name: 't',
        nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
        rpcUrls: { default: { http: [chain.rpcUrl] } },
      },
    });
    const hash = await wallet.writeContract({
      address: chain.world.contracts.tUSD,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [paid.depositAddress as Address, parseUnits('25', 6)],
    });
    await client().waitForTransactionReceipt({ hash });

    const seen = await waitFor(async () => {
      const pi = await getIntent(paid.id);
      return pi.payments.length === 1 ? pi : undefined;
    }, 'the deposit recorded');
    const s = await scrape();
    const labels = { chain_id: String(chain.chainId) };
    expect(s.value('keel_payment_detection_lag_seconds_count', labels)).toBe(1);
    // The lag is what the deposit itself shows: recorded (seenAt) minus its block's time.
    const d = seen.payments[0];
    const lag = (Date.parse(d.seenAt) - Date.parse(d.blockTime)) / 1000;
    expect(lag).toBeGreaterThanOrEqual(0);
    expect(s.value('keel_payment_detection_lag_seconds_sum', labels)).toBeCloseTo(lag, 2);
    expect(s.value('keel_payment_detection_lag_seconds_bucket', { ...labels, le: '+Inf' })).toBe(1);

    // Final after its confirmations: succeeded, and in the backlog until a sweep takes it.
    await waitFor(async () => {
      await mine(1);
      return (await getIntent(paid.id)).status === 'succeeded';
    }, 'the intent succeeded');
    const end = await waitFor(async () => {
      const x = await scrape();
      return x.value('keel_payment_sweep_backlog_deposits', { ...labels, state: 'waiting' }) === 1 ? x : undefined;
    }, 'the backlog');
    expect(end.value('keel_payment_intents', { status: 'succeeded' })).toBe(1);
    expect(end.value('keel_payment_intents', { status: 'requires_payment' })).toBe(1);
    expect(end.value('keel_payment_intents', { status: 'processing' })).toBe(0);
    expect(end.value('keel_payment_intents')).toBe(3);
    expect(end.value('keel_payment_sweep_backlog_deposits', { ...labels, state: 'sweeping' })).toBe(0);
    expect(end.value('keel_payment_sweep_backlog_amount', { ...labels, asset: 'tUSD', state: 'waiting' })).toBe(25);
    // Still one observation: a deposit is observed when recorded, not again when confirmed.
    expect(end.value('keel_payment_detection_lag_seconds_count', labels)).toBe(1);
  });
});
