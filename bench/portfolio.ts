/**
 * Portfolio benchmark: N addresses (200 by default: `portfolio.maxAddresses`, the most one API
 * request reads) × every configured asset, allowance and vault × 2 chains, read by Keel
 * (hand-encoded Multicall3 `aggregate3` chunks of `--batch-size` calls, default
 * `portfolio.multicallBatchSize`, all sent at once at `latest` and checked to be one block,
 * through its redundant transport with same-tick JSON-RPC batching) against plain viem in the
 * same run. Every plain-viem way reads the same values plus the price-feed reads Keel makes,
 * pinned to one block it reads itself (`getBlockNumber`, then `blockNumber` on every read),
 * with at most `--concurrency` HTTP requests in flight (Keel's per-endpoint cap, 16):
 *   (a) THE baseline, as issue #15 names it: viem's batched client, the two lines of config a
 *       competent team writes, `batch: { multicall: true }` on the client and
 *       `http(url, { batch: true })`, viem's own sizes (except 100 calls per JSON-RPC batch, not
 *       1,000: anvil refuses larger batches of these at 1,000 addresses), every per-value call issued at once;
 *   (b) the fastest hand-tuned plain-viem set-up (the honest limit of plain viem):
 *       `client.multicall` over all of a chain's calls with 1, 16 or 64 KiB `aggregate3`
 *       chunks, and (`--tuned all`, the default) `batch.multicall` with tuned sizes and waits;
 *       JSON-RPC batch sizes keep each POST near 1 MB (anvil refuses bodies over 2 MiB);
 *   (c) the naive reference: one viem call per value, no batching (`--naive false` skips it).
 * Every way's values are checked equal to Keel's at the same block.
 *
 * A warm-up round runs every way once first; then the order rotates each round. HTTP requests
 * and JSON-RPC calls are counted at the fetch each transport uses, for Keel and the baselines
 * alike; client CPU is this process's CPU time during the read (the node's is not counted).
 * Prints p50 and min wall time per round and Keel's ratios against (a), (b) and (c); writes
 * bench/results/portfolio.json.
 *
 *   npm run bench:portfolio [-- --addresses 200 --rounds 5 --concurrency 16 --naive true
 *                              --tuned all|explicit --batch-size 1000]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createPublicClient, http, type Address } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { createChainRegistry } from '../src/chain/index.ts';
import { devAccounts } from '../src/devnet/accounts.ts';
import type { PortfolioResponse } from '../src/portfolio/schemas.ts';
import { readPortfolio } from '../src/portfolio/service.ts';
import { startTestChain, type TestChain } from '../test/helpers/devchain.ts';
import { devConfigFor } from '../test/helpers/keel.ts';
import {
  autoMulticallReader,
  countingFetch,
  explicitMulticallReader,
  naiveReader,
  type Reader,
  type WireCount,
} from './portfolio-baselines.ts';

const { values: args } = parseArgs({
  options: {
    addresses: { type: 'string', default: '200' },
    rounds: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
    naive: { type: 'string', default: 'true' },
    'batch-size': { type: 'string' },
    tuned: { type: 'string', default: 'all' },
  },
});
const N = Number(args.addresses);
const ROUNDS = Number(args.rounds);
const CONCURRENCY = Number(args.concurrency);
const WITH_NAIVE = args.naive !== 'false';
const TUNED = args.tuned === 'explicit' ? 'explicit' : 'all';

/** Deterministic addresses: the funded dev accounts first, then derived ones. */
function benchAddresses(n: number): Address[] {
  const known = [
    devAccounts.treasury.address,
    devAccounts.operations.address,
    ...devAccounts.users.map((u) => u.address),
  ];
  const out = [...known];
  for (let i = 1; out.length < n; i++)
    out.push(privateKeyToAddress(`0x${(0xbe0000n + BigInt(i)).toString(16).padStart(64, '0')}`));
  return out.slice(0, n);
}

