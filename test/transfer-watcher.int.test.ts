import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  createPublicClient,
  createWalletClient,
  encodeFunctionData,
  erc20Abi,
  getAddress,
  http,
  type Address,
  type Hash,
  type Hex,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { chainDefinition, createChainRegistry } from '../src/chain/index.ts';
import { startFaultProxy, type FaultProxy } from '../src/chain/test-support.ts';
import { startTransferWatchers, type TransferWatchers } from '../src/chain/transfer-watcher.ts';
import type { ObservedTransfer, TransferSink } from '../src/chain/transfer-watcher-types.ts';
import { createTransferWatcherMetrics } from '../src/chain/watcher-metrics.ts';
import type { Config } from '../src/config/schema.ts';
import type { DB } from '../src/db/schema.ts';
import { users } from '../src/devnet/accounts.ts';
import { createLogger, silentLogger } from '../src/lib/logger.ts';
import { startKeel } from '../src/runtime/keel.ts';
import { createMetricsRegistry } from '../src/lib/metrics.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, testConfig } from './helpers/keel.ts';
import { startRpcGate } from './helpers/rpc-gate.ts';

/**
 * The per-chain transfer watcher against a real anvil chain and a real database, with a test
 * sink that records transfers in a table of its own (in the watcher's transaction, so a rolled
 * back round leaves nothing behind) and keeps its rewinds and heads in memory. The chain's
 * configured assets are tUSD and tVOL only, so tEUR stands for a token Keel does not know.
 * Tests run in order on one chain and one database: each uses fresh recipient addresses, and
 * the watcher's checkpoint carries over from one test to the next like a restarted process.
 */

let chain: TestChain;
let db: TestDatabase;
let config: Config;
let assets: Config['chains'][number]['assets'];
/** The test chain reached through `rpcUrl`: tUSD and tVOL only, 3 confirmations, short ranges, fast polls. */
const configVia = (rpcUrl: string, extra: Record<string, unknown> = {}): Config =>
  testConfig({
    chains: {
      [chain.chainId]: {
        name: 'watched',
        rpcUrls: [rpcUrl],
        confirmations: 3,
        pollIntervalMs: 100,
        logRange: 5,
        assets,
        ...extra,
      },
    },
  });
let client: ReturnType<typeof createPublicClient>;
let wallet: ReturnType<typeof createWalletClient>;
const started: TransferWatchers[] = [];
const cleanups: Array<() => Promise<void>> = [];

const fresh = (): Address =>
  getAddress(
    `0x${[...crypto.getRandomValues(new Uint8Array(20))].map((b) => b.toString(16).padStart(2, '0')).join('')}`,
  );
const rpc = (method: string, params: unknown[] = []) =>
  client.request({ method: method as 'eth_chainId', params: params as never }) as Promise<unknown>;
