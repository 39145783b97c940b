/**
 * Portfolio benchmark: 1,000 addresses × every configured asset, allowance and vault × 2
 * chains, read by Keel (Multicall3 batches pinned to one block, through the redundant
 * transport) against a baseline in the same run that reads the same values with one viem
 * call per value. Prints RPC requests and wall time for both, and the ratios.
 *
 *   npm run bench:portfolio [-- --addresses 1000 --rounds 3 --concurrency 16]
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createPublicClient, erc20Abi, http, parseAbi, type Address, type PublicClient } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { createChainRegistry } from '../src/chain/index.ts';
import type { ChainConfig } from '../src/config/schema.ts';
import { createMetricsRegistry } from '../src/lib/metrics.ts';
import { readPortfolio } from '../src/portfolio/service.ts';
import type { PortfolioResponse } from '../src/portfolio/schemas.ts';
import { devAccounts } from '../src/devnet/accounts.ts';
import { startTestChain, type TestChain } from '../test/helpers/devchain.ts';
import { devConfigFor } from '../test/helpers/keel.ts';

const { values: args } = parseArgs({
  options: {
    addresses: { type: 'string', default: '1000' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '16' },
  },
});
const N = Number(args.addresses);
const ROUNDS = Number(args.rounds);
const CONCURRENCY = Number(args.concurrency);

const vaultAbi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function convertToAssets(uint256) view returns (uint256)',
]);

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

/** Runs `tasks` with at most `limit` in flight. */
async function pool<T>(tasks: Array<() => Promise<T>>, limit: number): Promise<T[]> {
  const out = new Array<T>(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

/** Baseline: every value with its own viem call (no multicall, no JSON-RPC batching). */
async function baselineChain(
  client: PublicClient,
  chain: ChainConfig,
  owners: Address[],
  blockNumber: bigint,
): Promise<Map<string, bigint>> {
  const values = new Map<string, bigint>();
  const tasks: Array<() => Promise<void>> = [];
  for (const owner of owners) {
    tasks.push(
      async () => void values.set(`native:${owner}`, await client.getBalance({ address: owner, blockNumber })),
    );
    for (const a of chain.assets) {
      tasks.push(
        async () =>
          void values.set(
            `balance:${owner}:${a.symbol}`,
            await client.readContract({
              address: a.address,
              abi: erc20Abi,
              functionName: 'balanceOf',
              args: [owner],
              blockNumber,
            }),
          ),
      );
      for (const s of chain.spenders) {
        tasks.push(
          async () =>
            void values.set(
              `allowance:${owner}:${a.symbol}:${s.address}`,
              await client.readContract({
                address: a.address,
                abi: erc20Abi,
                functionName: 'allowance',
                args: [owner, s.address],
                blockNumber,
              }),
            ),
        );
      }
    }
    for (const v of chain.vaults) {
      tasks.push(async () => {
        const shares = await client.readContract({
          address: v.address,
          abi: vaultAbi,
          functionName: 'balanceOf',
          args: [owner],
          blockNumber,
        });
        values.set(`shares:${owner}:${v.address}`, shares);
        if (shares > 0n)
          values.set(
            `underlying:${owner}:${v.address}`,
            await client.readContract({
              address: v.address,
              abi: vaultAbi,
              functionName: 'convertToAssets',
              args: [shares],
              blockNumber,
            }),
          );
      });
    }
  }
  await pool(tasks, CONCURRENCY);
  return values;
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  console.log(`portfolio benchmark: ${N} addresses × 2 chains, ${ROUNDS} rounds, baseline concurrency ${CONCURRENCY}`);
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
      { rpc: { timeoutMs: 30_000, maxAttempts: 2 } },
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

    const metrics = createMetricsRegistry();
    const registry = createChainRegistry(config.chains, { registry: metrics });
    await registry.verifyAll();
    const counters = async () => {
      const m = await metrics.getMetricsAsJSON();
      const sum = (name: string) => m.find((x) => x.name === name)?.values.reduce((a, v) => a + v.value, 0) ?? 0;
      return { calls: sum('keel_rpc_requests_total'), http: sum('keel_rpc_http_requests_total') };
    };

    let baseHttp = 0;
    const baseClients = new Map(
      chains.map((c) => [
        c.chainId,
        createPublicClient({
          transport: http(c.rpcUrl, { batch: false, retryCount: 0, onFetchRequest: () => void baseHttp++ }),
        }) as PublicClient,
      ]),
    );

    const keelRuns: Array<{ ms: number; calls: number; http: number }> = [];
    const baseRuns: Array<{ ms: number; calls: number; http: number }> = [];
    let checked = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      const c0 = await counters();
      const t0 = performance.now();
      const res = await readPortfolio(
        registry.all().map((h) => ({ config: h.config, client: h.client })),
        owners,
        { batchSize: config.portfolio.multicallBatchSize },
      );
      const keelMs = performance.now() - t0;
      for (const c of res.chains)
        if (c.status !== 'ok') throw new Error(`keel could not read chain ${c.chainId}: ${JSON.stringify(c.reason)}`);
      const c1 = await counters();
      keelRuns.push({ ms: keelMs, calls: c1.calls - c0.calls, http: c1.http - c0.http });

      baseHttp = 0;
      const t1 = performance.now();
      const base = await Promise.all(
        chains.map(async (c) => {
          const snap = res.chains.find((x) => x.chainId === c.chainId)!;
          const blockNumber = BigInt((snap as { blockNumber: string }).blockNumber);
          return {
            chainId: c.chainId,
            values: await baselineChain(
              baseClients.get(c.chainId)!,
              config.chains.find((x) => x.chainId === c.chainId)!,
              owners,
              blockNumber,
            ),
          };
        }),
      );
      const baseMs = performance.now() - t1;
      baseRuns.push({ ms: baseMs, calls: baseHttp, http: baseHttp });
      checked = base.reduce((n, b) => n + compare(keelValues(res, b.chainId), b.values), 0);
      console.log(
        `round ${round}: keel ${keelMs.toFixed(0)} ms, ${c1.calls - c0.calls} JSON-RPC calls in ${c1.http - c0.http} HTTP requests | baseline ${baseMs.toFixed(0)} ms, ${baseHttp} requests | ${checked} values identical`,
      );
    }
    registry.close();

    const k = {
      ms: median(keelRuns.map((r) => r.ms)),
      calls: median(keelRuns.map((r) => r.calls)),
      http: median(keelRuns.map((r) => r.http)),
    };
    const b = { ms: median(baseRuns.map((r) => r.ms)), calls: median(baseRuns.map((r) => r.calls)) };
    const result = {
      benchmark: 'portfolio',
      addresses: N,
      chains: chains.length,
      valuesCompared: checked,
      machine: { cores: cpus().length, memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version },
      keel: { wallMs: Math.round(k.ms), rpcCalls: k.calls, httpRequests: k.http },
      baseline: { wallMs: Math.round(b.ms), rpcCalls: b.calls, httpRequests: b.calls, concurrency: CONCURRENCY },
      ratios: {
        fewerRpcCalls: Number((b.calls / k.calls).toFixed(1)),
        fewerHttpRequests: Number((b.calls / k.http).toFixed(1)),
        faster: Number((b.ms / k.ms).toFixed(1)),
      },
      targets: { fewerRpcCalls: 20, faster: 5 },
      rounds: { keel: keelRuns, baseline: baseRuns },
    };
    console.log('');
    console.log('                     keel        baseline    ratio');
    console.log(
      `RPC calls      ${String(k.calls).padStart(10)} ${String(b.calls).padStart(14)}    ${result.ratios.fewerRpcCalls}× fewer (target ≥ 20×)`,
    );
    console.log(
      `HTTP requests  ${String(k.http).padStart(10)} ${String(b.calls).padStart(14)}    ${result.ratios.fewerHttpRequests}× fewer`,
    );
    console.log(
      `wall time (ms) ${String(Math.round(k.ms)).padStart(10)} ${String(Math.round(b.ms)).padStart(14)}    ${result.ratios.faster}× faster (target ≥ 5×)`,
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/portfolio.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('\nwrote bench/results/portfolio.json');
  } finally {
    await Promise.all(chains.map((c) => c.stop()));
  }
}

await main();
