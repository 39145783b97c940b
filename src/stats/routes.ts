import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { EndpointStatus } from '../chain/index.ts';
import type { DB } from '../db/schema.ts';
import { BUCKET_NAMES, planBuckets, type BucketName } from './buckets.ts';
import { readOverview } from './store.ts';

const counts = z.array(z.number().int());
const maybe = z.array(z.number().nullable());

const overviewSchema = z.object({
  object: z.literal('stats_overview'),
  from: z.string().describe('Start of the first bucket (the requested `from` aligned down to the bucket size)'),
  to: z.string(),
  bucket: z.enum(BUCKET_NAMES as [BucketName, ...BucketName[]]),
  bucketSeconds: z.number().int(),
  buckets: z.array(z.string()).describe('Start of every bucket; every series below has one value per bucket'),
  generatedAt: z.string(),
  transactions: z.object({
    confirmed: counts,
    reverted: counts,
    failed: counts,
    rejected: counts,
    abandoned: counts.describe('expired + cancelled'),
    successRate: maybe.describe('confirmed / (confirmed + reverted + failed), 0–1; null when none finished'),
    totals: z.object({
      confirmed: z.number().int(),
      reverted: z.number().int(),
      failed: z.number().int(),
      rejected: z.number().int(),
      expired: z.number().int(),
      cancelled: z.number().int(),
      successRate: z.number().nullable(),
    }),
    inFlight: z.number().int().describe('Now: queued, signed or submitted'),
  }),
  settle: z.object({
    p50Seconds: maybe.describe('Created → confirmed (includes review waits)'),
    p95Seconds: maybe,
    onChainP50Seconds: maybe.describe('Broadcast → confirmed'),
    overall: z.object({
      count: z.number().int(),
      p50Seconds: z.number().nullable(),
      p95Seconds: z.number().nullable(),
      onChainP50Seconds: z.number().nullable(),
    }),
  }),
  volume: z.object({
    usd: z.array(z.string()).describe('USD value of confirmed transactions per bucket, decimal strings'),
    count: counts,
    totalUsd: z.string(),
    byAsset: z.array(
      z.object({
        chainId: z.number().int(),
        symbol: z.string(),
        decimals: z.number().int(),
        amount: z.string(),
        baseUnits: z.string(),
        count: z.number().int(),
      }),
    ),
  }),
  revertReasons: z
    .array(z.object({ reason: z.string(), status: z.enum(['reverted', 'failed']), count: z.number().int() }))
    .describe('Top 10 over the range'),
  reviews: z.object({
    pending: z.number().int().describe('Now'),
    oldestWaitingSince: z.string().nullable(),
    requested: counts,
    approved: counts,
    rejected: counts,
    expired: counts,
  }),
  breakers: z
    .object({
      open: z
        .array(
          z.object({
            key: z.string(),
            reason: z.string().nullable(),
            trippedAt: z.string().nullable(),
            trippedBy: z.string().nullable(),
          }),
        )
        .describe('Now'),
      trips: counts,
    })
    .nullable()
    .describe('null unless the key also holds `admin` (the scope that reads breakers)'),
  webhooks: z
    .object({
      succeeded: counts.describe('Delivery attempts answered 2xx'),
      failed: counts.describe('Delivery attempts that failed (non-2xx, timeout, network)'),
      p95LatencyMs: maybe,
      pendingDeliveries: z.number().int().describe('Now'),
      failedDeliveries: z.number().int().describe('Now: given up after every retry'),
      endpoints: z.object({ enabled: z.number().int(), disabled: z.number().int(), failing: z.number().int() }),
    })
    .nullable()
    .describe(
      'null unless the key also holds `webhooks:write` (the scope that reads webhook endpoints and deliveries)',
    ),
  rpc: z
    .array(
      z.object({
        chainId: z.number().int(),
        name: z.string(),
        endpoints: z.array(
          z.object({
            url: z.string(),
            rank: z.number().int().nullable(),
            status: z.enum(['healthy', 'cooling', 'wrong_chain', 'disabled']),
            chainVerified: z.boolean(),
            latencyMs: z.number().nullable(),
            consecutiveFailures: z.number().int(),
            cooldownUntil: z.string().nullable(),
            lastError: z.string().nullable(),
            lastErrorAt: z.string().nullable(),
          }),
        ),
      }),
    )
    .describe('RPC endpoint health per chain as this API process sees it now (redacted URLs)'),
});

export type StatsOverview = z.infer<typeof overviewSchema>;

/**
 * `GET /v1/stats/overview?from&to&bucket` (scope `transactions:read`): the pilot metrics of
 * the dashboard's overview — success rate, revert reasons, time to settle, volume, reviews,
 * breakers, webhook delivery health per time bucket, and RPC endpoint health per chain.
 * Breaker and webhook figures are shown only to keys that could read those resources
 * directly (`admin`, `webhooks:write`), so this route widens no key's view.
 */
export function statsRoutes(deps: {
  db: Kysely<DB>;
  rpcHealth: () => Array<{ chainId: number; name: string; endpoints: EndpointStatus[] }>;
}) {
  return (app: FastifyInstance) => {
    app.withTypeProvider<ZodTypeProvider>().get(
      '/v1/stats/overview',
      {
        config: { scope: 'transactions:read' },
        schema: {
          tags: ['stats'],
          summary: 'Pilot metrics over time: transactions, settlement, volume, reviews, breakers, webhooks, RPC health',
          description:
            'Series have one value per bucket. Buckets are aligned to the UTC epoch, so repeated calls see the same boundaries. `bucket=auto` (the default) picks the smallest size giving at most 60 buckets; at most 500 buckets per call (else 422 `validation_failed`).',
          querystring: z.object({
            from: z.iso.datetime({ offset: true }).optional().describe('Default: 24 hours before `to`'),
            to: z.iso.datetime({ offset: true }).optional().describe('Default: now'),
            bucket: z.enum(['auto', ...BUCKET_NAMES] as ['auto', ...BucketName[]]).default('auto'),
          }),
          response: { 200: overviewSchema },
        },
      },
      async (req) => {
        const to = req.query.to ? new Date(req.query.to) : new Date();
        const from = req.query.from ? new Date(req.query.from) : new Date(to.getTime() - 86_400_000);
        const plan = planBuckets({ from, to, bucket: req.query.bucket });
        const scopes = req.apiKey?.scopes ?? [];
        const stats = await readOverview(deps.db, plan, {
          breakers: scopes.includes('admin'),
          webhooks: scopes.includes('webhooks:write'),
        });
        return {
          object: 'stats_overview' as const,
          from: plan.from.toISOString(),
          to: plan.to.toISOString(),
          bucket: plan.bucket,
          bucketSeconds: plan.bucketSeconds,
          buckets: plan.starts.map((d) => d.toISOString()),
          generatedAt: new Date().toISOString(),
          ...stats,
          rpc: deps.rpcHealth(),
        };
      },
    );
  };
}
