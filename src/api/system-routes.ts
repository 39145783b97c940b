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
      endpoints: z.array(z.object({ url: z.string(), status: z.string(), latencyMs: z.number().nullable().optional(), lastError: z.string().nullable().optional() })),
    }),
  ),
});

/**
 * `/health` (the process is alive), `/ready` (database and each chain, with RPC endpoint
 * health), `/metrics` (Prometheus). `/ready` answers 503 only when the database is down or no
 * chain at all is reachable: one chain's outage degrades Keel, it does not take it out of
 * the load balancer (every replica would see the same outage).
 * `ops: false` leaves `/ready` and `/metrics` out (the API port when `server.opsPort` moves
 * them to the ops listener); `/health` is always there.
 */
export function systemRoutes(deps: { database: Database; metrics: Registry; probeChains: () => Promise<ChainReadiness[]> }, opts: { ops?: boolean } = {}) {
  return (app: FastifyInstance) => {
    app.get('/health', { config: { public: true }, schema: { tags: ['system'], summary: 'Liveness' } }, async () => ({ status: 'ok' }));
    if (opts.ops === false) return;

    app.get(
      '/ready',
      { config: { public: true }, schema: { tags: ['system'], summary: 'Readiness: database and chains', response: { 200: readySchema, 503: readySchema } } },
      async (_req, reply) => {
        const [db, chains] = await Promise.all([
          deps.database.ping().then(
            () => ({ status: 'ok' as const, kind: deps.database.kind }),
            (err: Error) => ({ status: 'unavailable' as const, kind: deps.database.kind, reason: err.message }),
          ),
          deps.probeChains(),
        ]);
        const chainsOk = chains.filter((c) => c.status === 'ok').length;
        const status = db.status !== 'ok' || (chains.length > 0 && chainsOk === 0) ? 'not_ready' : chainsOk < chains.length ? 'degraded' : 'ready';
        return reply.code(status === 'not_ready' ? 503 : 200).send({ status, database: db, chains });
      },
    );

    app.get('/metrics', { config: { public: true }, schema: { tags: ['system'], summary: 'Prometheus metrics' } }, async (_req, reply) => {
      reply.type(deps.metrics.contentType);
      return deps.metrics.metrics();
    });
  };
}
