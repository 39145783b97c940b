import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { hitCounter, readCounter } from '../auth/rate-limit-store.ts';
import type { DB } from '../db/schema.ts';
import { KeelError } from '../lib/errors.ts';
import { clientBucket } from '../lib/ip.ts';

const WINDOW_MS = 60_000;

/** Whether a request goes through the API-key check: the exemptions of `registerAuth` (auth.ts). */
function needsKey(req: FastifyRequest): boolean {
  const url = req.routeOptions.url;
  return !(req.routeOptions.config.public || url === undefined || url.startsWith('/docs'));
}

/** The counter of one client: its IP, or its IPv6 /64 (src/lib/ip.ts `clientBucket`). */
const bucketOf = (req: FastifyRequest) => `authfail:${clientBucket(req.ip)}`;

/**
 * Limits failed authentication per client: every 401 on a keyed route counts one failure for
 * the client's IP (`server.trustProxy` makes it the client's rather than the proxy's), in
 * the shared `rate_limit_counters` so the count holds across API replicas. Once a client has
 * `perMinute` failures in the current clock minute, its requests to keyed routes answer 429
 * `rate_limited` with `Retry-After` until the minute ends — before the key is looked up, valid
 * or not: otherwise a blocked client would still learn which keys work (200 vs 429) and
 * every guess would still cost a key lookup. Successful requests count nothing; public
 * routes (health, checkout, docs) are never blocked. Registered before the auth hook.
 */
export function registerFailedAuthLimit(app: FastifyInstance, db: Kysely<DB>, perMinute: number): void {
  if (perMinute <= 0) return;
  app.addHook('onRequest', async (req) => {
    if (!needsKey(req)) return;
    let state;
    try {
      state = await readCounter(db, bucketOf(req), WINDOW_MS);
    } catch (err) {
      // The key lookup needs the same database: it fails the request on its own if it is down.
      req.log.warn({ err }, 'cannot read the failed-authentication counter');
      return;
    }
    if (state.current >= perMinute) {
      const retryAfterSeconds = Math.max(1, Math.ceil(state.ttl / 1000));
      throw new KeelError(
        'rate_limited',
        `too many failed authentications from this client (${perMinute} per minute); try again in ${retryAfterSeconds} s`,
        {
          headers: { 'retry-after': String(retryAfterSeconds) },
          extra: { retryAfterSeconds },
        },
      );
    }
  });
  // Counted before the 401 is sent, so the client's next request already sees it.
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode === 401 && needsKey(req)) {
      await hitCounter(db, bucketOf(req), WINDOW_MS).catch((err: unknown) =>
        req.log.warn({ err }, 'cannot count a failed authentication'),
      );
    }
    return payload;
  });
}
