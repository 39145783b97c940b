/**
 * The plain-viem readers `bench/portfolio.ts` measures Keel against. Each reads, for every
 * owner on one chain, the values Keel's portfolio holds (native balance, asset balances,
 * allowances per spender, vault shares and the underlying of non-zero positions), all pinned
 * to one block it reads itself. The batched ones also read what Keel reads for prices (feed
 * decimals and latest rounds, vault decimals), so both sides do the same work.
 */
import {
  createPublicClient,
  defineChain,
  erc20Abi,
  http,
  parseAbi,
  type Address,
  type ContractFunctionParameters,
  type PublicClient,
  type Transport,
} from 'viem';
import type { ChainConfig } from '../src/config/schema.ts';

const vaultAbi = parseAbi([
  'function balanceOf(address) view returns (uint256)',
  'function convertToAssets(uint256) view returns (uint256)',
  'function decimals() view returns (uint8)',
]);
const feedAbi = parseAbi([
  'function decimals() view returns (uint8)',
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
]);
const multicall3Abi = parseAbi(['function getEthBalance(address) view returns (uint256)']);

/** HTTP requests and JSON-RPC calls seen by a counting fetch since the last reset. */
export interface WireCount {
  http: number;
  calls: number;
}

/**
 * A fetch that counts HTTP requests and the JSON-RPC calls in their bodies (a batch counts
 * each call) and, with `limit`, keeps at most that many requests in flight: the same cap
 * Keel's transport applies per endpoint.
 */
