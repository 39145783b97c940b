/**
 * Treasury position benchmark (issue #16): the live position of a mandate over `--vaults` (20)
 * ERC-4626 vaults — the account's asset balance and, per vault, shares, convertToAssets value,
 * maxWithdraw, totalAssets, totalSupply, decimals, share price, runtime code hash and the
 * EIP-1967 implementation slot — all at one block, read by Keel's position reader
 * (src/treasury/position-reader.ts: hand-encoded Multicall3 `aggregate3` at `latest` with
 * Multicall3's own block number, then the block-pinned second round beside `eth_getCode` /
 * `eth_getStorageAt`, through Keel's redundant transport with same-tick JSON-RPC batching)
 * against THE baseline the issue names: a viem client with its own Multicall3 batching and
 * JSON-RPC batching turned on (`batch: { multicall: true }`, `http(url, { batch: true })`),
 * reading the same values pinned to one block it reads itself (`getBlockNumber`, then
 * `blockNumber` on every call, every call of a round issued at once).
 *
 * The bench starts its own anvil with the demo world, deploys `--vaults` KeelDemoVault
 * instances (OpenZeppelin ERC4626 over tUSD), deposits a different amount from the dev treasury
 * into each and sends yield into every third one. A warm-up round runs both ways first; the
 * order alternates each round. HTTP requests and JSON-RPC calls are counted at each side's
 * fetch; client CPU is this process's CPU time during the read. Both sides' values are
 * compared every round. Prints p50 / min per way and Keel's ratios; writes
 * bench/results/treasury.json.
 *
 *   npm run bench:treasury [-- --vaults 20 --rounds 30]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createPublicClient, defineChain, http, keccak256, parseAbi, parseUnits, type Address, type Hex } from 'viem';
import { createChainRegistry } from '../src/chain/index.ts';
import { devAccounts } from '../src/devnet/accounts.ts';
import { EIP1967_IMPLEMENTATION_SLOT, readPosition, type PositionReading } from '../src/treasury/position-reader.ts';
import { startTestChain } from '../test/helpers/devchain.ts';
import { devConfigFor } from '../test/helpers/keel.ts';
import { deployDemoVaults, depositInto, sendYield } from '../test/helpers/vaults.ts';
import { countingFetch, type WireCount } from './portfolio-baselines.ts';

const { values: args } = parseArgs({
  options: { vaults: { type: 'string', default: '20' }, rounds: { type: 'string', default: '30' } },
});
const VAULTS = Number(args.vaults);
const ROUNDS = Number(args.rounds);

const vaultAbi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function maxWithdraw(address) view returns (uint256)',
  'function totalAssets() view returns (uint256)',
  'function totalSupply() view returns (uint256)',
  'function decimals() view returns (uint8)',
  'function convertToAssets(uint256) view returns (uint256)',
]);

/** Every value of a position as `key → value`, so both ways compare field by field. */
type Values = Map<string, string>;

function keelValues(r: PositionReading): Values {
  const out: Values = new Map([['balance', String(r.accountBalance)]]);
  for (const v of r.vaults) {
    if (v.failures.length) throw new Error(`keel: ${v.address} failed: ${JSON.stringify(v.failures)}`);
    const k = v.address.toLowerCase();
    out.set(`${k}:shares`, String(v.shares));
    out.set(`${k}:value`, String(v.value));
    out.set(`${k}:maxWithdraw`, String(v.maxWithdraw));
    out.set(`${k}:totalAssets`, String(v.totalAssets));
    out.set(`${k}:totalSupply`, String(v.totalSupply));
    out.set(`${k}:decimals`, String(v.decimals));
    out.set(`${k}:assetsPerShare`, String(v.assetsPerShare));
    out.set(`${k}:codeHash`, String(v.codeHash));
    out.set(`${k}:implementation`, String(v.implementation));
  }
  return out;
}

