import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import type { Database } from '../db/database.ts';

export interface ChainReadiness {
  chainId: number;
  name: string;
  status: 'ok' | 'unavailable';
  blockNumber?: string;
  reason?: string;
  endpoints: Array<{ url: string; status: string; latencyMs?: number | null; lastError?: string | null }>;
}

/**
 * A chain that contradicted Keel's final records (a rollback, a reorganisation deeper than the
 * confirmations). `reconciling`: Keel is re-submitting lost transactions or waiting to see lost
 * deposits again, and `/ready` is degraded; `attention`: nothing left to heal, but final
 * deposits were lost for good (reported, not degrading).
 */
/** A condition a module reports in `/ready` (`checks[]`): `attention` degrades Keel without taking it out of service. */
export interface ReadinessCheck {
  /** What is checked (`paymaster_deposit`…). */
  name: string;
  status: 'attention';
  chainId?: number;
  /** What is wrong and what an operator does about it. */
  reason: string;
}

export interface ChainReconciliation {
  chainId: number;
  name: string;
  status: 'reconciling' | 'attention';
  reason: string;
  /** Transactions that were final, lost their block, and are not final again yet. */
  transactions: number;
  signers: string[];
  deposits: { awaiting: number; lost: number };
}

const reconciliationSchema = z.object({
  chainId: z.number(),
  name: z.string(),
  status: z.enum(['reconciling', 'attention']),
  reason: z.string(),
  transactions: z.number(),
  signers: z.array(z.string()),
  deposits: z.object({ awaiting: z.number(), lost: z.number() }),
});

const readySchema = z.object({
  status: z.enum(['ready', 'degraded', 'not_ready']),
  database: z.object({ status: z.enum(['ok', 'unavailable']), kind: z.string(), reason: z.string().optional() }),
  chains: z.array(
    z.object({
      chainId: z.number(),
      name: z.string(),
      status: z.enum(['ok', 'unavailable']),
      blockNumber: z.string().optional(),
      reason: z.string().optional(),
      endpoints: z.array(
        z.object({
          url: z.string(),
          status: z.string(),
          latencyMs: z.number().nullable().optional(),
          lastError: z.string().nullable().optional(),
        }),
      ),
    }),
  ),
  /** Chains whose records Keel is reconciling after a rollback (empty when none). */
  reconciliation: z.array(reconciliationSchema).optional(),
  /** Conditions a capability reports that need an operator (e.g. a low paymaster deposit); empty when none. */
  checks: z
    .array(
      z.object({
        name: z.string(),
        status: z.literal('attention'),
        chainId: z.number().optional(),
        reason: z.string(),
      }),
    )
    .optional(),
});

/**
 * `/health` (the process is alive), `/ready` (database and each chain, with RPC endpoint
 * health), `/metrics` (Prometheus). `/ready` answers 503 only when the database is down or no
 * chain at all is reachable: one chain's outage degrades Keel, it does not take it out of
 * the load balancer (every replica would see the same outage). A chain being reconciled after
 * a rollback (`reconciliation`) also degrades it, with a reason naming the chain and what is
 * being healed. `ops: false` leaves `/ready` and `/metrics` out (the API port when
 * `server.opsPort` moves them to the ops listener); `/health` is always there.
 */
export function systemRoutes(
  deps: {
    database: Database;
    metrics: Registry;
    probeChains: () => Promise<ChainReadiness[]>;
    reconciliation?: () => Promise<ChainReconciliation[]>;
    /** Modules' conditions needing an operator (`checks[]`): any degrades `/ready`. */
    checks?: () => Promise<ReadinessCheck[]>;
  },
  opts: { ops?: boolean } = {},
) {
  return (app: FastifyInstance) => {
    app.get(
      '/health',
      {
        config: { public: true },
        schema: { tags: ['system'], summary: 'Liveness', response: { 200: z.object({ status: z.literal('ok') }) } },
      },
      async () => ({ status: 'ok' as const }),
    );
    if (opts.ops === false) return;

    app.get(
      '/ready',
      {
        config: { public: true },
        schema: {
          tags: ['system'],
          summary: 'Readiness: database and chains',
          response: { 200: readySchema, 503: readySchema },
        },
      },
      async (_req, reply) => {
        const [db, chains, reconciliation, checks] = await Promise.all([
          deps.database.ping().then(
            () => ({ status: 'ok' as const, kind: deps.database.kind }),
            (err: Error) => ({ status: 'unavailable' as const, kind: deps.database.kind, reason: err.message }),
          ),
          deps.probeChains(),
          // A database fault already shows under `database`.
          deps.reconciliation
            ? deps.reconciliation().catch(() => [] as ChainReconciliation[])
            : Promise.resolve([] as ChainReconciliation[]),
          deps.checks ? deps.checks().catch(() => [] as ReadinessCheck[]) : Promise.resolve([] as ReadinessCheck[]),
        ]);
        const chainsOk = chains.filter((c) => c.status === 'ok').length;
        const reconciling = reconciliation.some((r) => r.status === 'reconciling');
        const status =
          db.status !== 'ok' || (chains.length > 0 && chainsOk === 0)
            ? 'not_ready'
            : chainsOk < chains.length || reconciling || checks.length > 0
              ? 'degraded'
              : 'ready';
        return reply
          .code(status === 'not_ready' ? 503 : 200)
          .send({ status, database: db, chains, reconciliation, checks });
      },
    );

    app.get(
      '/metrics',
      { config: { public: true }, schema: { tags: ['system'], summary: 'Prometheus metrics' } },
      async (_req, reply) => {
        reply.type(deps.metrics.contentType);
        return deps.metrics.metrics();
      },
    );
  };
}