export function countingFetch(limit = Number.POSITIVE_INFINITY): { fetchFn: typeof fetch; count: WireCount } {
  const count: WireCount = { http: 0, calls: 0 };
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  const fetchFn: typeof fetch = async (input, init) => {
    count.http++;
    const body = typeof init?.body === 'string' ? init.body : '';
    for (let at = body.indexOf('"method":'); at !== -1; at = body.indexOf('"method":', at + 9)) count.calls++;
    if (inFlight >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    inFlight++;
    try {
      return await fetch(input, init);
    } finally {
      inFlight--;
      waiting.shift()?.();
    }
  };
  return { fetchFn, count };
}

/** One measured way of reading a chain's values; `read` returns them keyed like `keelValues`. */
export interface Reader {
  name: string;
  settings: Record<string, unknown>;
  count: WireCount;
  read(chain: ChainConfig, owners: readonly Address[]): Promise<{ blockNumber: bigint; values: Map<string, bigint> }>;
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

type Outcome = { status: 'success'; result: unknown } | { status: 'failure'; error: Error };

type Clients = Map<number, PublicClient>;

/** One client per chain on its first RPC URL, with a viem chain that names its Multicall3. */
function makeClients(chains: readonly ChainConfig[], transport: (url: string) => Transport, extra = {}): Clients {
  return new Map(
    chains.map((c) => [
      c.chainId,
      createPublicClient({
        chain: defineChain({
          id: c.chainId,
          name: c.name,
          nativeCurrency: { name: c.nativeSymbol, symbol: c.nativeSymbol, decimals: c.nativeDecimals },
          rpcUrls: { default: { http: [c.rpcUrls[0]!] } },
          contracts: { multicall3: { address: c.multicall3 } },
        }),
        transport: transport(c.rpcUrls[0]!),
        ...extra,
      }) as PublicClient,
    ]),
  );
}

function clientFor(clients: Clients, chain: ChainConfig): PublicClient {
  const c = clients.get(chain.chainId);
  if (!c) throw new Error(`no client for chain ${chain.chainId}`);
  return c;
}

/** The feed and vault-decimals reads Keel makes for prices, as plain contract calls. */
function priceReads(chain: ChainConfig): ContractFunctionParameters[] {
  const feeds = new Set<Address>();
  if (chain.nativePriceFeed) feeds.add(chain.nativePriceFeed.address);
  for (const a of chain.assets) if (a.priceFeed) feeds.add(a.priceFeed.address);
  return [
    ...[...feeds].flatMap((address) => [
      { address, abi: feedAbi, functionName: 'decimals' } as const,
      { address, abi: feedAbi, functionName: 'latestRoundData' } as const,
    ]),
    ...chain.vaults.map((v) => ({ address: v.address, abi: vaultAbi, functionName: 'decimals' }) as const),
  ];
}

/** Naive reference: every value with its own viem call, no multicall, no JSON-RPC batching. */
export function naiveReader(chains: readonly ChainConfig[], concurrency: number): Reader {
  const { fetchFn, count } = countingFetch();
  const clients = makeClients(chains, (url) => http(url, { batch: false, retryCount: 0, timeout: 60_000, fetchFn }));
  return {
    name: 'naive',
    settings: { multicall: false, jsonRpcBatch: false, concurrency },
    count,
    async read(chain, owners) {
      const client = clientFor(clients, chain);
      const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
      const values = new Map<string, bigint>();
      const tasks: Array<() => Promise<void>> = [];
      for (const owner of owners) {
        tasks.push(
          async () => void values.set(`native:${owner}`, await client.getBalance({ address: owner, blockNumber })),
        );
        for (const a of chain.assets) {
          const token = { address: a.address, abi: erc20Abi, blockNumber } as const;
          tasks.push(
            async () =>
              void values.set(
                `balance:${owner}:${a.symbol}`,
                await client.readContract({ ...token, functionName: 'balanceOf', args: [owner] }),
              ),
          );
          for (const s of chain.spenders)
            tasks.push(
              async () =>
                void values.set(
                  `allowance:${owner}:${a.symbol}:${s.address}`,
                  await client.readContract({ ...token, functionName: 'allowance', args: [owner, s.address] }),
                ),
            );
        }
        for (const v of chain.vaults) {
          tasks.push(async () => {
            const vault = { address: v.address, abi: vaultAbi, blockNumber } as const;
            const shares = await client.readContract({ ...vault, functionName: 'balanceOf', args: [owner] });
            values.set(`shares:${owner}:${v.address}`, shares);
            if (shares > 0n)
              values.set(
                `underlying:${owner}:${v.address}`,
                await client.readContract({ ...vault, functionName: 'convertToAssets', args: [shares] }),
              );
          });
        }
      }
      await pool(tasks, concurrency);
      return { blockNumber, values };
    },
  };
}

/**
 * Explicit Multicall3: every value of the chain in one `client.multicall` call (viem splits it
 * into `aggregate3` chunks of `chunkBytes` of calldata and sends them at once), JSON-RPC
 * batching on the HTTP transport, then one more multicall for the non-zero vault positions.
 */
export function explicitMulticallReader(
  chains: readonly ChainConfig[],
  opts: { chunkBytes: number; httpBatchSize: number; concurrency: number },
): Reader {
  const { fetchFn, count } = countingFetch(opts.concurrency);
  const clients = makeClients(chains, (url) =>
    http(url, { batch: { batchSize: opts.httpBatchSize }, retryCount: 0, timeout: 60_000, fetchFn }),
  );
  return {
    name: `multicall ${opts.chunkBytes / 1024} KiB chunks`,
    settings: { api: 'client.multicall', ...opts, jsonRpcBatch: true },
    count,
    async read(chain, owners) {
      const client = clientFor(clients, chain);
      const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
      const keys: string[] = [];
      const contracts: ContractFunctionParameters[] = [];
      const prices = priceReads(chain);
      contracts.push(...prices);
      for (let i = 0; i < prices.length; i++) keys.push('');
      for (const owner of owners) {
        keys.push(`native:${owner}`);
        contracts.push({ address: chain.multicall3, abi: multicall3Abi, functionName: 'getEthBalance', args: [owner] });
        for (const a of chain.assets) {
          keys.push(`balance:${owner}:${a.symbol}`);
          contracts.push({ address: a.address, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });
          for (const s of chain.spenders) {
            keys.push(`allowance:${owner}:${a.symbol}:${s.address}`);
            contracts.push({ address: a.address, abi: erc20Abi, functionName: 'allowance', args: [owner, s.address] });
          }
        }
        for (const v of chain.vaults) {
          keys.push(`shares:${owner}:${v.address}`);
          contracts.push({ address: v.address, abi: vaultAbi, functionName: 'balanceOf', args: [owner] });
        }
      }
      const common = {
        blockNumber,
        allowFailure: true,
        batchSize: opts.chunkBytes,
        multicallAddress: chain.multicall3,
      };
      const first = (await client.multicall({ ...common, contracts })) as Outcome[];
      const values = new Map<string, bigint>();
      const positions: Array<{ key: string; address: Address; shares: bigint }> = [];
      first.forEach((r, i) => {
        const key = keys[i]!;
        if (!key) return;
        if (r.status !== 'success') throw new Error(`baseline read failed for ${key}: ${r.error.message}`);
        const value = r.result as bigint;
        values.set(key, value);
        if (key.startsWith('shares:') && value > 0n)
          positions.push({
            key: key.replace('shares:', 'underlying:'),
            address: key.split(':')[2] as Address,
            shares: value,
          });
      });
      if (positions.length) {
        const second = (await client.multicall({
          ...common,
          contracts: positions.map((p) => ({
            address: p.address,
            abi: vaultAbi,
            functionName: 'convertToAssets',
            args: [p.shares],
          })),
        })) as Outcome[];
        second.forEach((r, i) => {
          if (r.status !== 'success') throw new Error(`baseline valuation failed: ${r.error.message}`);
          values.set(positions[i]!.key, r.result as bigint);
        });
      }
      return { blockNumber, values };
    },
  };
}

/**
 * The two lines of client config: `batch: { multicall: { batchSize, wait } }` on the public
 * client and `http(url, { batch: true })`, with the per-value code unchanged except that it
 * issues every call at once (at most `concurrency` HTTP requests in flight). viem folds the
 * `readContract`s, and `getBalance` too (through Multicall3's `getEthBalance`, as the client's
 * chain names Multicall3), into `aggregate3` calls per block.
 */
export function autoMulticallReader(
  chains: readonly ChainConfig[],
  opts: { chunkBytes: number; waitMs: number; httpBatchSize: number; concurrency: number } | 'defaults',
  concurrency = 16,
): Reader {
  const cap = opts === 'defaults' ? concurrency : opts.concurrency;
  const { fetchFn, count } = countingFetch(cap);
  // 'defaults': `batch: { multicall: true }` and `http(url, { batch })`, viem's own sizes
  // (1 KiB aggregate3 chunks, wait 0 ms) except 100 calls per JSON-RPC batch instead of 1,000:
  // anvil answers "Invalid request" to larger batches of these eth_calls at 1,000 addresses
  // (400 failed too); at 200 addresses the default made no measurable difference.
  const clients = makeClients(
    chains,
    (url) =>
      http(url, {
        batch: opts === 'defaults' ? { batchSize: 100 } : { batchSize: opts.httpBatchSize, wait: opts.waitMs },
        retryCount: 0,
        timeout: 60_000,
        fetchFn,
      }),
    { batch: { multicall: opts === 'defaults' ? true : { batchSize: opts.chunkBytes, wait: opts.waitMs } } },
  );
  return {
    name:
      opts === 'defaults'
        ? 'viem batched client'
        : `batch.multicall ${opts.chunkBytes / 1024} KiB, wait ${opts.waitMs} ms`,
    settings:
      opts === 'defaults'
        ? { api: 'batch: { multicall: true } + http(url, { batch: { batchSize: 100 } })', concurrency: cap }
        : { api: 'batch.multicall', ...opts, jsonRpcBatch: true },
    count,
    async read(chain, owners) {
      const client = clientFor(clients, chain);
      const blockNumber = await client.getBlockNumber({ cacheTime: 0 });
      const values = new Map<string, bigint>();
      const jobs: Array<Promise<unknown>> = priceReads(chain).map((c) =>
        client.readContract({ ...c, blockNumber } as never),
      );
      for (const owner of owners) {
        jobs.push(client.getBalance({ address: owner, blockNumber }).then((v) => values.set(`native:${owner}`, v)));
        for (const a of chain.assets) {
          const token = { address: a.address, abi: erc20Abi, blockNumber } as const;
          jobs.push(
            client
              .readContract({ ...token, functionName: 'balanceOf', args: [owner] })
              .then((v) => values.set(`balance:${owner}:${a.symbol}`, v)),
          );
          for (const s of chain.spenders)
            jobs.push(
              client
                .readContract({ ...token, functionName: 'allowance', args: [owner, s.address] })
                .then((v) => values.set(`allowance:${owner}:${a.symbol}:${s.address}`, v)),
            );
        }
        for (const v of chain.vaults) {
          const vault = { address: v.address, abi: vaultAbi, blockNumber } as const;
          jobs.push(
            client.readContract({ ...vault, functionName: 'balanceOf', args: [owner] }).then(async (shares) => {
              values.set(`shares:${owner}:${v.address}`, shares);
              if (shares > 0n)
                values.set(
                  `underlying:${owner}:${v.address}`,
                  await client.readContract({ ...vault, functionName: 'convertToAssets', args: [shares] }),
                );
            }),
          );
        }
      }
      await Promise.all(jobs);
      return { blockNumber, values };
    },
  };
}