const mine = (n = 1) => rpc('anvil_mine', [`0x${n.toString(16)}`]);
const head = async () => BigInt((await rpc('eth_blockNumber')) as Hex);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A generous cap: the wait ends as soon as the condition holds; catching up hundreds of blocks
// range by range can take many seconds on a loaded machine.
async function waitFor<T>(what: string, fn: () => Promise<T> | T, timeoutMs = 60_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Records transfers in `test_transfers` inside the watcher's transaction. */
class TestSink implements TransferSink {
  readonly watchedAddresses = new Set<string>();
  readonly rewinds: bigint[] = [];
  readonly heads: Array<{ number: bigint; finalThrough: bigint; checkpoint: bigint }> = [];
  watch(...addresses: Address[]): void {
    for (const a of addresses) this.watchedAddresses.add(a.toLowerCase());
  }
  async watched(_db: Kysely<DB>, _chainId: number, addresses: readonly string[]): Promise<Set<string>> {
    for (const a of addresses) expect(a).toBe(a.toLowerCase());
    return new Set(addresses.filter((a) => this.watchedAddresses.has(a)));
  }
  async apply(
    trx: Transaction<DB>,
    chainId: number,
    transfers: readonly ObservedTransfer[],
    range: { fromBlock: bigint; toBlock: bigint },
  ): Promise<void> {
    for (const t of transfers) {
      expect(t.blockNumber >= range.fromBlock && t.blockNumber <= range.toBlock).toBe(true);
      await sql`insert into test_transfers (chain_id, block_number, block_hash, block_time, tx_hash, log_index, token, from_addr, to_addr, value)
        values (${chainId}, ${Number(t.blockNumber)}, ${t.blockHash}, ${t.blockTimestamp === undefined ? null : Number(t.blockTimestamp)}, ${t.txHash}, ${t.logIndex}, ${t.token}, ${t.from}, ${t.to}, ${t.value.toString()})`.execute(
        trx,
      );
    }
  }
  async rewind(trx: Transaction<DB>, chainId: number, ancestor: bigint): Promise<void> {
    await sql`delete from test_transfers where chain_id = ${chainId} and block_number > ${Number(ancestor)}`.execute(
      trx,
    );
    this.rewinds.push(ancestor);
  }
  async onHead(
    _db: Kysely<DB>,
    _chainId: number,
    h: { number: bigint; finalThrough: bigint; checkpoint: bigint },
  ): Promise<void> {
    this.heads.push(h);
  }
}

interface Row {
  block_number: number;
  block_time: number | null;
  block_hash: string;
  tx_hash: string;
  token: string;
  value: string;
}
async function rowsTo(to: Address): Promise<Row[]> {
  const r =
    await sql<Row>`select block_number, block_time, block_hash, tx_hash, token, value::text as value from test_transfers where to_addr = ${to} order by block_number, log_index`.execute(
      db.db,
    );
  return r.rows.map((x) => ({
    ...x,
    block_number: Number(x.block_number),
    block_time: x.block_time === null ? null : Number(x.block_time),
  }));
}

/**
 * An RPC endpoint like providers that cap `eth_getLogs`: a range over `maxBlocks` blocks gets a
 * JSON-RPC error answer; everything else is passed through to `upstream`.
 */
async function startCappedLogsProxy(
  upstream: string,
  maxBlocks: number,
): Promise<{ url: string; refused: () => number; close(): Promise<void> }> {
  let refused = 0;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', async () => {
      const parsed = JSON.parse(body) as
        | { id: unknown; method: string; params?: Array<{ fromBlock: Hex; toBlock: Hex }> }
        | unknown[];
      if (!Array.isArray(parsed) && parsed.method === 'eth_getLogs') {
        const { fromBlock, toBlock } = parsed.params![0]!;
        if (BigInt(toBlock) - BigInt(fromBlock) + 1n > BigInt(maxBlocks)) {
          refused++;
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(
            JSON.stringify({
              jsonrpc: '2.0',
              id: parsed.id,
              error: { code: -32005, message: 'query returned more than 10000 results' },
            }),
          );
        }
      }
      const up = await fetch(upstream, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      res.writeHead(up.status, { 'content-type': 'application/json' });
      res.end(await up.text());
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    refused: () => refused,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Starts watchers on `config` (own chain clients, like another process). */
function watchers(
  sink: TestSink,
  o: { workerId: string; leaseMs?: number; cfg?: Config; metrics?: ReturnType<typeof createTransferWatcherMetrics> },
): TransferWatchers {
  const cfg = o.cfg ?? config;
  const chains = createChainRegistry(cfg.chains);
  const w = startTransferWatchers({
    db: db.db,
    config: cfg,
    chains,
    sink,
    logger: process.env.WATCH_LOG ? createLogger({ level: process.env.WATCH_LOG }) : silentLogger(),
    workerId: o.workerId,
    leaseMs: o.leaseMs,
    ...(o.metrics ? { metrics: o.metrics } : {}),
  });
  started.push(w);
  cleanups.push(async () => chains.close());
  return w;
}
const statusOf = (w: TransferWatchers) => w.status()[0]!;
/** Resolves once `w` holds the chain and its checkpoint has reached `block`. */
const reached = (w: TransferWatchers, block: bigint) =>
  waitFor(`checkpoint ${block}`, () => statusOf(w).holding && (statusOf(w).checkpoint ?? -1n) >= block);

const tUSD = () => chain.world.contracts.tUSD;
const tEUR = () => chain.world.contracts.tEUR;
const tVOL = () => chain.world.contracts.tVOL;

/** A transfer from an end-user wallet (not Keel), mined at once; returns its hash and block. */
async function pay(
  token: Address,
  to: Address,
  amount: bigint,
): Promise<{ hash: Hash; block: bigint; blockHash: Hash }> {
  const hash = await wallet.writeContract({
    address: token,
    abi: erc20Abi,
    functionName: 'transfer',
    args: [to, amount],
    account: wallet.account!,
    chain: wallet.chain,
  });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
  return { hash, block: receipt.blockNumber, blockHash: receipt.blockHash };
}

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  const base = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }]);
  assets = base.chains[0]!.assets.filter((a) => a.symbol === 'tUSD' || a.symbol === 'tVOL');
  config = configVia(chain.rpcUrl);
  client = createPublicClient({ transport: http(chain.rpcUrl), cacheTime: 0 });
  wallet = createWalletClient({
    account: privateKeyToAccount(users[0]!.privateKey),
    chain: chainDefinition(config.chains[0]!),
    transport: http(chain.rpcUrl),
  });
  await sql`create table test_transfers (chain_id bigint, block_number bigint, block_hash text, block_time bigint, tx_hash text, log_index int, token text,
    from_addr text, to_addr text, value numeric(78,0))`.execute(db.db);
}, 60_000);

