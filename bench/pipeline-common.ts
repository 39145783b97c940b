/**
 * Pieces shared by the write-path benchmark (`bench/pipeline.ts`) and its baselines
 * (`bench/pipeline-baselines.ts`): the workload (which transfer goes where), tUSD balances,
 * CPU and RPC meters, a bounded-concurrency loop and latency summaries.
 */
import { readFileSync } from 'node:fs';
import { createPublicClient, erc20Abi, getAddress, http, type Address } from 'viem';
import type { TestChain } from '../test/helpers/devchain.ts';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const ms1 = (x: number) => Number(x.toFixed(1));

/** p50, p99 and max of a list of durations (ms, one decimal). */
export const summary = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { p50: ms1(pct(s, 50)), p99: ms1(pct(s, 99)), max: ms1(s[s.length - 1] ?? NaN) };
};

/** One transfer of the workload. */
export interface Transfer {
  to: Address;
  /** Decimal tUSD amount, as Keel's API takes it. */
  amount: string;
  baseUnits: bigint;
}

/** The transfers every side of the benchmark sends, and what they add up to. */
export interface Workload {
  count: number;
  recipients: Address[];
  transfer(i: number): Transfer;
  expectedTotal: bigint;
}

/**
 * The workload: `count` transfers to `recipientCount` deterministic recipients no one else uses
 * (nothing deployed there, no balance), round-robin, 1.xxx tUSD each (amounts vary so a mix-up
 * shows in the sums). The same for every side, so their balances can be checked the same way.
 */
export function makeWorkload(count: number, recipientCount: number): Workload {
  const n = Math.min(recipientCount, count);
  const recipients: Address[] = Array.from({ length: n }, (_, i) =>
    getAddress(`0xbe7c${(i + 1).toString(16).padStart(36, '0')}`),
  );
  const transfer = (i: number): Transfer => {
    const milli = i % 1000;
    return {
      to: recipients[i % n]!,
      amount: `1.${String(milli).padStart(3, '0')}`,
      baseUnits: 1_000_000n + BigInt(milli) * 1_000n,
    };
  };
  const expectedTotal = Array.from({ length: count }, (_, i) => transfer(i).baseUnits).reduce((a, b) => a + b, 0n);
  return { count, recipients, transfer, expectedTotal };
}

/** tUSD held by every recipient together (one multicall) and by the sender. */
export async function balances(
  chain: TestChain,
  w: Workload,
  sender: Address,
): Promise<{ recipients: bigint; sender: bigint }> {
  const client = createPublicClient({ transport: http(chain.rpcUrl) });
  const token = chain.world.contracts.tUSD;
  const reads = await client.multicall({
    multicallAddress: '0xcA11bde05977b3631167028862bE2a173976CA11',
    allowFailure: false,
    contracts: [...w.recipients, sender].map((a) => ({
      address: token,
      abi: erc20Abi,
      functionName: 'balanceOf' as const,
      args: [a] as const,
    })),
  });
  const all = reads as bigint[];
  return { recipients: all.slice(0, -1).reduce((a, b) => a + b, 0n), sender: all.at(-1)! };
}

/** The balance check of one side: recipients received, and the sender spent, exactly the workload's total. */
export function balanceCheck(
  w: Workload,
  before: { recipients: bigint; sender: bigint },
  after: { recipients: bigint; sender: bigint },
) {
  const received = after.recipients - before.recipients;
  const spent = before.sender - after.sender;
  return {
    received: received.toString(),
    spentBySender: spent.toString(),
    expected: w.expectedTotal.toString(),
    ok: received === w.expectedTotal && spent === w.expectedTotal,
  };
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
/** CPU seconds (user + system) a process has used so far, from /proc; NaN once it has exited. */
export function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}

/** CPU shares of one phase, in percent of one core. */
export interface CpuUse {
  nodeCpuPercent: number;
  nodeEventLoopUtilization: number;
  anvilCpuPercent: number;
  keelCpuPercent?: number;
  /** CPU seconds this Node process (the client, or the baseline sender) used in the phase. */
  nodeCpuSeconds: number;
  /** CPU seconds the Keel process(es) used in the phase. */
  keelCpuSeconds?: number;
}

/**
 * Where the CPU went during a phase: this Node process (the client, or the baseline loop) and
 * its event-loop utilisation, anvil, and the Keel process(es) when given (API, worker and
 * PGlite share one JS thread in `--role all`). Call the returned function at the phase's end.
 */
export function cpuMeter(anvilPid: number, keelPid?: number, workerPid?: number): () => CpuUse {
  const c0 = process.cpuUsage();
  const e0 = performance.eventLoopUtilization();
  const a0 = cpuSecondsOf(anvilPid);
  const keelCpu = () => (keelPid ? cpuSecondsOf(keelPid) : NaN) + (workerPid ? cpuSecondsOf(workerPid) : 0);
  const k0 = keelCpu();
  const t0 = performance.now();
  return () => {
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const share = (x: number) => Number(((100 * x) / wall).toFixed(0));
    const s3 = (x: number) => Number(x.toFixed(3));
    return {
      nodeCpuSeconds: s3((c.user + c.system) / 1e6),
      ...(keelPid ? { keelCpuSeconds: s3(keelCpu() - k0) } : {}),
      nodeCpuPercent: share((c.user + c.system) / 1e6),
      nodeEventLoopUtilization: Number(performance.eventLoopUtilization(e0).utilization.toFixed(2)),
      anvilCpuPercent: share(cpuSecondsOf(anvilPid) - a0),
      ...(keelPid ? { keelCpuPercent: share(keelCpu() - k0) } : {}),
    };
  };
}

/** Runs `fn(i)` for i in [0, n) with at most `limit` in flight, in order of i. */
export async function pool(n: number, limit: number, fn: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, n) }, async () => {
      while (next < n) await fn(next++);
    }),
  );
}

/**
 * JSON-RPC calls by method and HTTP requests, counted by a viem transport's fetch hook (a
 * batched request counts once as HTTP and once per call inside it).
 */
export function rpcCounter() {
  const byMethod: Record<string, number> = {};
  let httpRequests = 0;
  return {
    byMethod,
    total: () => Object.values(byMethod).reduce((a, b) => a + b, 0),
    httpRequests: () => httpRequests,
    async onFetchRequest(req: Request) {
      httpRequests++;
      const body = (await req.clone().json()) as { method: string } | Array<{ method: string }>;
      for (const m of Array.isArray(body) ? body : [body]) byMethod[m.method] = (byMethod[m.method] ?? 0) + 1;
    },
  };
}
