import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPublicClient, createWalletClient, getAddress, http, parseUnits, type Address } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { erc20Abi } from '../../src/contracts/abis.ts';
import { users } from '../../src/devnet/accounts.ts';
import { checkInvariants, type DriverLog } from './chaos-invariants.ts';
import { startChaosWorld, type ChaosWorld, type Slot } from './chaos-world.ts';
import type { RpcFault } from './rpc-gate.ts';
import { prng } from './fuzz.ts';

/**
 * A chaos run: while a driver sends tUSD transfers (each with its own Idempotency-Key, retried
 * with the same key after any failure), creates payment intents and pays them on chain, and a
 * receiver takes webhooks, three fault loops run — a random Keel process SIGKILLed and
 * restarted, an RPC proxy hanging or answering 429/503, the processes' Postgres connections
 * terminated — plus the receiver failing some deliveries. Then faults stop, the system drains,
 * and the invariants are checked against the chain and the database (chaos-invariants.ts).
 */

export interface ChaosOptions {
  seconds: number;
  seed: number;
  /** Bound of the drain after the faults stop. */
  drainSeconds?: number;
  log?: (line: string) => void;
  /** Where each process's output is written at the end (none when absent). */
  logDir?: string;
}

export interface ChaosReport {
  seed: number;
  seconds: number;
  wallMs: number;
  chaosMs: number;
  drainMs: number;
  operations: Record<string, number>;
  faults: Record<string, number>;
  violations: string[];
  notes: string[];
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const TRANSFER_USERS = ['chaos-u1', 'chaos-u2', 'chaos-u3', 'chaos-u4'];

/** Runs the whole thing and returns the report; the world is always torn down. */
export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const log = opts.log ?? (() => {});
  // Seeded (fuzz.ts's mulberry32) so `--seed` repeats the fault plan; process timing still varies.
  const rand = prng(opts.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo));
  const t0 = Date.now();
  const operations: Record<string, number> = {};
  const faults: Record<string, number> = {};
  const count = (m: Record<string, number>, k: string, n = 1) => {
    m[k] = (m[k] ?? 0) + n;
  };
  let faultsOn = true;
  const world = await startChaosWorld({
    receiverFails: () => {
      if (!faultsOn || rand() >= 0.1) return false;
      count(faults, 'webhook receiver 503');
      return true;
    },
    log,
  });
  const driver: DriverLog = { transfers: [], intents: [] };
  try {
    const chainDef = {
      id: world.chain.chainId,
      name: 'chaos',
      nativeCurrency: { name: 'E', symbol: 'ETH', decimals: 18 },
      rpcUrls: { default: { http: [world.chain.rpcUrl] } },
    };
    const publicClient = createPublicClient({ chain: chainDef, transport: http(world.chain.rpcUrl) });
    const wallet = createWalletClient({
      chain: chainDef,
      account: privateKeyToAccount(users[2]!.privateKey),
      transport: http(world.chain.rpcUrl),
    });

    const until = Date.now() + opts.seconds * 1000;
    const running = () => Date.now() < until;

    /**
     * One logical POST: the client retries by its rules; after it gives up (all processes it
     * tried were down, or a retryable answer persisted), the same request with the same key is
     * sent again, up to a bound. Answers the final response, or undefined when it gave up.
     */
    const postOnce = async (path: '/v1/transactions' | '/v1/payment-intents', body: unknown, key: string) => {
      for (let round = 0; round < 30; round++) {
        try {
          const r = await world.client.POST(path as '/v1/payment-intents', {
            body: body as never,
            headers: { 'Idempotency-Key': key },
          });
          if (r.response.ok) return { status: r.response.status, data: r.data as Record<string, any> };
          if (r.response.status < 500 && ![409, 429].includes(r.response.status)) {
            return { status: r.response.status, data: r.error as Record<string, any> };
          }
          count(operations, `${path} retried after ${r.response.status}`);
        } catch {
          count(operations, `${path} retried after a network error`);
        }
        await sleep(200 + round * 100);
      }
      return undefined;
    };

    const transferLane = async () => {
      while (running()) {
        const userId = pick(TRANSFER_USERS);
        const amount = `${between(1, 30)}.${String(between(0, 100)).padStart(2, '0')}`;
        const to = getAddress(`0x${randomBytes(20).toString('hex')}`) as Address;
        const key = randomUUID();
        const r = await postOnce(
          '/v1/transactions',
          { chainId: world.chain.chainId, signer: 'treasury', kind: 'transfer', to, asset: 'tUSD', amount, userId },
          key,
        );
        driver.transfers.push({
          key,
          to,
          amount: parseUnits(amount, 6),
          userId,
          ...(r ? { status: r.status, id: r.data?.id, txStatus: r.data?.status } : {}),
        });
        count(
          operations,
          r ? `transfer answered ${r.status}${r.data?.status ? ` ${r.data.status}` : ''}` : 'transfer gave up',
        );
      }
    };

    const intentLane = async () => {
      while (running()) {
        const amount = `${between(1, 10)}.${String(between(0, 100)).padStart(2, '0')}`;
        const key = randomUUID();
        const r = await postOnce('/v1/payment-intents', { asset: 'tUSD', amount }, key);
        if (r?.status !== 201) {
          count(operations, `intent not created (${r?.status ?? 'gave up'})`);
          continue;
        }
        const paid = parseUnits(amount, 6);
        const hash = await wallet.writeContract({
          address: world.chain.world.contracts.tUSD,
          abi: erc20Abi,
          functionName: 'transfer',
          args: [r.data.depositAddress as Address, paid],
        });
        await publicClient.waitForTransactionReceipt({ hash });
        driver.intents.push({ id: r.data.id, key, depositAddress: r.data.depositAddress, paid, hash });
        count(operations, 'intent created and paid');
      }
    };

    // anvil mines only on transactions: a block every half second lets confirmations accrue.
    let mining = true;
    const miner = async () => {
      while (mining) {
        await publicClient.request({ method: 'anvil_mine' as 'eth_chainId', params: ['0x1'] as never }).catch(() => {});
        await sleep(500);
      }
    };

    /** Slots being killed or restarted right now (by the kill loop or the supervisor). */
    const busy = new Set<Slot>();
    const killLoop = async () => {
      while (running()) {
        await sleep(between(2_000, 6_000));
        if (!running()) break;
        const slot: Slot = pick(world.slots);
        if (busy.has(slot)) continue;
        busy.add(slot);
        log(`kill -9 ${slot.label} (pid ${slot.proc.pid})`);
        slot.up = false;
        await slot.proc.kill();
        count(faults, `kill -9 ${slot.role}`);
        await sleep(between(200, 1_500));
        await world.restart(slot);
        busy.delete(slot);
        log(`restarted ${slot.label} (pid ${slot.proc.pid})`);
      }
    };

    const rpcLoop = async () => {
      while (running()) {
        await sleep(between(1_000, 4_000));
        if (!running()) break;
        const i = between(0, world.gates.length);
        const gate = world.gates[i]!;
        const fault: RpcFault = pick([
          { mode: 'hang' },
          { mode: '429', retryAfterS: between(1, 3) },
          { mode: '503' },
        ] as const);
        const ms = between(1_000, 4_000);
        log(`rpc proxy ${i}: ${fault.mode} for ${ms} ms`);
        count(faults, `rpc ${fault.mode}`);
        gate.fault(fault);
        await sleep(ms);
        gate.fault({ mode: 'none' });
      }
    };

    const pgLoop = async () => {
      while (running()) {
        await sleep(between(2_000, 7_000));
        if (!running()) break;
        const n = await world.terminateBackends().catch(() => 0);
        log(`pg_terminate_backend: ${n} connections`);
        count(faults, 'pg_terminate_backend calls');
        count(faults, 'pg connections terminated', n);
      }
    };

    // A supervisor, as systemd would be: a process that died by itself is noted and started again.
    const crashes: string[] = [];
    const supervisor = async () => {
      while (running()) {
        await sleep(250);
        for (const s of world.slots) {
          if (s.up && s.proc.exit && !busy.has(s)) {
            busy.add(s);
            s.up = false;
            crashes.push(`${s.proc.label} died by itself (${JSON.stringify(s.proc.exit)})${s.proc.tail(20)}`);
            log(`${s.label} died by itself: ${JSON.stringify(s.proc.exit)}`);
            await world.restart(s);
            busy.delete(s);
          }
        }
      }
    };

    const mine = miner();
    await Promise.all([supervisor(), transferLane(), transferLane(), intentLane(), killLoop(), rpcLoop(), pgLoop()]);
    faultsOn = false;
    for (const g of world.gates) g.fault({ mode: 'none' });
    const chaosMs = Date.now() - t0;
    log(`faults stopped after ${chaosMs} ms; draining`);

    // Every slot up again (a restart in progress finished inside killLoop).
    for (const s of world.slots) if (s.proc.exit) await world.restart(s);
    const drainStart = Date.now();
    const { violations, notes } = await checkInvariants(world, driver, publicClient, {
      drainMs: (opts.drainSeconds ?? 120) * 1000,
      log,
    });
    const drainMs = Date.now() - drainStart;
    mining = false;
    await mine;
    // A process that died by itself during the run (not by our kill) is a defect.
    for (const c of crashes) violations.push(`process crash: ${c}`);
    for (const f of world.startFailures) violations.push(`process did not start: ${f}`);
    for (const f of world.startRetries)
      notes.push(`start retried after exit 4 (database unavailable): ${f.split('\n').slice(0, 4).join(' | ')}`);
    if (world.startRetries.length) count(faults, 'starts retried after exit 4', world.startRetries.length);
    for (const s of world.slots) {
      if (s.proc.exit) violations.push(`process crash after the faults: ${s.proc.label}${s.proc.tail(20)}`);
    }
    operations.transfers = driver.transfers.length;
    operations['payment intents paid'] = driver.intents.length;
    operations['webhook deliveries received'] = world.receiver.received.length;
    for (const g of world.gates) {
      for (const [mode, n] of Object.entries(g.faulted)) count(faults, `rpc requests faulted (${mode})`, n);
    }
    return {
      seed: opts.seed,
      seconds: opts.seconds,
      wallMs: Date.now() - t0,
      chaosMs,
      drainMs,
      operations,
      faults,
      violations,
      notes,
    };
  } finally {
    // Every process's output (the last lines each kept) for the investigation of a violation.
    if (opts.logDir) {
      mkdirSync(opts.logDir, { recursive: true });
      for (const [i, c] of world.fleet.children.entries())
        writeFileSync(join(opts.logDir, `${String(i).padStart(2, '0')}-${c.label.split(' ')[0]}.log`), c.tail(5_000));
    }
    await world.close();
  }
}

export type { ChaosWorld };