// A failed test must not leave its watchers holding the chain for the next one.
afterEach(async () => {
  for (const w of started.splice(0)) await w.stop().catch(() => {});
});

afterAll(async () => {
  for (const c of cleanups) await c().catch(() => {});
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('transfer watcher', () => {
  it('records watched transfers of configured assets once; ignores others and what came before the first start', async () => {
    const sink = new TestSink();
    const a = fresh();
    const b = fresh();
    sink.watch(a);
    await pay(tUSD(), a, 111n); // before Keel ever watched this chain: not looked for
    const w = watchers(sink, { workerId: 'w1' });
    const start = await head();
    await reached(w, start);
    expect((await db.db.selectFrom('chain_watchers').selectAll().executeTakeFirstOrThrow()).checkpoint_block).toBe(
      Number(start),
    );

    const p1 = await pay(tUSD(), a, 1_500_000n);
    await pay(tUSD(), b, 7n); // unwatched recipient
    await pay(tEUR(), a, 9n); // token not configured on this chain
    const p2 = await pay(tVOL(), a, 2n ** 60n + 1n); // above 2^53: stays exact
    await reached(w, p2.block);
    await sleep(300); // more rounds at the head must not record anything again
    const rows = await rowsTo(a);
    expect(rows.map((r) => [r.tx_hash, r.token, r.value, r.block_number])).toEqual([
      [p1.hash, tUSD(), '1500000', Number(p1.block)],
      [p2.hash, tVOL(), (2n ** 60n + 1n).toString(), Number(p2.block)],
    ]);
    expect(await rowsTo(b)).toEqual([]);
    // Each transfer carries its block's time (read with the header the watcher checks anyway).
    expect(rows[0]!.block_time).toBe(Number((await client.getBlock({ blockNumber: p1.block })).timestamp));
    await w.stop();
  });

  it('catches up over more blocks than logRange after a stop, range by range, nothing missed or doubled', async () => {
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const paid: Hash[] = [];
    for (let i = 0; i < 3; i++) {
      paid.push((await pay(tUSD(), a, BigInt(i + 1))).hash);
      await mine(7);
    }
    const target = await head();
    const w = watchers(sink, { workerId: 'w2' });
    await reached(w, target);
    expect((await rowsTo(a)).map((r) => r.tx_hash)).toEqual(paid);
    // logRange 5 over ≥ 24 blocks: at least five ranges, each its own transaction.
    expect(statusOf(w).ranges).toBeGreaterThanOrEqual(5);
    await w.stop();
  });

  it('tells the sink the head and what is final under confirmations (3), never above the checkpoint', async () => {
    const sink = new TestSink();
    const w = watchers(sink, { workerId: 'w3' });
    await mine(2);
    const h = await head();
    await reached(w, h);
    const last = await waitFor('onHead at the head', () =>
      sink.heads.findLast((x) => x.number === h && x.checkpoint === h),
    );
    expect(last.finalThrough).toBe(h - 2n);
    for (const x of sink.heads) {
      expect(x.finalThrough <= x.checkpoint).toBe(true);
      expect(x.finalThrough).toBe(x.number - 2n < x.checkpoint ? x.number - 2n : x.checkpoint);
    }
    await w.stop();
  });

  it("with finality: finalized, final is the chain's finalized block", async () => {
    const sink = new TestSink();
    const w = watchers(sink, { workerId: 'w3f', cfg: configVia(chain.rpcUrl, { finality: 'finalized' }) });
    await mine(100);
    const h = await head();
    await reached(w, h);
    const last = await waitFor('onHead at the head', () =>
      sink.heads.findLast((x) => x.number === h && x.checkpoint === h),
    );
    const finalized = BigInt(((await rpc('eth_getBlockByNumber', ['finalized', false])) as { number: Hex }).number);
    expect(finalized).toBeGreaterThan(0n);
    expect(finalized).toBeLessThan(h - 2n); // not what 3 confirmations would give
    expect(last.finalThrough).toBe(finalized);
    await w.stop();
  });

  it('keeps block hashes only to a bounded depth below the final block', async () => {
    const sink = new TestSink();
    const w = watchers(sink, { workerId: 'w3b' });
    await mine(300);
    const h = await head();
    await reached(w, h);
    // final = head - 2 (3 confirmations); kept: 256 blocks below it. The prune follows the
    // checkpoint's commit (a moment later): wait for it rather than race it.
    const kept = () =>
      sql<{ lo: number; n: number }>`select min(number)::int as lo, count(*)::int as n from chain_blocks`
        .execute(db.db)
        .then((r) => r.rows[0]!);
    const { lo, n } = await waitFor('the prune below the final depth', async () => {
      const k = await kept();
      return BigInt(k.lo) >= h - 2n - 256n ? k : null;
    });
    expect(BigInt(lo)).toBeGreaterThanOrEqual(h - 2n - 256n);
    expect(n).toBeLessThanOrEqual(260);
    await w.stop();
  });

  it('anvil_reorg dropping a block with an applied transfer: rewound to the right ancestor and undone', async () => {
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const registry = createMetricsRegistry();
    const w = watchers(sink, { workerId: 'w4', metrics: createTransferWatcherMetrics(registry) });
    const before = await head();
    await reached(w, before);
    const p = await pay(tUSD(), a, 42n);
    expect(p.block).toBe(before + 1n);
    await reached(w, p.block);
    expect(await rowsTo(a)).toHaveLength(1);

    await rpc('anvil_reorg', [1, []]); // replaces the newest block with an empty one; the transfer is dropped
    await waitFor('rewind', () => sink.rewinds.length > 0);
    expect(sink.rewinds).toEqual([before]);
    await mine(2);
    await reached(w, p.block + 2n);
    expect(await rpc('eth_getTransactionReceipt', [p.hash])).toBeNull();
    expect(await rowsTo(a)).toEqual([]);
    expect(statusOf(w).reorgs).toBe(1);
    expect(await registry.getSingleMetricAsString('keel_chain_watcher_reorgs_total')).toContain(
      `keel_chain_watcher_reorgs_total{chain_id="${chain.chainId}"} 1`,
    );
    expect(await registry.getSingleMetricAsString('keel_chain_watcher_lag_blocks')).toMatch(/ 0$/m);
    // The watcher stores only the blocks it needs (those with transfers, and each range's last
    // block), so which numbers are stored depends on polling; whatever is stored above the
    // ancestor, the checkpoint included, must be the new fork's, and the dropped block is gone.
    const cp = await db.db
      .selectFrom('chain_watchers')
      .select(['checkpoint_block', 'checkpoint_hash'])
      .where('chain_id', '=', chain.chainId)
      .executeTakeFirstOrThrow();
    expect(BigInt(cp.checkpoint_block!)).toBeGreaterThanOrEqual(p.block + 2n);
    expect(cp.checkpoint_hash).toBe(
      ((await client.getBlock({ blockNumber: BigInt(cp.checkpoint_block!) })).hash ?? '').toLowerCase(),
    );
    const stored = await db.db
      .selectFrom('chain_blocks')
      .select(['number', 'hash'])
      .where('chain_id', '=', chain.chainId)
      .where('number', '>', Number(before))
      .execute();
    expect(stored.map((b) => Number(b.number))).toContain(Number(cp.checkpoint_block));
    for (const b of stored)
      expect(b.hash).toBe(((await client.getBlock({ blockNumber: BigInt(b.number) })).hash ?? '').toLowerCase());
    expect(stored.map((b) => b.hash)).not.toContain(p.blockHash.toLowerCase());
    await w.stop();
  });

  it('evm_snapshot/evm_revert with new blocks: the transfer re-included later is applied again exactly once', async () => {
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const w = watchers(sink, { workerId: 'w5' });
    const before = await head();
    await reached(w, before);
    const snap = await rpc('evm_snapshot');
    const request = await wallet.prepareTransactionRequest({
      account: wallet.account!,
      chain: wallet.chain,
      to: tUSD(),
      data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [a, 77n] }),
    });
    const raw = await wallet.signTransaction(request as never);
    const hash = (await rpc('eth_sendRawTransaction', [raw])) as Hash;
    const first = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    await reached(w, first.blockNumber);
    expect((await rowsTo(a)).map((r) => r.block_number)).toEqual([Number(first.blockNumber)]);

    expect(await rpc('evm_revert', [snap])).toBe(true);
    await mine(1); // a different block at the same height: the applied transfer's block is gone
    await rpc('eth_sendRawTransaction', [raw]); // the same signed transfer, one block later
    const again = await client.waitForTransactionReceipt({ hash, pollingInterval: 50 });
    expect(again.blockNumber).toBe(first.blockNumber + 1n);
    await reached(w, again.blockNumber);
    await waitFor('re-applied', async () => (await rowsTo(a))[0]?.block_number === Number(again.blockNumber));
    expect(sink.rewinds).toEqual([before]);
    const rows = await rowsTo(a);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.block_hash).toBe(again.blockHash.toLowerCase());
    await w.stop();
  });

  it('a chain cut back below the checkpoint, with no stored block at the new head: rewound at once, not once it regrows', async () => {
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const w = watchers(sink, { workerId: 'w5b' });
    const before = await head();
    await reached(w, before);
    const snap = await rpc('evm_snapshot');
    const paid = await pay(tUSD(), a, 55n);
    await mine(6); // one anvil_mine: read as ranges ending at P+4/P+5 and P+6, never at P+1 or P+2
    const top = await head();
    await reached(w, top);
    expect((await rowsTo(a)).map((r) => r.block_number)).toEqual([Number(paid.block)]);

    expect(await rpc('evm_revert', [snap])).toBe(true);
    await mine(2); // the new head is P+1: below the checkpoint, and Keel stored nothing at P+1 or P+2
    const cut = await head();
    expect(cut).toBe(paid.block + 1n);
    // The nearest stored block below the new head (the transfer's, P) differs: the chain was cut back.
    await waitFor('rewound', () => sink.rewinds.includes(before));
    await waitFor('undone', async () => (await rowsTo(a)).length === 0);
    expect(await head()).toBe(cut); // nothing regrew the chain meanwhile
    await w.stop();
  });

  it('a reorg while a range is being read: the read is dropped and done again on the new fork', async () => {
    const gate = await startRpcGate(chain.rpcUrl);
    cleanups.push(() => gate.close());
    const cfg = configVia(gate.url);
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const w = watchers(sink, { workerId: 'w6', cfg });
    await reached(w, await head());
    const held = gate.hold((c) => c.method === 'eth_getLogs');
    const p = await pay(tUSD(), a, 5n);
    await held.arrived; // the watcher has the range's last header and waits for its logs
    // Replace that block with one holding another transfer at the same nonce (6 instead of 5).
    const nonce = (await client.getTransaction({ hash: p.hash })).nonce;
    const replacement = await wallet.signTransaction(
      (await wallet.prepareTransactionRequest({
        account: wallet.account!,
        chain: wallet.chain,
        to: tUSD(),
        nonce,
        gas: 100_000n,
        data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [a, 6n] }),
      })) as never,
    );
    await rpc('anvil_reorg', [1, [[replacement, 0]]]);
    held.release();
    const moved = await client.getBlock({ blockNumber: p.block });
    expect(moved.transactions).toHaveLength(1);
    await reached(w, p.block);
    await sleep(300);
    const rows = await rowsTo(a);
    expect(rows.map((r) => [r.value, r.block_hash])).toEqual([['6', moved.hash!.toLowerCase()]]);
    expect(statusOf(w).retries).toBeGreaterThanOrEqual(1); // the first read was refused
    expect(sink.rewinds).toEqual([]); // nothing stale was ever applied
    await w.stop();
  });

  it('two processes: one reads the chain; when it dies, the other takes over after the lease and misses nothing', async () => {
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    // Renewed every third of it: long enough that a loaded machine's stalls do not let it lapse.
    const leaseMs = 4_000;
    const one = watchers(sink, { workerId: 'p1', leaseMs });
    const two = watchers(sink, { workerId: 'p2', leaseMs });
    await waitFor('a holder', () => statusOf(one).holding || statusOf(two).holding);
    const [holder, other] = statusOf(one).holding ? [one, two] : [two, one];
    const paid: Hash[] = [];
    for (let i = 0; i < 2; i++) paid.push((await pay(tUSD(), a, 10n + BigInt(i))).hash);
    await reached(holder, await head());
    await sleep(300);
    expect(statusOf(other)).toMatchObject({ holding: false, ranges: 0, rounds: 0 });

    await holder.stop({ release: false }); // killed: the lease stays until it lapses
    const killedAt = Date.now();
    for (let i = 0; i < 3; i++) {
      paid.push((await pay(tUSD(), a, 20n + BigInt(i))).hash);
      await mine(2);
    }
    const target = await head();
    await waitFor('takeover', () => statusOf(other).holding);
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(leaseMs / 2);
    await reached(other, target);
    await sleep(300);
    expect((await rowsTo(a)).map((r) => r.tx_hash)).toEqual(paid);
    const row = await db.db.selectFrom('chain_watchers').select(['locked_by']).executeTakeFirstOrThrow();
    expect(row.locked_by).toBe(other.workerId);

    // A clean stop releases the lease: a new process takes the chain over at once.
    await other.stop();
    const t0 = Date.now();
    const three = watchers(sink, { workerId: 'p3', leaseMs: 60_000 });
    // At once, not after the 60 s lease lapsed: well under half of it even on a loaded machine.
    await waitFor('p3 holds', () => statusOf(three).holding, 30_000);
    expect(Date.now() - t0).toBeLessThan(30_000);
    await three.stop();
  });

  it('a holder that stalled past losing its lease cannot apply its range (fenced); the new holder applies it once', async () => {
    const gate = await startRpcGate(chain.rpcUrl);
    cleanups.push(() => gate.close());
    const cfg = configVia(gate.url);
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const stalled = watchers(sink, { workerId: 'stalled', cfg });
    await reached(stalled, await head());
    const held = gate.hold((c) => c.method === 'eth_getLogs');
    const p = await pay(tUSD(), a, 3n);
    await held.arrived;
    // Another process took the chain over meanwhile (as after a lapsed lease).
    await db.db.updateTable('chain_watchers').set({ locked_by: 'usurper' }).execute();
    held.release();
    await waitFor('the fenced commit', () => statusOf(stalled).lastError?.includes('lease is held by usurper'));
    expect(statusOf(stalled).holding).toBe(false);
    expect(await rowsTo(a)).toEqual([]);
    // The usurper "dies"; its lease lapses and the stalled process reads the range again, once.
    await db.db.updateTable('chain_watchers').set({ locked_by: null, locked_until: null }).execute();
    await reached(stalled, p.block);
    await sleep(300);
    expect((await rowsTo(a)).map((r) => r.tx_hash)).toEqual([p.hash]);
    await stalled.stop();
  });

  it('an RPC endpoint failing for a while: rounds fail and are retried, nothing is lost or doubled', async () => {
    const proxy: FaultProxy = await startFaultProxy(chain.rpcUrl);
    cleanups.push(() => proxy.stop());
    const cfg = configVia(proxy.url);
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const w = watchers(sink, { workerId: 'w9', cfg });
    await reached(w, await head());
    proxy.setMode('503');
    const paid: Hash[] = [];
    for (let i = 0; i < 3; i++) {
      paid.push((await pay(tUSD(), a, 30n + BigInt(i))).hash);
      await mine(3);
    }
    await waitFor('failed rounds', () => statusOf(w).errors >= 2);
    expect(await rowsTo(a)).toEqual([]);
    proxy.setMode('die', { times: 4 });
    await sleep(300);
    proxy.setMode('forward');
    await reached(w, await head());
    await sleep(300);
    expect((await rowsTo(a)).map((r) => r.tx_hash)).toEqual(paid);
    expect(statusOf(w).holding).toBe(true);
    await w.stop();
  });

  it('a provider that refuses large log ranges: the range shrinks until reads succeed, and nothing is missed', async () => {
    const proxy = await startCappedLogsProxy(chain.rpcUrl, 2);
    cleanups.push(() => proxy.close());
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const w = watchers(sink, { workerId: 'w10', cfg: configVia(proxy.url) });
    await reached(w, await head());
    await w.stop();
    const paid: Hash[] = [];
    for (let i = 0; i < 3; i++) {
      paid.push((await pay(tUSD(), a, 40n + BigInt(i))).hash);
      await mine(3);
    }
    const again = watchers(sink, { workerId: 'w10', cfg: configVia(proxy.url) });
    await reached(again, await head());
    expect(proxy.refused()).toBeGreaterThan(0);
    expect((await rowsTo(a)).map((r) => r.tx_hash)).toEqual(paid);
  });

  it('a Keel worker started with a transfer sink runs the watchers, reports metrics, and releases the lease on stop', async () => {
    const sink = new TestSink();
    const a = fresh();
    sink.watch(a);
    const keel = await startKeel({
      config,
      role: 'worker',
      logger: silentLogger(),
      migrate: false,
      database: db,
      transferSink: sink,
    });
    try {
      const w = keel.transferWatchers!;
      await reached(w, await head());
      const p = await pay(tUSD(), a, 50n);
      await reached(w, p.block);
      expect((await rowsTo(a)).map((r) => r.tx_hash)).toEqual([p.hash]);
      expect(await keel.metrics.getSingleMetricAsString('keel_chain_watcher_leader')).toContain(
        `{chain_id="${chain.chainId}"} 1`,
      );
    } finally {
      await keel.stop();
    }
    const row = await db.db.selectFrom('chain_watchers').select(['locked_by']).executeTakeFirstOrThrow();
    expect(row.locked_by).toBeNull();
    const api = await startKeel({
      config,
      role: 'api',
      logger: silentLogger(),
      migrate: false,
      database: db,
      transferSink: sink,
      listen: false,
    });
    expect(api.transferWatchers).toBeUndefined();
    await api.stop();
  });
});
