import { hostname } from 'node:os';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { failpoint } from '../lib/failpoints.ts';
import { KeelError, ValidationError } from '../lib/errors.ts';
import { runWithOutcomeSink, type OutcomeSink } from '../lib/request-outcome.ts';
import type { SecretBox } from '../lib/secret-box.ts';
import {
  claimAction,
  decodeOutcome,
  encodeOutcome,
  IDEMPOTENCY_TTL_MS,
  KEY_RE,
  requestHash,
  successStatus,
} from './idempotency-logic.ts';
import { IdempotencyStore, type KeyRef } from './idempotency-store.ts';

export { IDEMPOTENCY_TTL_MS, requestHash } from './idempotency-logic.ts';

/**
 * `Idempotency-Key` on every POST (docs/transactions.md#idempotency): the same key with the
 * same request returns the first answer (marked `idempotent-replayed: true`); the same key
 * with another method, path or body answers 422 `idempotency_key_reused`; a request still
 * running with that key answers 409 `idempotency_in_progress`. Keys are scoped to the API
 * key and kept 24 hours. Answers 422 (invalid input) and 5xx are not kept when nothing was
 * committed, so the request can be corrected or simply retried with the same key.
 *
 * Crash safety — a key never outlives its request's process, and a request never runs twice:
 * - The request holding a key has a lease (`owner`, `lease_until` by the database clock),
 *   renewed every third of `server.idempotencyLeaseMs` while it runs (for at most 10
 *   minutes). A process that dies stops renewing; once the lease lapses a retry takes the
 *   key over.
 * - Every POST route declares `config.outcome`: the operation whose write transaction
 *   records the answer (`recordResponse` / `recordError`, src/lib/request-outcome.ts) in the
 *   key's row, inside that same transaction, fenced on the holder. So the effect (a
 *   transaction, a swap, a refund, an API key…) and its answer commit together or not at all,
 *   and a holder that lost its key (it stalled past its lease and a retry took over) cannot
 *   commit: its transaction rolls back.
 * - A retry after the holder died therefore either replays the recorded answer (`committed`:
 *   the effect happened; the answer is re-sent through the route's serializer and then kept
 *   as sent) or, when nothing committed, runs the request — once, under its own lease.
 * Routes that write nothing declare `outcome: 'none'`. The app refuses to start with a POST
 * route that declares no outcome.
 */

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * POST routes: the operation name their write path records its answer under
     * (`recordResponse(trx, name, body)`), or `'none'` for a route that writes nothing.
     */
    outcome?: string;
  }
  interface FastifyRequest {
    idempotency?: IdempotencyClaim;
  }
}

interface IdempotencyClaim extends KeyRef {
  /** `run`: this request holds the key and runs; `replay`: it re-sends a committed answer. */
  mode: 'run' | 'replay';
  owner: string;
  renewal?: NodeJS.Timeout;
}

/** The longest a running request keeps renewing its key's lease. */
const MAX_HOLD_MS = 10 * 60_000;

/** Marks a 409 for a key held by a live request (retry after a second). */
function inProgress(key: string): KeelError {
  return new KeelError('idempotency_in_progress', `a request with Idempotency-Key "${key}" is still being processed`, {
    headers: { 'retry-after': '1' },
  });
}