/** The baseline: viem with Multicall3 batching and JSON-RPC batching on, the same values at one block. */
function viemReader(rpcUrl: string, chainId: number, multicall3: Address, account: Address, asset: Address) {
  const wire = countingFetch();
  const client = createPublicClient({
    chain: defineChain({
      id: chainId,
      name: 'bench',
      nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [rpcUrl] } },
      contracts: { multicall3: { address: multicall3 } },
    }),
    batch: { multicall: true },
    transport: http(rpcUrl, { batch: true, fetchFn: wire.fetchFn }),
  });
  return {
    count: wire.count,
    async read(vaults: readonly Address[]): Promise<{ blockNumber: bigint; values: Values }> {
      const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
      const at = { blockNumber } as const;
      const call = (address: Address, functionName: string, args: unknown[] = []) =>
        client.readContract({ address, abi: vaultAbi, functionName, args, ...at } as never) as Promise<bigint | number>;
      const [balance, ...first] = await Promise.all([
        call(asset, 'balanceOf', [account]),
        ...vaults.flatMap((v) => [
          call(v, 'balanceOf', [account]),
          call(v, 'maxWithdraw', [account]),
          call(v, 'totalAssets'),
          call(v, 'totalSupply'),
          call(v, 'decimals'),
        ]),
      ]);
      const per = (i: number, j: number) => first[i * 5 + j]!;
      const second = await Promise.all(
        vaults.map((v, i) =>
          Promise.all([
            call(v, 'convertToAssets', [per(i, 0)]),
            call(v, 'convertToAssets', [10n ** BigInt(per(i, 4))]),
            client.getCode({ address: v, ...at }),
            client.getStorageAt({ address: v, slot: EIP1967_IMPLEMENTATION_SLOT, ...at }),
          ]),
        ),
      );
      const values: Values = new Map([['balance', String(balance)]]);
      vaults.forEach((v, i) => {
        const k = v.toLowerCase();
        const [value, price, code, slot] = second[i]! as [bigint, bigint, Hex | undefined, Hex | undefined];
        values.set(`${k}:shares`, String(per(i, 0)));
        values.set(`${k}:value`, String(value));
        values.set(`${k}:maxWithdraw`, String(per(i, 1)));
        values.set(`${k}:totalAssets`, String(per(i, 2)));
        values.set(`${k}:totalSupply`, String(per(i, 3)));
        values.set(`${k}:decimals`, String(per(i, 4)));
        values.set(`${k}:assetsPerShare`, String(price));
        values.set(`${k}:codeHash`, String(code && code !== '0x' ? keccak256(code) : null));
        values.set(`${k}:implementation`, String(slot && BigInt(slot) !== 0n ? `0x${slot.slice(-40)}` : null));
      });
      return { blockNumber, values };
    },
  };
}

