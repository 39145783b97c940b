import { Writable } from 'node:stream';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import {
  BaseError,
  ContractFunctionRevertedError,
  createPublicClient,
  encodeErrorResult,
  parseAbi,
  type Address,
  type Hex,
} from 'viem';
import { foundry } from 'viem/chains';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RpcPolicy } from '../config/schema.ts';
import { UpstreamError } from '../lib/errors.ts';
import { seededRng } from './endpoint-health.ts';
import { createChainMetrics } from './metrics.ts';
import { RpcAttemptError } from './rpc-http.ts';
import { anvilRpc, startAnvil, startFaultProxy, type Anvil, type FaultProxy } from './test-support.ts';
import { createRedundantTransport } from './transport.ts';
import type { RedundantTransportOptions } from './types.ts';

const CHAIN_ID = 31337;
// Deadlines and cooldowns are generous so that a loaded machine cannot make a healthy endpoint
// time out or a failed one recover mid-test; tests that need a timeout to fire set their own.
const POLICY: RpcPolicy = {
  timeoutMs: 10_000,
  maxAttempts: 4,
  backoffBaseMs: 10,
  backoffMaxMs: 50,
  maxConcurrencyPerEndpoint: 8,
  cooldownMs: 120_000,
  maxRetryAfterMs: 3_000,
};
const SEED = 20_240_601;

let anvil: Anvil;
const proxies: FaultProxy[] = [];
const closers: Array<() => void> = [];

beforeAll(async () => {
  anvil = await startAnvil({ chainId: CHAIN_ID });
  console.info(`transport tests: jitter seed ${SEED}`);
});

afterEach(async () => {
  for (const close of closers.splice(0)) close();
  await Promise.all(proxies.splice(0).map((p) => p.stop()));
});

afterAll(async () => {
  await anvil?.stop();
});

async function proxy(): Promise<FaultProxy> {
  const p = await startFaultProxy(anvil.url);
  proxies.push(p);
  return p;
}

function setup(urls: string[], overrides: Partial<RpcPolicy> = {}, extra: Partial<RedundantTransportOptions> = {}) {
  const registry = new Registry();
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logLines.push(String(chunk));
      cb();
    },
  });
  const rpc = createRedundantTransport({
    chainId: CHAIN_ID,
    urls,
    policy: { ...POLICY, ...overrides },
    metrics: createChainMetrics(registry),
    logger: pino({ level: 'debug' }, sink),
    rng: seededRng(SEED),
    ...extra,
  });
  closers.push(() => rpc.close());
  const client = createPublicClient({ chain: foundry, transport: rpc.transport, batch: { multicall: false } });
  const label = (i: number) => rpc.endpoints().find((e) => e.url.startsWith(new URL(urls[i]!).origin))!.url;
  return { registry, rpc, client, logLines, label };
}

/**
 * Two proxies in the transport's current try order, with their metric labels. Ranking follows
 * measured latency, and on a loaded machine the configured secondary can measure faster: a
 * test that faults "the primary" faults the one that is tried first now.
 */
function tryOrder(rpc: ReturnType<typeof setup>['rpc'], ...ps: FaultProxy[]) {
  const ranked = rpc
    .endpoints()
    .map((e) => ({ p: ps.find((x) => e.url.startsWith(new URL(x.url).origin))!, label: e.url }));
  return { first: ranked[0]!.p, second: ranked[1]!.p, firstLabel: ranked[0]!.label, secondLabel: ranked[1]!.label };
}

async function metric(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const m = registry.getSingleMetric(name);
  if (!m) return 0;
  const { values } = await m.get();
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

const elapsed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
  const started = performance.now();
  const out = await fn();
  return [out, performance.now() - started];
};

const blockNumber = (client: ReturnType<typeof setup>['client']) => client.getBlockNumber({ cacheTime: 0 });

