import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { StoredKey } from './idempotency-logic.ts';

/**
 * The only SQL on `idempotency_keys`. A key is `in_progress` while a request holds it under a
 * lease (`owner`, `lease_until`, by the database clock), `committed` once the request's write
 * transaction recorded its answer (`outcome`), `done` once the answer was sent and stored.
 * Every change a holder makes is fenced on `owner`: a holder that lost its key to a takeover
 * changes nothing.
 */

export interface KeyRef {
  apiKeyId: string;
  key: string;
}

export interface StoredKeyRow extends StoredKey {
  responseCode: number | null;
  responseBody: string | null;
  outcome: string | null;
}

export class IdempotencyStore {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly leaseMs: number,
  ) {}

  #lease() {
    return sql<Date>`now() + (${this.leaseMs}::integer * interval '1 millisecond')`;
  }

  /** Deletes the key when it is older than `cutoff` (kept 24 h), so it starts anew. */
  async deleteExpired(k: KeyRef, cutoff: Date): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('api_key_id', '=', k.apiKeyId)
      .where('key', '=', k.key)
      .where('created_at', '<', cutoff)
      .execute();
  }

  /** Claims a new key for `owner`; false when the key already exists. */
  async claim(k: KeyRef, r: { method: string; path: string; hash: string; owner: string }): Promise<boolean> {
    const inserted = await this.db
      .insertInto('idempotency_keys')
      .values({
        api_key_id: k.apiKeyId,
        key: k.key,
        method: r.method,
        path: r.path,
        request_hash: r.hash,
        owner: r.owner,
        lease_until: this.#lease(),
      })
      .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
      .returning('key')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async read(k: KeyRef): Promise<StoredKeyRow | undefined> {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'status', 'response_code', 'response_body', 'outcome'])
      .select(sql<boolean>`coalesce(lease_until > now(), false)`.as('lease_live'))
      .where('api_key_id', '=', k.apiKeyId)
      .where('key', '=', k.key)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      requestHash: row.request_hash,
      status: row.status,
      leaseLive: row.lease_live,
      responseCode: row.response_code,
      responseBody: row.response_body,
      outcome: row.outcome,
    };
  }

  /**
   * Takes over an in-progress key whose lease lapsed (its holder died). Conditional, so of
   * several retries one wins; and it waits for a holder's write transaction that holds the
   * row, then sees it committed and takes nothing.
   */
  async takeOver(k: KeyRef, owner: string): Promise<boolean> {
    const r = await this.db
      .updateTable('idempotency_keys')
      .set({ owner, lease_until: this.#lease() })
      .where('api_key_id', '=', k.apiKeyId)
      .where('key', '=', k.key)
      .where('status', '=', 'in_progress')
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', sql<Date>`now()`)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Extends the holder's lease while its request runs. */
  async renew(k: KeyRef, owner: string): Promise<void> {
    await this.db
      .updateTable('idempotency_keys')
      .set({ lease_until: this.#lease() })
      .where('api_key_id', '=', k.apiKeyId)
      .where('key', '=', k.key)
      .where('owner', '=', owner)
      .where('status', '=', 'in_progress')
      .execute();
  }

  /**
   * Records the request's answer inside its own write transaction, fenced on the holder:
   * false (the caller rolls back) when the key is no longer this holder's.
   */
  async record(trx: Transaction<DB>, k: KeyRef, owner: string, outcome: string): Promise<boolean> {
    const r = await trx
      .updateTable('idempotency_keys')
      .set({ status: 'committed', outcome })
      .where('api_key_id', '=', k.apiKeyId)
      .where('key', '=', k.key)
      .where('owner', '=', owner)
      .where('status', 'in', ['in_progress', 'committed'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Stores the answer as sent. `owner`: the holder that ran the request; null: a replay of a
   * committed answer (any replay may store it; they send the same answer). The recorded
   * `outcome` is kept beside it: it shows the write path recorded its answer with its effect.
   */
  async finish(k: KeyRef, owner: string | null, code: number, body: string): Promise<void> {
    let q = this.db
      .updateTable('idempotency_keys')
      .set({ status: 'done', response_code: code, response_body: body, lease_until: null })
      .where('api_key_id', '=', k.apiKeyId)
      .where('key', '=', k.key);
    q =
      owner === null
        ? q.where('status', '=', 'committed')
        : q.where('owner', '=', owner).where('status', 'in', ['in_progress', 'committed']);
    await q.execute();
  }

  /** Forgets a key its holder ran without committing anything (a 422 or a 5xx): it may be retried. */
  async release(k: KeyRef, owner: string): Promise<void> {
    await this.db
      .deleteFrom('idempotency_keys')
      .where('api_key_id', '=', k.apiKeyId)
      .where('key', '=', k.key)
      .where('owner', '=', owner)
      .where('status', '=', 'in_progress')
      .execute();
  }

  /** Deletes every key older than `cutoff`. */
  async prune(cutoff: Date): Promise<void> {
    await this.db.deleteFrom('idempotency_keys').where('created_at', '<', cutoff).execute();
  }
}