export function registerIdempotency(
  app: FastifyInstance,
  db: Kysely<DB>,
  box: SecretBox,
  opts: { leaseMs: number },
): void {
  const store = new IdempotencyStore(db, opts.leaseMs);
  // Stored answers can hold one-time secrets (a new API key's token, a webhook secret): sealed at rest.
  const context = (k: KeyRef) => `idempotency:${k.apiKeyId}:${k.key}`;
  const processTag = `${hostname()}:${process.pid}`;

  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const cfg = route.config as { outcome?: unknown; public?: boolean } | undefined;
    if (methods.includes('POST') && !cfg?.public && typeof cfg?.outcome !== 'string') {
      throw new Error(
        `route POST ${route.url} declares no config.outcome (the operation its write transaction records with recordResponse, or 'none')`,
      );
    }
  });

  const stopRenewal = (claim: IdempotencyClaim) => {
    if (claim.renewal) clearInterval(claim.renewal);
    claim.renewal = undefined;
  };

  /**
   * Claims, takes over, or answers from the stored key. Returns the sink the request runs
   * with when it is to run, undefined when it runs without a key, `answered` when the answer
   * was sent from the stored key (the handler must not run).
   */
  async function claim(req: FastifyRequest, reply: FastifyReply): Promise<OutcomeSink | undefined | 'answered'> {
    if (req.method !== 'POST' || !req.apiKey) return undefined;
    const header = req.headers['idempotency-key'];
    if (header === undefined) return undefined;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || !KEY_RE.test(key)) {
      throw new ValidationError('invalid Idempotency-Key header', [
        { field: 'headers.idempotency-key', code: 'invalid', message: '1 to 255 visible ASCII characters' },
      ]);
    }
    const k: KeyRef = { apiKeyId: req.apiKey.id, key };
    const hash = requestHash(req);
    const owner = `${processTag}:${req.id}`;
    await store.deleteExpired(k, new Date(Date.now() - IDEMPOTENCY_TTL_MS));

    const run = (): OutcomeSink => {
      const claimed: IdempotencyClaim = { ...k, mode: 'run', owner };
      const since = Date.now();
      claimed.renewal = setInterval(
        () => {
          // A request hung this long stops holding its key: a retry may take it over, and the
          // fence keeps this one from committing if it ever gets there.
          if (Date.now() - since > MAX_HOLD_MS) {
            req.log.warn(
              { idempotencyKey: key },
              'request still running after the longest hold; its Idempotency-Key lease is no longer renewed',
            );
            return stopRenewal(claimed);
          }
          store.renew(k, owner).catch((err) => req.log.warn({ err }, 'could not renew the idempotency lease'));
        },
        Math.max(100, Math.floor(opts.leaseMs / 3)),
      );
      claimed.renewal.unref();
      req.idempotency = claimed;
      failpoint('api.idempotency.claimed');
      return {
        operation: req.routeOptions.config.outcome ?? 'none',
        record: async (trx, outcome) => {
          const ok = await store.record(trx, k, owner, box.seal(encodeOutcome(outcome), context(k)));
          if (!ok) {
            throw new KeelError(
              'idempotency_lease_lost',
              `the request with Idempotency-Key "${key}" lost its claim to a retry; nothing it did was kept`,
              {
                headers: { 'retry-after': '1' },
              },
            );
          }
        },
      };
    };

    // Each round either decides or saw the row change under it (deleted, taken over, committed).
    for (let round = 0; round < 3; round++) {
      if (await store.claim(k, { method: req.method, path: req.url, hash, owner })) return run();
      const prior = await store.read(k);
      if (!prior) continue;
      switch (claimAction(prior, hash)) {
        case 'reused':
          throw new KeelError(
            'idempotency_key_reused',
            `Idempotency-Key "${key}" was already used for a different request`,
            {
              errors: [
                {
                  field: 'headers.idempotency-key',
                  code: 'reused',
                  message: 'already used with another method, path or body',
                },
              ],
            },
          );
        case 'in_progress':
          throw inProgress(key);
        case 'replay':
          reply.header('idempotent-replayed', 'true');
          reply.code(prior.responseCode ?? 200).header('content-type', 'application/json; charset=utf-8');
          reply.send(prior.responseBody ? box.open(prior.responseBody, context(k)) : '');
          return 'answered';
        case 'replay_committed': {
          // The effect committed but its process died before answering: send the recorded answer.
          req.idempotency = { ...k, mode: 'replay', owner };
          reply.header('idempotent-replayed', 'true');
          const out = decodeOutcome(box.open(prior.outcome!, context(k)));
          req.log.info(
            { idempotencyKey: key },
            'answering from the outcome a request committed before its process died',
          );
          if ('error' in out) throw out.error;
          reply
            .code(out.status ?? successStatus(req.routeOptions.schema?.response as Record<string, unknown> | undefined))
            .send(out.body);
          return 'answered';
        }
        case 'take_over':
          if (await store.takeOver(k, owner)) {
            req.log.warn(
              { idempotencyKey: key },
              'took over an Idempotency-Key whose holder died before committing anything; running the request',
            );
            return run();
          }
          continue;
      }
    }
    throw inProgress(key);
  }

  // Callback style, so the handler runs inside the request's outcome sink (AsyncLocalStorage).
  app.addHook('preHandler', (req, reply, done) => {
    claim(req, reply).then(
      (sink) => {
        // Answered from the stored key: the reply is on its way and the handler must not run.
        if (sink === 'answered') return;
        if (sink) runWithOutcomeSink(sink, () => done());
        else done();
      },
      (err: unknown) => done(err as Error),
    );
  });

  app.addHook('onSend', async (req, reply, payload) => {
    const claimed = req.idempotency;
    if (!claimed) return payload;
    req.idempotency = undefined;
    stopRenewal(claimed);
    const body =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? payload.toString('utf8')
          : JSON.stringify(payload ?? null);
    if (claimed.mode === 'replay') {
      if (reply.statusCode < 500) await store.finish(claimed, null, reply.statusCode, box.seal(body, context(claimed)));
      return payload;
    }
    failpoint('api.idempotency.before_store');
    // Invalid input (422) and server faults (5xx) are not kept when nothing committed: the
    // caller fixes the request or retries with the same key. A committed answer stays.
    if (reply.statusCode >= 500 || reply.statusCode === 422) await store.release(claimed, claimed.owner);
    else await store.finish(claimed, claimed.owner, reply.statusCode, box.seal(body, context(claimed)));
    return payload;
  });

  // A request that ends without reaching onSend (the client went away) stops renewing too.
  app.addHook('onResponse', async (req) => {
    if (req.idempotency) stopRenewal(req.idempotency);
  });
}

/** Deletes expired idempotency records; run periodically by a worker. */
export async function pruneIdempotencyKeys(db: Kysely<DB>, now = Date.now()): Promise<void> {
  await new IdempotencyStore(db, 1_000).prune(new Date(now - IDEMPOTENCY_TTL_MS));
}