interface Run {
  ms: number;
  cpuMs: number;
  http: number;
  calls: number;
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const summarize = (runs: Run[]) => ({
  p50Ms: Number(median(runs.map((r) => r.ms)).toFixed(2)),
  minMs: Number(Math.min(...runs.map((r) => r.ms)).toFixed(2)),
  cpuMs: Number(median(runs.map((r) => r.cpuMs)).toFixed(2)),
  httpRequests: median(runs.map((r) => r.http)),
  rpcCalls: median(runs.map((r) => r.calls)),
});
const ratio = (a: number, b: number) => Number((a / b).toFixed(2));

async function timed<T>(count: WireCount, fn: () => Promise<T>): Promise<{ run: Run; out: T }> {
  count.http = 0;
  count.calls = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { run: { ms, cpuMs: (cpu.user + cpu.system) / 1000, http: count.http, calls: count.calls }, out };
}

async function main() {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
    node: process.version,
  };
  console.log(`treasury benchmark: a mandate over ${VAULTS} vaults, ${ROUNDS} rounds`);
  console.log(
    `machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, load ${machine.loadAverage1m} (shared with other agents), node ${machine.node}`,
  );
  const chain = await startTestChain();
  try {
    const { tUSD, multicall3 } = chain.world.contracts;
    const account = devAccounts.treasury.address;
    const vaults = await deployDemoVaults(chain.rpcUrl, tUSD, VAULTS);
    for (const [i, v] of vaults.entries()) {
      await depositInto(chain.rpcUrl, account, tUSD, v, parseUnits(String(500 + 100 * i), 6));
      if (i % 3 === 0) await sendYield(chain.rpcUrl, account, tUSD, v, parseUnits(String(5 + i), 6));
    }
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }]);
    const keelWire = countingFetch();
    const registry = createChainRegistry(config.chains, { fetchFn: keelWire.fetchFn });
    await registry.verifyAll();
    const handle = registry.get(chain.chainId)!;
    const keel = () => readPosition(handle.client, handle.config, { account, asset: tUSD, vaults });
    const viem = viemReader(chain.rpcUrl, chain.chainId, multicall3, account, tUSD);

    const runs = { keel: [] as Run[], viem: [] as Run[] };
    let compared = 0;
    for (let round = 0; round <= ROUNDS; round++) {
      const order = round % 2 ? (['viem', 'keel'] as const) : (['keel', 'viem'] as const);
      let k: PositionReading | undefined;
      let b: { blockNumber: bigint; values: Values } | undefined;
      for (const way of order) {
        if (way === 'keel') {
          const t = await timed(keelWire.count, keel);
          k = t.out;
          if (round > 0) runs.keel.push(t.run);
        } else {
          const t = await timed(viem.count, () => viem.read(vaults));
          b = t.out;
          if (round > 0) runs.viem.push(t.run);
        }
      }
      // Nothing is mined between the two reads: both must see the same block and values.
      if (k!.block.number !== b!.blockNumber)
        throw new Error(`blocks differ: keel ${k!.block.number}, viem ${b!.blockNumber}`);
      const kv = keelValues(k!);
      for (const [key, v] of b!.values) {
        if (kv.get(key) !== v) throw new Error(`value mismatch for ${key}: keel ${kv.get(key)} vs viem ${v}`);
        compared++;
      }
    }
    registry.close();

    const ks = summarize(runs.keel);
    const vs = summarize(runs.viem);
    const ratios = {
      fewerHttpRequests: ratio(vs.httpRequests, ks.httpRequests),
      fewerRpcCalls: ratio(vs.rpcCalls, ks.rpcCalls),
      fasterP50: ratio(vs.p50Ms, ks.p50Ms),
      fasterMin: ratio(vs.minMs, ks.minMs),
      lessClientCpu: ratio(vs.cpuMs, ks.cpuMs),
    };
    const result = {
      benchmark: 'treasury',
      vaults: VAULTS,
      rounds: ROUNDS,
      valuesCompared: compared,
      machine,
      note: 'the machine is shared with other agents running tests and builds: absolute times are noisy, the ratio is of one run',
      keel: ks,
      baseline: { name: 'viem batch.multicall + http batch', settings: { multicall: true, httpBatch: true }, ...vs },
      ratiosVsBaseline: ratios,
      targets: { fasterThanBaseline: 2 },
      runs,
    };
    const pad = (x: string | number, w: number) => String(x).padStart(w);
    console.log(
      `\n${'way'.padEnd(42)} ${pad('HTTP req', 9)} ${pad('RPC calls', 10)} ${pad('p50 ms', 8)} ${pad('min ms', 8)} ${pad('CPU ms', 8)}`,
    );
    for (const [name, s] of [
      ['keel (position reader)', ks],
      ['viem, batch.multicall + http batch (baseline)', vs],
    ] as const)
      console.log(
        `${name.padEnd(42)} ${pad(s.httpRequests, 9)} ${pad(s.rpcCalls, 10)} ${pad(s.p50Ms, 8)} ${pad(s.minMs, 8)} ${pad(s.cpuMs, 8)}`,
      );
    console.log(
      `\nkeel vs baseline: ${ratios.fewerHttpRequests}× fewer HTTP requests, ${ratios.fewerRpcCalls}× fewer RPC calls, ${ratios.fasterP50}× faster (p50), ${ratios.fasterMin}× (min), ${ratios.lessClientCpu}× less client CPU; ${compared} values identical`,
    );
    console.log('target: ≥ 2× faster than the baseline');
    mkdirSync('bench/results', { recursive: true });
    writeFileSync('bench/results/treasury.json', `${JSON.stringify(result, null, 2)}\n`);
    console.log('wrote bench/results/treasury.json');
  } finally {
    await chain.stop();
  }
}

await main();
