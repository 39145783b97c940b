/**
 * Payment detection benchmark: `--intents` open payment intents (10,000), `--payments` real
 * ERC-20 transfers to their deposit addresses spread over `--blocks` blocks (5,000 over 100),
 * on anvil with the demo world, ingested by the per-chain transfer watcher into the payments
 * store (classification, deposits, intent recomputation, events) on the database of the run
 * (Postgres with DATABASE_URL, else PGlite).
 *
 * Measured:
 * - ingestion: the watcher, started behind those blocks, catching up — transfers recorded per
 *   second, beside a baseline in the same run: a bare `eth_getLogs` scan of the same blocks
 *   (the same token filter, no processing) — what reading alone costs;
 * - latency: with the watcher following the chain at the dev poll interval, `--latency-blocks`
 *   more blocks of payments, each mined at a random moment; from the block being mined to its
 *   intents reaching `processing` (p50/p99). Target: p99 within one poll interval + 500 ms.
 *
 * `--profile` adds where ingestion's time goes: SQL statements counted and timed by kind, the
 * sink's phases timed, and a CPU profile of the ingestion phase alone
 * (bench/results/payments-ingest.cpuprofile); see bench/payments-profile.ts.
 *
 *   npm run bench:payments [-- --intents 10000 --payments 5000 --blocks 100 --latency-blocks 20 --profile]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { createPublicClient, encodeFunctionData, http, numberToHex, type Address } from 'viem';
import { TRANSFER_TOPIC } from '../src/pipeline/simulate.ts';
import { createChainRegistry } from '../src/chain/index.ts';
import { startTransferWatchers, type TransferWatchers } from '../src/chain/transfer-watcher.ts';
import { erc20Abi } from '../src/contracts/abis.ts';
import { migrate } from '../src/db/migrate.ts';
import { users } from '../src/devnet/accounts.ts';
import { silentLogger } from '../src/lib/logger.ts';
import { newId } from '../src/lib/ids.ts';
import { depositAddress } from '../src/payments/deposit-address.ts';
import { PaymentsStore } from '../src/payments/store.ts';
import { paymentsSink } from '../src/payments/worker.ts';
import { testDatabase } from '../test/helpers/db.ts';
import { startTestChain } from '../test/helpers/devchain.ts';
import { devConfigFor } from '../test/helpers/keel.ts';
import { startCpuProfile, StatementCounter } from './payments-profile.ts';

const { values: args } = parseArgs({
  options: {
    intents: { type: 'string', default: '10000' },
    payments: { type: 'string', default: '5000' },
    blocks: { type: 'string', default: '100' },
    'latency-blocks': { type: 'string', default: '20' },
    profile: { type: 'boolean', default: false },
  },
});
const INTENTS = Number(args.intents);
const PAYMENTS = Number(args.payments);
const BLOCKS = Number(args.blocks);
const LATENCY_BLOCKS = Number(args['latency-blocks']);
const PER_BLOCK = Math.ceil(PAYMENTS / BLOCKS);
const LATENCY_PAYMENTS = LATENCY_BLOCKS * PER_BLOCK;
const TARGET_RATE = 5_000;

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const machine = {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? '?',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
  };
  const dbKind = process.env.DATABASE_URL ? 'Postgres' : 'PGlite';
  console.log(
    `payment detection benchmark: ${INTENTS} open intents, ${PAYMENTS} payments over ${BLOCKS} blocks (${PER_BLOCK} per block), database ${dbKind}`,
  );
  console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, node ${machine.node}`);
  if (INTENTS < PAYMENTS + LATENCY_PAYMENTS)
    throw new Error('--intents must cover --payments plus the latency payments');

  const chain = await startTestChain();
  const db = await testDatabase();
  let watchers: TransferWatchers | null = null;
  try {
    const c = chain.world.contracts;
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
      payments: { depositFactory: c.depositFactory },
      chains: { [chain.chainId]: { confirmations: 12 } },
    });
    const pollMs = config.chains[0]!.pollIntervalMs;
    await migrate(db.db);
    const chains = createChainRegistry(config.chains);
    await chains.verifyAll();
    const counter = new StatementCounter();
    const kdb = args.profile ? db.db.withPlugin(counter) : db.db;
    const store = new PaymentsStore(kdb, config);
    const sink = paymentsSink(store);
    // --profile: the sink's calls timed (inside the range's transaction for apply and rewind).
    const phases = new Map<string, { n: number; ms: number }>();
    /** Each sink call's start..end (ms of this process's clock), in order. */
    const spans: string[] = [];
    if (args.profile) {
      for (const k of ['watched', 'apply', 'rewind', 'onHead'] as const) {
        const f = sink[k] as (...a: unknown[]) => Promise<unknown>;
        (sink as unknown as Record<string, unknown>)[k] = async (...a: unknown[]) => {
          const t = performance.now();
          try {
            return await f(...a);
          } finally {
            const p = phases.get(k) ?? { n: 0, ms: 0 };
            p.n++;
            p.ms += performance.now() - t;
            spans.push(`${k} ${t.toFixed(0)}..${performance.now().toFixed(0)}`);
            phases.set(k, p);
          }
        };
      }
    }
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const rpc = (method: string, params: unknown[] = []) =>
      client.request({ method: method as 'eth_chainId', params: params as never });

    // ---- open intents (setup, not measured)
    const ids: string[] = [];
    const addresses: Address[] = [];
    const expires = new Date(Date.now() + 3_600_000);
    for (let i = 0; i < INTENTS; i += 1000) {
      const rows = Array.from({ length: Math.min(1000, INTENTS - i) }, () => {
        const id = newId('pi');
        const address = depositAddress(c.depositFactory, id);
        ids.push(id);
        addresses.push(address);
        return {
          id,
          asset: 'tUSD',
          decimals: 6,
          amount: '1000000',
          chains: JSON.stringify([chain.chainId]),
          deposit_address: address,
          status: 'requires_payment' as const,
          amount_received: '0',
          amount_pending: '0',
          amount_refunded: '0',
          metadata: '{}',
          api_key_id: 'bench',
          expires_at: expires,
          late_until: expires,
        };
      });
      await db.db.insertInto('payment_intents').values(rows).execute();
    }
    console.log(`setup: ${INTENTS} intents inserted`);

    /** Sends `n` payments of 1 tUSD (from the unlocked demo users, round robin) to `targets` and mines them in one block. */
    const payBlock = async (targets: Address[]): Promise<void> => {
      const reqs = targets.map((to, k) => ({
        jsonrpc: '2.0',
        id: k,
        method: 'eth_sendTransaction',
        params: [
          {
            from: users[k % users.length]!.address,
            to: c.tUSD,
            gas: '0x186a0',
            data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, 1_000_000n] }),
          },
        ],
      }));
      const res = (await (
        await fetch(chain.rpcUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(reqs),
        })
      ).json()) as Array<{ error?: unknown }>;
      const bad = res.find((r) => r.error);
      if (bad) throw new Error(`a payment was refused: ${JSON.stringify(bad.error)}`);
      await rpc('evm_mine');
    };
    await rpc('evm_setAutomine', [false]);

    // ---- ingestion: take the watcher's starting point, then mine the payments behind it
    const startWatchers = () =>
      startTransferWatchers({
        db: kdb,
        config,
        chains,
        sink,
        logger: silentLogger(),
        workerId: `bench-${Date.now()}`,
      });
    watchers = startWatchers();
    while (!watchers.status()[0]?.holding || watchers.status()[0]?.checkpoint === null) await sleep(50);
    await watchers.stop();
    watchers = null;
    const from = (await client.getBlockNumber({ cacheTime: 0 })) + 1n;
    for (let b = 0; b < BLOCKS; b++)
      await payBlock(addresses.slice(b * PER_BLOCK, Math.min(PAYMENTS, (b + 1) * PER_BLOCK)));
    const to = await client.getBlockNumber({ cacheTime: 0 });
    console.log(`setup: ${PAYMENTS} payments mined in blocks ${from}..${to}`);

    // Baseline: the bare log scan of the same blocks, as the watcher's ranges would read them.
    const tokens = config.chains[0]!.assets.map((a) => a.address as Address);
    const range = BigInt(config.chains[0]!.logRange);
    const scans: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t = performance.now();
      let n = 0;
      for (let x = from; x <= to; x += range) {
        const end = x + range - 1n > to ? to : x + range - 1n;
        n += (
          (await rpc('eth_getLogs', [
            { address: tokens, topics: [TRANSFER_TOPIC], fromBlock: numberToHex(x), toBlock: numberToHex(end) },
          ])) as unknown as unknown[]
        ).length;
      }
      scans.push(performance.now() - t);
      if (n < PAYMENTS) throw new Error(`the scan found ${n} transfers, expected at least ${PAYMENTS}`);
    }
    const scanMs = pct(scans, 50);
    const baselineRate = PAYMENTS / (scanMs / 1000);

    const count = async () =>
      Number(
        (
          await db.db
            .selectFrom('payment_deposits')
            .select((e) => e.fn.countAll<string>().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const stopProfile = args.profile ? await startCpuProfile() : null;
    counter.on = args.profile;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    watchers = startWatchers();
    while ((await count()) < PAYMENTS) {
      if (performance.now() - t0 > 120_000)
        throw new Error(
          `ingestion stalled: ${JSON.stringify(watchers.status(), (_k, v) => (typeof v === 'bigint' ? v.toString() : v))}`,
        );
      await sleep(10);
    }
    const ingestMs = performance.now() - t0;
    const ingestSpans = [...spans, `ingestion ${t0.toFixed(0)}..${performance.now().toFixed(0)}`];
    const ingestRate = PAYMENTS / (ingestMs / 1000);
    // CPU of this process (the watcher, and PGlite when embedded): steadier than wall time on a busy machine.
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const ranges = watchers.status()[0]?.ranges ?? 0;
    counter.on = false;
    const ingestPhases = [...phases].map(([k, p]) => [k, { ...p }] as const);
    mkdirSync('bench/results', { recursive: true });
    await stopProfile?.('bench/results/payments-ingest.cpuprofile');
    const processing = Number(
      (
        await db.db
          .selectFrom('payment_intents')
          .select((e) => e.fn.countAll<string>().as('n'))
          // Deposits reaching their confirmations while the watcher catches up move intents on to succeeded.
          .where('status', 'in', ['processing', 'succeeded'])
          .executeTakeFirstOrThrow()
      ).n,
    );
    if (processing !== PAYMENTS) throw new Error(`${processing} intents processing or succeeded, expected ${PAYMENTS}`);

    // ---- latency: the watcher follows the chain; blocks are mined at random moments
    const minedAt = new Map<string, number>();
    for (let b = 0; b < LATENCY_BLOCKS; b++) {
      await sleep(Math.random() * pollMs);
      const start = PAYMENTS + b * PER_BLOCK;
      const targets = ids.slice(start, start + PER_BLOCK);
      await payBlock(addresses.slice(start, start + PER_BLOCK));
      const at = Date.now();
      for (const id of targets) minedAt.set(id, at);
    }
    const latencyIds = [...minedAt.keys()];
    const deadline = Date.now() + 30_000;
    let rows: Array<{ id: string; processing_at: Date | null }> = [];
    while (Date.now() < deadline) {
      rows = await db.db
        .selectFrom('payment_intents')
        .select(['id', 'processing_at'])
        .where('id', 'in', latencyIds)
        .execute();
      if (rows.every((r) => r.processing_at)) break;
      await sleep(50);
    }
    if (!rows.every((r) => r.processing_at)) throw new Error('some latency payments never reached processing');
    const latencies = rows.map((r) => new Date(r.processing_at!).getTime() - minedAt.get(r.id)!);
    const p50 = pct(latencies, 50);
    const p99 = pct(latencies, 99);
    const latencyTarget = pollMs + 500;

    const pad = (s: string, n: number) => s.padEnd(n);
    console.log('');
    console.log(`${pad('', 44)}${pad('transfers', 12)}${pad('time (ms)', 12)}${pad('transfers/s', 14)}vs baseline`);
    console.log(
      `${pad('baseline: bare eth_getLogs scan (median of 5)', 44)}${pad(String(PAYMENTS), 12)}${pad(scanMs.toFixed(1), 12)}${pad(baselineRate.toFixed(0), 14)}1.00×`,
    );
    console.log(
      `${pad(`keel watcher → deposits, intents, events`, 44)}${pad(String(PAYMENTS), 12)}${pad(ingestMs.toFixed(1), 12)}${pad(ingestRate.toFixed(0), 14)}${(ingestRate / baselineRate).toFixed(2)}×`,
    );
    console.log(
      `keel watcher CPU in this process: ${cpuMs.toFixed(0)} ms (${((cpuMs / PAYMENTS) * 1000).toFixed(0)} ms per 1,000 transfers${dbKind === 'PGlite' ? ', the database included' : ', the Postgres server not included'})`,
    );
    console.log('');
    console.log(
      `latency, block mined → intent processing (${latencies.length} payments in ${LATENCY_BLOCKS} blocks, poll interval ${pollMs} ms): p50 ${p50} ms, p99 ${p99} ms`,
    );
    console.log(
      `ingestion ${ingestRate.toFixed(0)} transfers/s (target ≥ ${TARGET_RATE}): ${ingestRate >= TARGET_RATE ? 'met' : 'NOT met'}`,
    );
    if (args.profile) {
      console.log('');
      console.log(counter.report(ranges));
      console.log('sink calls during ingestion:');
      for (const [k, p] of ingestPhases)
        console.log(`  ${k.padEnd(10)} ${String(p.n).padStart(5)} calls ${p.ms.toFixed(0).padStart(7)} ms`);
      console.log(`timeline (ms): ${ingestSpans.join(', ')}`);
      console.log('CPU profile of the ingestion phase: bench/results/payments-ingest.cpuprofile');
    }
    console.log(
      `latency p99 ${p99} ms (target ≤ poll interval + 500 = ${latencyTarget} ms): ${p99 <= latencyTarget ? 'met' : 'NOT met'}`,
    );
    mkdirSync('bench/results', { recursive: true });
    writeFileSync(
      'bench/results/payments.json',
      JSON.stringify(
        {
          machine,
          database: dbKind,
          intents: INTENTS,
          payments: PAYMENTS,
          blocks: BLOCKS,
          baseline: { scanMs, transfersPerSecond: baselineRate },
          ingestion: {
            ms: ingestMs,
            cpuMs,
            transfersPerSecond: ingestRate,
            ratioToBaseline: ingestRate / baselineRate,
            target: TARGET_RATE,
          },
          latency: {
            payments: latencies.length,
            pollIntervalMs: pollMs,
            p50Ms: p50,
            p99Ms: p99,
            targetMs: latencyTarget,
          },
        },
        null,
        2,
      ),
    );
    console.log('wrote bench/results/payments.json');
  } finally {
    await watchers?.stop().catch(() => {});
    await db.close();
    await chain.stop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
