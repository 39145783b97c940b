import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { currentWindow, hitCounter, readCounter } from '../auth/rate-limit-store.ts';
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
 * The limit on failed authentication per client: every 401 on a keyed route counts one failure
 * for the client's IP (`server.trustProxy` makes it the client's rather than the proxy's), in
 * the shared `rate_limit_counters` so the count holds across API replicas. Once a client has
 * `perMinute` failures in the current clock minute, its requests to keyed routes answer 429
 * `rate_limited` with `Retry-After` until the minute ends — whatever key they carry, valid or
 * not: otherwise a blocked client would still learn which keys work (200 vs 429). The auth hook
 * (auth.ts) reads the counter with the key in one statement (`counterOf`, then `refuseOver`);
 * a request without a key reads it alone (`check`). Successful requests count nothing; public
 * routes (health, checkout, docs) are never blocked.
 */
export interface FailedAuthGate {
  /** The client's counter in the current window, for `KeysStore.verifyCounting`. */
  counterOf(req: FastifyRequest): { bucket: string; windowStart: Date };
  /** Throws 429 when `failures` (read for `req`'s client in this window) reached the limit. */
  refuseOver(failures: number): void;
  /** Reads the counter alone and refuses over the limit (a request that carries no key). */
  check(req: FastifyRequest): Promise<void>;
}

/** The gate for `perMinute` failures per client (none when 0), and the hook that counts 401s. */
export function registerFailedAuthLimit(
  app: FastifyInstance,
  db: Kysely<DB>,
  perMinute: number,
): FailedAuthGate | undefined {
  if (perMinute <= 0) return undefined;
  const refuse = (ttl: number) => {
    const retryAfterSeconds = Math.max(1, Math.ceil(ttl / 1000));
    throw new KeelError(
      'rate_limited',
      `too many failed authentications from this client (${perMinute} per minute); try again in ${retryAfterSeconds} s`,
      { headers: { 'retry-after': String(retryAfterSeconds) }, extra: { retryAfterSeconds } },
    );
  };
  // Counted before the 401 is sent, so the client's next request already sees it.
  app.addHook('onSend', async (req, reply, payload) => {
    if (reply.statusCode === 401 && needsKey(req)) {
      await hitCounter(db, bucketOf(req), WINDOW_MS).catch((err: unknown) =>
        req.log.warn({ err }, 'cannot count a failed authentication'),
      );
    }
    return payload;
  });
  return {
    counterOf: (req) => ({ bucket: bucketOf(req), windowStart: new Date(currentWindow(WINDOW_MS).start) }),
    refuseOver(failures) {
      if (failures >= perMinute) refuse(currentWindow(WINDOW_MS).ttl);
    },
    async check(req) {
      let state;
      try {
        state = await readCounter(db, bucketOf(req), WINDOW_MS);
      } catch (err) {
        // A keyless request is refused with 401 anyway; the count is only lost for it.
        req.log.warn({ err }, 'cannot read the failed-authentication counter');
        return;
      }
      if (state.current >= perMinute) refuse(state.ttl);
    },
  };
}
