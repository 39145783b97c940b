import type { Kysely } from 'kysely';
import type { RouteModule } from '../api/app.ts';
import type { ReadinessCheck } from '../api/system-routes.ts';
import type { KeysStore } from '../auth/keys-store.ts';
import type { PrincipalsStore } from '../auth/principals-store.ts';
import type { ChainRegistry, TransferSink } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { Logger } from '../lib/logger.ts';
import type { Registry } from '../lib/metrics.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import type { AddressSource } from '../pipeline/facts.ts';
import type { IntakeGuard } from '../pipeline/guards.ts';
import type { OutcomeHandler } from '../pipeline/outcomes.ts';
import type { Pipeline } from '../pipeline/service.ts';
import type { PolicyCache } from '../policy/loader.ts';
import type { SignerRegistry } from '../signers/index.ts';

/**
 * How a capability plugs into a Keel process. Each capability exports one factory
 * (`src/<capability>/module.ts`) that builds its services from the core in `ModuleContext` and
 * returns a `KeelModule`: the parts the runtime applies by role. `src/runtime/keel.ts` lists the
 * factories; adding a capability is one line there. A module object only declares: it starts
 * nothing itself, so building it has no effect until the runtime applies it.
 */

/** The core every module builds on: one per process, built by the runtime before any module. */
export interface ModuleContext {
  config: Config;
  /** The process logger; modules make their own children of it. */
  logger: Logger;
  database: Database;
  db: Kysely<DB>;
  chains: ChainRegistry;
  signers: SignerRegistry;
  /** The write path; capabilities create transactions through it and hear their outcomes. */
  pipeline: Pipeline;
  /** The process's Prometheus registry (served by `/metrics`). */
  metrics: Registry;
  /** Seals secrets at rest (`secrets.encryptionKey`). */
  box: SecretBox;
  keys: KeysStore;
  principals: PrincipalsStore;
  /** The active policy, cached; shared by the pipeline's intake and the policy routes. */
  policyCache: PolicyCache;
}

/** A task a worker process runs on a timer (never two runs at once; a failed run is logged). */
export interface PeriodicTask {
  /** Names the task in logs. */
  name: string;
  everyMs: number;
  run: () => Promise<unknown>;
}

/** A long-running worker piece (a claim loop, a listener): started once, stopped at shutdown. */
export interface WorkerStarter {
  name: string;
  /** Starts the piece; the result's `stop` ends it and waits for work in progress. */
  start: () => { stop(): Promise<void> };
}

export type { ReadinessCheck };

/** What a module tells `/ready`. */
export interface ReadinessContribution {
  /** Final deposits a rewind of the transfer watcher took away and that were not seen again. */
  reorgedFinalDeposits?: () => Promise<Array<{ chainId: number; blockNumber: bigint; count: number }>>;
  /** Conditions needing an operator (only those that hold now; none when all is well). */
  checks?: () => Promise<ReadinessCheck[]>;
}

/** One capability's parts, applied by the runtime according to the process's role. */
export interface KeelModule {
  /** Unique among the modules of a process; names the module in logs and errors. */
  name: string;
  /** API role: route plugins registered on the API app, in order, after the shared plumbing. */
  routes?: readonly RouteModule[];
  /** Worker role: periodic tasks. */
  tasks?: readonly PeriodicTask[];
  /** Worker role: long-running pieces. */
  workers?: readonly WorkerStarter[];
  /** Worker role: where the per-chain transfer watchers deliver transfers (at most one module). */
  transferSink?: TransferSink;
  /** Every role: outcome handlers of the transactions this module creates, by origin. */
  outcomes?: Readonly<Record<string, OutcomeHandler>>;
  /**
   * Worker role, at start: the transactions whose outcome this module still waits for. Those
   * already final are delivered to its handlers again (a record left pending by a crash between
   * versions, or by an earlier version that settled by polling).
   */
  awaitingOutcomes?: () => Promise<string[]>;
  /** Every role: addresses the pipeline's chain facts resolve (Keel accounts, known parties). */
  addressSources?: readonly AddressSource[];
  /**
   * Every role: rules the write path applies to every request after the policy (`pipeline.addGuard`);
   * a refusal is recorded and answered as a policy denial (src/pipeline/guards.ts).
   */
  intakeGuards?: readonly IntakeGuard[];
  /** Every role: registers the module's series on the process's registry (called once). */
  metrics?: (registry: Registry) => void;
  /** Every role that serves `/ready`. */
  readiness?: ReadinessContribution;
}

/** Builds a module from the core. */
export type ModuleFactory = (ctx: ModuleContext) => KeelModule;

/**
 * Checks a process's modules before any is applied: names unique, at most one transfer sink
 * (the watchers feed one sink), no outcome origin or intake guard claimed twice. Throws on the first problem.
 */
export function checkModules(modules: readonly KeelModule[]): void {
  const names = new Set<string>();
  const origins = new Map<string, string>();
  const guards = new Map<string, string>();
  let sink: string | undefined;
  for (const m of modules) {
    if (names.has(m.name)) throw new Error(`module ${m.name} is listed twice`);
    names.add(m.name);
    if (m.transferSink) {
      if (sink) throw new Error(`modules ${sink} and ${m.name} both declare a transfer sink; the watchers feed one`);
      sink = m.name;
    }
    for (const origin of Object.keys(m.outcomes ?? {})) {
      const other = origins.get(origin);
      if (other) throw new Error(`modules ${other} and ${m.name} both handle the outcomes of ${origin}`);
      origins.set(origin, m.name);
    }
    for (const g of m.intakeGuards ?? []) {
      const other = guards.get(g.name);
      if (other) throw new Error(`modules ${other} and ${m.name} both declare intake guard ${g.name}`);
      guards.set(g.name, m.name);
    }
    const tasks = new Set<string>();
    for (const t of [...(m.tasks ?? []), ...(m.workers ?? [])]) {
      if (tasks.has(t.name)) throw new Error(`module ${m.name} declares worker piece ${t.name} twice`);
      tasks.add(t.name);
    }
  }
}