describe('failover', () => {
  it('fails over from a dead primary to a live secondary and counts the error on the primary', async () => {
    const [a, b] = [await proxy(), await proxy()];
    a.setMode('die');
    const { client, registry, rpc, label } = setup([a.url, b.url]);
    expect(await blockNumber(client)).toBeGreaterThanOrEqual(0n);
    expect(await metric(registry, 'keel_rpc_errors_total', { endpoint: label(0), kind: 'network' })).toBe(1);
    expect(
      await metric(registry, 'keel_rpc_requests_total', {
        endpoint: label(1),
        method: 'eth_blockNumber',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(await metric(registry, 'keel_rpc_endpoint_up', { endpoint: label(0) })).toBe(0);
    expect(await metric(registry, 'keel_rpc_endpoint_up', { endpoint: label(1) })).toBe(1);
    expect(rpc.endpoints().map((e) => [e.url, e.status])).toEqual([
      [label(1), 'healthy'],
      [label(0), 'cooling'],
    ]);
  });

  it('honours 429 Retry-After on a single endpoint: waits about a second, then succeeds', async () => {
    const a = await proxy();
    const { client, rpc, registry, label } = setup([a.url]);
    expect((await rpc.verifyChainId()).ok).toBe(true);
    a.resetStats();
    a.setMode('429', { times: 1, retryAfter: '1' });
    const [n, ms] = await elapsed(() => blockNumber(client));
    expect(n).toBeGreaterThanOrEqual(0n);
    expect(ms).toBeGreaterThanOrEqual(950);
    expect(a.stats.methods).toEqual(['eth_blockNumber', 'eth_blockNumber']);
    expect(await metric(registry, 'keel_rpc_errors_total', { endpoint: label(0), kind: 'http_429' })).toBe(1);
  });

  it('goes to the other endpoint at once when one answers 429, and keeps off it while it cools down', async () => {
    const [a, b] = [await proxy(), await proxy()];
    const { client, rpc } = setup([a.url, b.url]);
    await rpc.verifyChainId();
    const { first, second } = tryOrder(rpc, a, b);
    first.resetStats();
    second.resetStats();
    first.setMode('429', { retryAfter: '1' });
    await blockNumber(client);
    // At once on the other endpoint: had it waited out the Retry-After, it would have asked the first again.
    expect([first.stats.httpRequests, second.stats.httpRequests]).toEqual([1, 1]);
    await blockNumber(client);
    expect([first.stats.httpRequests, second.stats.httpRequests]).toEqual([1, 2]);
  });

  it('fails over on 503 without Retry-After', async () => {
    const [a, b] = [await proxy(), await proxy()];
    const { client, rpc, registry } = setup([a.url, b.url]);
    await rpc.verifyChainId();
    const { first, firstLabel } = tryOrder(rpc, a, b);
    first.setMode('503');
    expect(await client.getChainId()).toBe(CHAIN_ID);
    expect(await metric(registry, 'keel_rpc_errors_total', { endpoint: firstLabel, kind: 'http_5xx' })).toBe(1);
    expect(await metric(registry, 'keel_rpc_http_requests_total', { endpoint: firstLabel, status: '503' })).toBe(1);
  });

  it('retries a JSON-RPC rate-limit error (-32005) on the next endpoint', async () => {
    const [a, b] = [await proxy(), await proxy()];
    const { client, rpc, registry } = setup([a.url, b.url]);
    await rpc.verifyChainId();
    const { first, firstLabel, secondLabel } = tryOrder(rpc, a, b);
    first.setMode('rpc_limit');
    expect(await blockNumber(client)).toBeGreaterThanOrEqual(0n);
    expect(await metric(registry, 'keel_rpc_errors_total', { endpoint: firstLabel, kind: 'rpc_overload' })).toBe(1);
    expect(
      await metric(registry, 'keel_rpc_requests_total', {
        endpoint: firstLabel,
        method: 'eth_blockNumber',
        outcome: 'failed',
      }),
    ).toBe(1);
    expect(
      await metric(registry, 'keel_rpc_requests_total', {
        endpoint: secondLabel,
        method: 'eth_blockNumber',
        outcome: 'ok',
      }),
    ).toBe(1);
  });

  it('fails over when the primary hangs past the timeout', async () => {
    const [a, b] = [await proxy(), await proxy()];
    // The deadline must also cover a healthy endpoint's answer on a loaded machine.
    const { client, rpc, registry } = setup([a.url, b.url], { timeoutMs: 2_000 });
    await rpc.verifyChainId();
    const { first, firstLabel } = tryOrder(rpc, a, b);
    first.setMode('hang');
    const [n, ms] = await elapsed(() => blockNumber(client));
    expect(n).toBeGreaterThanOrEqual(0n);
    // It waited out the deadline on the hanging endpoint (which never answers), then went on.
    expect(ms).toBeGreaterThanOrEqual(1_990);
    expect(await metric(registry, 'keel_rpc_errors_total', { endpoint: firstLabel, kind: 'timeout' })).toBe(1);
    expect(await metric(registry, 'keel_rpc_http_requests_total', { endpoint: firstLabel, status: 'timeout' })).toBe(1);
  });

  it('routes around an endpoint that dies mid-test and ranks it last', async () => {
    const [a, b] = [await proxy(), await proxy()];
    const { client, rpc, registry } = setup([a.url, b.url]);
    await rpc.verifyChainId();
    a.resetStats();
    b.resetStats();
    for (let i = 0; i < 5; i++) await blockNumber(client);
    expect(a.stats.httpRequests + b.stats.httpRequests).toBe(5);

    const { first, second, firstLabel, secondLabel } = tryOrder(rpc, a, b);
    const before = second.stats.httpRequests;
    await first.stop();
    for (let i = 0; i < 5; i++) await blockNumber(client);
    expect(second.stats.httpRequests - before).toBe(5);
    // Only the first request after the death touched the dead endpoint.
    expect(await metric(registry, 'keel_rpc_errors_total', { endpoint: firstLabel })).toBe(1);
    const eps = rpc.endpoints();
    expect(eps.map((e) => [e.url, e.rank, e.status])).toEqual([
      [secondLabel, 0, 'healthy'],
      [firstLabel, 1, 'cooling'],
    ]);
    expect(eps[1]?.lastError).toMatch(/network error/);
  });

  it('throws UpstreamError rpc_unavailable after maxAttempts when every endpoint is down, in bounded time', async () => {
    const [a, b] = [await proxy(), await proxy()];
    a.setMode('die');
    b.setMode('die');
    const { client } = setup([`${a.url}/v3/SECRETKEY`, `${b.url}/?apikey=TOPSECRET`]);
    const [err, ms] = await elapsed(() =>
      blockNumber(client).then(
        () => undefined,
        (e: unknown) => e,
      ),
    );
    expect(err).toBeInstanceOf(UpstreamError);
    const upstream = err as UpstreamError;
    expect(upstream.code).toBe('rpc_unavailable');
    expect(upstream.retryable).toBe(true);
    expect(upstream.message).toContain(`chain ${CHAIN_ID}`);
    expect(upstream.message).toContain('4 attempt(s) on 2 of 2 endpoint(s)');
    expect(upstream.message).not.toMatch(/SECRETKEY|TOPSECRET/);
    expect(upstream.cause).toBeInstanceOf(RpcAttemptError);
    expect(a.stats.httpRequests + b.stats.httpRequests).toBe(POLICY.maxAttempts);
    // Bounded: 4 attempts on local sockets plus at most three backoffs of <= 50 ms — far below
    // any wait a retry loop without a bound would reach (generous for a loaded machine).
    expect(ms).toBeLessThan(10_000);
  });
});

describe('wrong-network guard', () => {
  it('refuses an endpoint on another chain and never uses it afterwards', async () => {
    const [w, g] = [await proxy(), await proxy()];
    w.setMode('wrong_chain', { chainId: 1 });
    const { client, rpc, registry, logLines, label } = setup([w.url, g.url]);
    const report = await rpc.verifyChainId();
    expect(report).toEqual({
      chainId: CHAIN_ID,
      ok: true,
      endpoints: [
        { url: label(0), status: 'wrong_chain', actualChainId: 1 },
        { url: label(1), status: 'ok' },
      ],
    });
    for (let i = 0; i < 5; i++) await blockNumber(client);
    await rpc.verifyChainId();
    expect(w.stats.methods).toEqual(['eth_chainId']);
    expect(rpc.endpoints().find((e) => e.url === label(0))).toMatchObject({ status: 'wrong_chain', rank: null });
    expect(await metric(registry, 'keel_rpc_errors_total', { endpoint: label(0), kind: 'wrong_chain' })).toBe(1);
    const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>).find((l) => l.actualChainId === 1);
    expect(logged).toMatchObject({ level: 50, expectedChainId: CHAIN_ID, endpoint: label(0) });
  });

  it('checks an endpoint before its first use even without verifyChainId', async () => {
    const [w, g] = [await proxy(), await proxy()];
    w.setMode('wrong_chain', { chainId: 10 });
    const { client } = setup([w.url, g.url]);
    await blockNumber(client);
    await blockNumber(client);
    expect(w.stats.methods).toEqual(['eth_chainId']);
    expect(g.stats.methods).toEqual(['eth_chainId', 'eth_blockNumber', 'eth_blockNumber']);
  });

  it('reports a chain without a verified endpoint and fails its requests', async () => {
    const [w, d] = [await proxy(), await proxy()];
    w.setMode('wrong_chain', { chainId: 1 });
    await d.stop();
    const { client, rpc } = setup([w.url, d.url]);
    const report = await rpc.verifyChainId();
    expect(report.ok).toBe(false);
    expect(report.endpoints.map((e) => e.status)).toEqual(['wrong_chain', 'unreachable']);
    await expect(blockNumber(client)).rejects.toMatchObject({ code: 'rpc_unavailable' });
  });
});

describe('load shaping', () => {
  it('keeps at most maxConcurrencyPerEndpoint requests in flight', async () => {
    const a = await proxy();
    const { client, rpc } = setup([a.url], { maxConcurrencyPerEndpoint: 2 }, { batch: false });
    await rpc.verifyChainId();
    a.resetStats();
    // Slow enough that the two admitted requests overlap at the proxy even when the machine is loaded.
    a.setMode('slow', { delayMs: 150 });
    const addresses = Array.from({ length: 12 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address);
    const balances = await Promise.all(addresses.map((address) => client.getBalance({ address })));
    expect(balances).toEqual(addresses.map(() => 0n));
    expect(a.stats.httpRequests).toBe(12);
    expect(a.stats.maxInFlight).toBe(2);
  });

  it('batches parallel calls into far fewer HTTP requests', async () => {
    const a = await proxy();
    const { client, rpc, registry, label } = setup([a.url]);
    await rpc.verifyChainId();
    a.resetStats();
    const funded = (await anvilRpc(anvil.url, 'eth_accounts')) as Address[];
    const addresses = Array.from({ length: 50 }, (_, i) =>
      i < funded.length ? funded[i]! : (`0x${(i + 1).toString(16).padStart(40, '0')}` as Address),
    );
    const balances = await Promise.all(addresses.map((address) => client.getBalance({ address })));
    expect(balances.slice(0, funded.length).every((b) => b > 0n)).toBe(true);
    expect(balances.slice(funded.length).every((b) => b === 0n)).toBe(true);
    expect(a.stats.methods.filter((m) => m === 'eth_getBalance')).toHaveLength(50);
    expect(a.stats.httpRequests).toBeLessThanOrEqual(2);
    expect(
      await metric(registry, 'keel_rpc_requests_total', {
        endpoint: label(0),
        method: 'eth_getBalance',
        outcome: 'ok',
      }),
    ).toBe(50);
    expect(await metric(registry, 'keel_rpc_http_requests_total', { endpoint: label(0) })).toBe(
      a.stats.httpRequests + 1,
    );
  });

  it('splits a same-tick batch at 1 MiB of request body, so a server that caps bodies (anvil: 2 MiB) answers it all', async () => {
    const a = await proxy();
    const { client, rpc } = setup([a.url]);
    await rpc.verifyChainId();
    a.resetStats();
    // 30 calls of ~200 KB of JSON each (100 KB of calldata, hex): ~6 MB if sent as one batch.
    const to: Address = '0x00000000000000000000000000000000000b16b1';
    const data = `0x${'ab'.repeat(100_000)}` as Hex;
    const answers = await Promise.all(Array.from({ length: 30 }, () => client.call({ to, data })));
    expect(answers.every((r) => r.data === undefined)).toBe(true);
    expect(a.stats.methods.filter((m) => m === 'eth_call')).toHaveLength(30);
    // At most 5 such calls fit in 1 MiB: at least 6 POSTs, and still batched (fewer than 30).
    expect(a.stats.httpRequests).toBeGreaterThanOrEqual(6);
    expect(a.stats.httpRequests).toBeLessThan(30);
  });

  it('falls back to single requests on an endpoint that rejects batches', async () => {
    const a = await proxy();
    const { client, rpc } = setup([a.url]);
    await rpc.verifyChainId();
    a.resetStats();
    a.setMode('no_batch');
    const addresses = Array.from({ length: 5 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}` as Address);
    expect(await Promise.all(addresses.map((address) => client.getBalance({ address })))).toEqual([0n, 0n, 0n, 0n, 0n]);
    expect(a.stats.httpRequests).toBe(6);
    await Promise.all(addresses.map((address) => client.getBalance({ address })));
    // Learned: no second batch attempt.
    expect(a.stats.httpRequests).toBe(11);
    expect(rpc.endpoints()[0]).toMatchObject({ status: 'healthy', consecutiveFailures: 0 });
  });
});

describe('answers are not retried', () => {
  // Runtime code that reverts with Error("nope"): CODECOPY the payload after these 12 bytes, then REVERT.
  const reason = encodeErrorResult({ abi: parseAbi(['error Error(string)']), errorName: 'Error', args: ['nope'] });
  const payloadLength = (reason.length - 2) / 2;
  const len = payloadLength.toString(16).padStart(2, '0');
  const reverter = `0x60${len}600c600039` + `60${len}6000fd` + reason.slice(2);
  const target: Address = '0x00000000000000000000000000000000000c0de1';

  it('surfaces a revert as ContractFunctionRevertedError after exactly one request', async () => {
    await anvilRpc(anvil.url, 'anvil_setCode', [target, reverter as Hex]);
    const a = await proxy();
    const { client, rpc } = setup([a.url]);
    await rpc.verifyChainId();
    a.resetStats();
    const err = await client
      .readContract({
        address: target,
        abi: parseAbi(['function value() view returns (uint256)']),
        functionName: 'value',
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(BaseError);
    const reverted = (err as BaseError).walk((e) => e instanceof ContractFunctionRevertedError);
    expect(reverted).toBeInstanceOf(ContractFunctionRevertedError);
    expect((reverted as ContractFunctionRevertedError).reason).toBe('nope');
    expect(a.stats.methods).toEqual(['eth_call']);
  });

  /**
   * A fetch that records every request the transport sends (endpoint and methods) and holds the
   * first request carrying `method` until the transport's deadline aborts it: whichever endpoint
   * is tried first hangs, whatever the ranking. Both endpoints otherwise answer, so a retry of the
   * held call would succeed and be seen. Counting at the sender does not depend on when (or
   * whether) a proxy got to read an aborted request.
   */
  function holdFirst(method: string) {
    const sent: Array<{ url: string; methods: string[] }> = [];
    let held = false;
    const fetchFn: typeof fetch = (input, init) => {
      const body = JSON.parse(String(init?.body)) as { method: string } | Array<{ method: string }>;
      const methods = (Array.isArray(body) ? body : [body]).map((c) => c.method);
      sent.push({ url: String(input), methods });
      if (held || !methods.includes(method)) return fetch(input, init);
      held = true;
      const signal = init?.signal;
      return new Promise<Response>((_, reject) => {
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    };
    const deliveries = (of = method) => sent.filter((s) => s.methods.includes(of));
    return { fetchFn, deliveries };
  }

  it.each(['evm_mine', 'anvil_mine', 'evm_increaseTime', 'eth_sendTransaction'])(
    'does not retry a possibly delivered non-idempotent call (%s)',
    async (method) => {
      const [a, b] = [await proxy(), await proxy()];
      const { fetchFn, deliveries } = holdFirst(method);
      const { client, rpc } = setup([a.url, b.url], { timeoutMs: 1_000 }, { fetchFn });
      await rpc.verifyChainId();
      const params = method === 'evm_increaseTime' ? [1] : method === 'eth_sendTransaction' ? [{}] : undefined;
      const err = await client.request({ method, params } as never).then(
        (v: unknown) => ({ resolved: v }),
        (e: unknown) => e,
      );
      expect(err).toMatchObject({ code: 'rpc_outcome_unknown' });
      // Sent exactly once, to one endpoint: no second delivery anywhere.
      expect(deliveries()).toHaveLength(1);
    },
  );

  it("retries a non-idempotent call on another endpoint when only the first one's chain-id check hung", async () => {
    const [a, b] = [await proxy(), await proxy()];
    const { fetchFn, deliveries } = holdFirst('eth_chainId');
    const { client } = setup([a.url, b.url], { timeoutMs: 1_000 }, { fetchFn });
    // No verifyChainId: the first endpoint tried is checked before its first use, and that check hangs.
    expect(await client.request({ method: 'evm_mine' } as never)).toBe('0x0');
    expect(deliveries()).toHaveLength(2); // a check on each endpoint
    expect(deliveries('evm_mine')).toHaveLength(1);
  });

  it('does retry a non-idempotent call that certainly did not reach a node', async () => {
    const [a, b] = [await proxy(), await proxy()];
    const { client, rpc } = setup([a.url, b.url]);
    await rpc.verifyChainId();
    const { first, second } = tryOrder(rpc, a, b);
    first.resetStats();
    second.resetStats();
    first.setMode('503');
    const before = BigInt((await anvilRpc(anvil.url, 'eth_blockNumber')) as Hex);
    await client.request({ method: 'evm_mine' } as never);
    expect([first.stats.methods, second.stats.methods]).toEqual([['evm_mine'], ['evm_mine']]);
    // Other tests share this anvil but run one at a time in this file: exactly one block was mined here.
    expect(BigInt((await anvilRpc(anvil.url, 'eth_blockNumber')) as Hex)).toBe(before + 1n);
  });
});

describe('secrets', () => {
  it('keeps URL paths and queries out of metrics and logs', async () => {
    const [a, b] = [await proxy(), await proxy()];
    await a.stop();
    const { client, registry, logLines } = setup([`${a.url}/v3/SECRETKEY`, `${b.url}/rpc?apikey=TOPSECRET`]);
    await blockNumber(client);
    const text = await registry.metrics();
    expect(text).toContain(`endpoint="${a.url}/…"`);
    expect(text).toContain(`endpoint="${b.url}/…"`);
    expect(text).not.toMatch(/SECRETKEY|TOPSECRET/);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toMatch(/SECRETKEY|TOPSECRET/);
  });
});