/** The same values out of Keel's response, keyed like the baseline. */
function keelValues(res: PortfolioResponse, chainId: number): Map<string, bigint> {
  const values = new Map<string, bigint>();
  const chain = res.chains.find((c) => c.chainId === chainId);
  if (chain?.status !== 'ok') throw new Error(`chain ${chainId} not read`);
  for (const acct of chain.accounts) {
    values.set(`native:${acct.address}`, BigInt(acct.native.balance!.baseUnits));
    for (const a of acct.assets) values.set(`balance:${acct.address}:${a.asset.symbol}`, BigInt(a.balance!.baseUnits));
    for (const al of acct.allowances)
      values.set(`allowance:${acct.address}:${al.asset.symbol}:${al.spender.address}`, BigInt(al.allowance.baseUnits));
    for (const p of acct.vaultPositions) {
      values.set(`shares:${acct.address}:${p.vault.address}`, BigInt(p.shares.baseUnits));
      values.set(`underlying:${acct.address}:${p.vault.address}`, BigInt(p.underlying!.baseUnits));
    }
  }
  return values;
}

function compare(keel: Map<string, bigint>, base: Map<string, bigint>): number {
  let checked = 0;
  for (const [k, v] of base) {
    // Keel lists only non-zero allowances and vault positions.
    const mine = keel.get(k) ?? ((k.startsWith('allowance:') || k.startsWith('shares:')) && v === 0n ? 0n : undefined);
    if (mine !== v) throw new Error(`value mismatch for ${k}: keel ${mine} vs baseline ${v}`);
    checked++;
  }
  return checked;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Run {
  ms: number;
  /** CPU time of this process (the client side) during the read. */
  cpuMs: number;
  http: number;
  calls: number;
}

/** p50 and min of a runner's rounds (requests and calls as p50). */
function summarize(runs: Run[]) {
  return {
    p50Ms: Math.round(median(runs.map((r) => r.ms))),
    minMs: Math.round(Math.min(...runs.map((r) => r.ms))),
    cpuMs: Math.round(median(runs.map((r) => r.cpuMs))),
    httpRequests: median(runs.map((r) => r.http)),
    rpcCalls: median(runs.map((r) => r.calls)),
  };
}
type Summary = ReturnType<typeof summarize>;

const ratio = (a: number, b: number) => Number((a / b).toFixed(1));
const ratios = (keel: Summary, other: Summary) => ({
  fewerHttpRequests: ratio(other.httpRequests, keel.httpRequests),
  fewerRpcCalls: ratio(other.rpcCalls, keel.rpcCalls),
  fasterP50: ratio(other.p50Ms, keel.p50Ms),
  fasterMin: ratio(other.minMs, keel.minMs),
  lessClientCpu: ratio(other.cpuMs, keel.cpuMs),
});

async function main() {
  console.log(
    `portfolio benchmark: ${N} addresses × 2 chains, ${ROUNDS} rounds, ${CONCURRENCY} HTTP requests in flight`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}`,
  );
  const chains: TestChain[] = await Promise.all([
    startTestChain({ chainId: 31337 }),
    startTestChain({ chainId: 31338 }),
  ]);
  try {
    const config = devConfigFor(
      chains.map((c) => ({ chainId: c.chainId, rpcUrls: [c.rpcUrl] })),
      { rpc: { timeoutMs: 30_000, maxAttempts: 2, maxConcurrencyPerEndpoint: CONCURRENCY } },
    );
    const owners = benchAddresses(N);
    // Give every address some native balance so the values are not all zero.
    for (const c of chains) {
      const admin = createPublicClient({ transport: http(c.rpcUrl, { batch: { batchSize: 500 } }) });
      await Promise.all(
        owners.map((o, i) =>
          admin.request({
            method: 'anvil_setBalance' as never,
            params: [o, `0x${(BigInt(i + 1) * 10n ** 15n).toString(16)}`] as never,
          }),
        ),
      );
    }

    const keelWire = countingFetch();
    const registry = createChainRegistry(config.chains, { fetchFn: keelWire.fetchFn });
    await registry.verifyAll();
    const keel = {
      name: 'keel',
      count: keelWire.count,
      async read() {
        const res = await readPortfolio(
          registry.all().map((h) => ({ config: h.config, client: h.client })),
          owners,
          { batchSize: keelBatchSize },
        );
        for (const c of res.chains)
          if (c.status !== 'ok') throw new Error(`keel could not read chain ${c.chainId}: ${JSON.stringify(c.reason)}`);
        return res;
      },
    };

    const keelBatchSize = args['batch-size'] ? Number(args['batch-size']) : config.portfolio.multicallBatchSize;
    const c = config.chains;
    // (a) The issue's baseline: viem's batched client, two lines of config, viem's own sizes.
    const issue = autoMulticallReader(c, 'defaults', CONCURRENCY);
    // (b) Hand-tuned plain viem: the fastest of these is the honest limit.
    const tuned: Reader[] = [
      // JSON-RPC batch sizes keep each POST near 1 MB: anvil refuses bodies over 2 MiB.
      explicitMulticallReader(c, { chunkBytes: 1_024, httpBatchSize: 100, concurrency: CONCURRENCY }),
      explicitMulticallReader(c, { chunkBytes: 16_384, httpBatchSize: 8, concurrency: CONCURRENCY }),
      explicitMulticallReader(c, { chunkBytes: 65_536, httpBatchSize: 2, concurrency: CONCURRENCY }),
      ...(TUNED === 'all'
        ? [
            autoMulticallReader(c, { chunkBytes: 1_024, waitMs: 0, httpBatchSize: 100, concurrency: CONCURRENCY }),
            autoMulticallReader(c, { chunkBytes: 65_536, waitMs: 0, httpBatchSize: 2, concurrency: CONCURRENCY }),
            autoMulticallReader(c, { chunkBytes: 65_536, waitMs: 10, httpBatchSize: 2, concurrency: CONCURRENCY }),
          ]
        : []),
    ];
    // (c) The naive reference: one call per value.
    const naive = WITH_NAIVE ? naiveReader(c, CONCURRENCY) : undefined;
    const others = [issue, ...tuned, ...(naive ? [naive] : [])];

    const runs = new Map<string, Run[]>([['keel', []], ...others.map((r) => [r.name, []] as [string, Run[]])]);
    const reset = (w: WireCount) => {
      w.http = 0;
      w.calls = 0;
    };
    let checked = 0;
    let keelRes: PortfolioResponse | undefined;
    // Round 0 warms every way up (JIT, connections, anvil's state cache) and is not counted.
    for (let round = 0; round <= ROUNDS; round++) {
      // Rotate the order so no way always runs first (cold caches) or last.
      const order: Array<'keel' | Reader> = ['keel', ...others];
      const shift = Math.max(round - 1, 0) % order.length;
      const line: string[] = [];
      for (const runner of [...order.slice(shift), ...order.slice(0, shift)]) {
        if (runner === 'keel') {
          reset(keel.count);
          const cpu0 = process.cpuUsage();
          const t0 = performance.now();
          keelRes = await keel.read();
          const ms = performance.now() - t0;
          const cpu = process.cpuUsage(cpu0);
          const cpuMs = (cpu.user + cpu.system) / 1000;
          if (round > 0) runs.get('keel')!.push({ ms, cpuMs, http: keel.count.http, calls: keel.count.calls });
          line.push(`keel ${ms.toFixed(0)} ms`);
          continue;
        }
        reset(runner.count);
        const cpu0 = process.cpuUsage();
        const t0 = performance.now();
        const read = await Promise.all(config.chains.map((ch) => runner.read(ch, owners)));
        const ms = performance.now() - t0;
        const cpu = process.cpuUsage(cpu0);
        const cpuMs = (cpu.user + cpu.system) / 1000;
        if (round > 0) runs.get(runner.name)!.push({ ms, cpuMs, http: runner.count.http, calls: runner.count.calls });
        line.push(`${runner.name} ${ms.toFixed(0)} ms`);
        // Checked against the Keel read of this round, or of the previous one (nothing is mined in between).
        const res = keelRes ?? (await keel.read());
        keelRes = res;
        checked = 0;
        read.forEach((r, i) => {
          const chainId = config.chains[i]!.chainId;
          const snap = res.chains.find((x) => x.chainId === chainId) as { blockNumber: string } | undefined;
          if (snap && BigInt(snap.blockNumber) !== r.blockNumber)
            console.log(
              `  note: ${runner.name} read chain ${chainId} at block ${r.blockNumber}, keel at ${snap.blockNumber}`,
            );
          checked += compare(keelValues(res, chainId), r.values);
        });
      }
      console.log(`${round ? `round ${round}` : 'warm-up'}: ${line.join(' | ')} | ${checked} values identical`);
    }
    registry.close();

    const summaries = new Map([...runs].map(([name, r]) => [name, summarize(r)]));
    const k = summaries.get('keel')!;
    const best = [...tuned].sort((a, b) => summaries.get(a.name)!.p50Ms - summaries.get(b.name)!.p50Ms)[0]!;
    const b = summaries.get(best.name)!;
    const n = naive ? summaries.get(naive.name)! : undefined;
    const a = summaries.get(issue.name)!;

    const result = {
      benchmark: 'portfolio',
      addresses: N,
      chains: chains.length,
      rounds: ROUNDS,
      concurrency: CONCURRENCY,
      valuesCompared: checked,
      machine: { cores: cpus().length, memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version },
      keel: { ...k, multicallBatchSize: keelBatchSize },
      baseline: { name: issue.name, settings: issue.settings, ...a },
      bestTuned: { name: best.name, settings: best.settings, ...b },
      naive: naive && n ? { settings: naive.settings, ...n } : null,
      ratiosVsBaseline: ratios(k, a),
      ratiosVsBestTuned: ratios(k, b),
      ratiosVsNaive: n ? ratios(k, n) : null,
      targets: { fasterThanBaseline: 2, aimFasterThanBaseline: 5 },
      candidates: tuned.map((r) => ({ name: r.name, settings: r.settings, ...summaries.get(r.name)! })),
      runs: Object.fromEntries(runs),
    };

    const pad = (x: string | number, w: number) => String(x).padStart(w);
    console.log('');
    console.log(
      `${'way'.padEnd(40)} ${pad('HTTP req', 9)} ${pad('RPC calls', 10)} ${pad('p50 ms', 8)} ${pad('min ms', 8)} ${pad('CPU ms', 8)}`,
    );
    for (const [name, s] of summaries)
      console.log(
        `${(name === issue.name ? `${name} (a: baseline)` : name === best.name ? `${name} (b: best tuned)` : name === 'naive' ? 'naive (c)' : name).padEnd(40)} ${pad(s.httpRequests, 9)} ${pad(s.rpcCalls, 10)} ${pad(s.p50Ms, 8)} ${pad(s.minMs, 8)} ${pad(s.cpuMs, 8)}`,
      );
    const say = (label: string, r: ReturnType<typeof ratios>) =>
      console.log(
        `keel vs ${label}: ${r.fewerHttpRequests}× fewer HTTP requests, ${r.fewerRpcCalls}× fewer RPC calls, ${r.fasterP50}× faster (p50), ${r.fasterMin}× (min), ${r.lessClientCpu}× less client CPU`,
      );
    console.log('');
    say(`(a) baseline, ${issue.name}`, result.ratiosVsBaseline);
    say(`(b) best hand-tuned viem, ${best.name}`, result.ratiosVsBestTuned);
    if (result.ratiosVsNaive) say('(c) naive', result.ratiosVsNaive);
    console.log('target: ≥ 2× faster than the baseline (aim ≥ 5×)');
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/portfolio.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('\nwrote bench/results/portfolio.json');
  } finally {
    await Promise.all(chains.map((c) => c.stop()));
  }
}

await main();
