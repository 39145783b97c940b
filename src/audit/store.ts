import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { PermanentError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import type { AuditLogTable } from './tables.ts';

/**
 * Every action the audit log records, with what it means. An action not listed here is
 * refused by `appendAudit`: add it (and a line in docs/audit.md) with the code that records it.
 */
export const AUDIT_ACTIONS = {
  'api_key.created':
    'An API key was created (subject: the new key; details: name, scopes, principal, status: active, or pending behind an access request)',
  'api_key.revoked': 'An API key was revoked (subject: the key)',
  'principal.created':
    'A principal was created through the bootstrap path (the CLI), without approval (details: name, kind)',
  'access_request.created':
    'A change to who may do what was requested: a new principal, or a key with a privileged scope or for another principal (details: why)',
  'access_request.approved': 'A principal approved an access request (details: approvals so far, approvals required)',
  'access_request.rejected': 'A principal rejected an access request: its pending principal and key never act',
  'access_request.granted': 'An access request reached its approvals: its principal and/or key became active',
  'webhook_endpoint.created':
    'A webhook endpoint was registered (details: url, event types, description, owner principal); changes by an admin to another principal’s endpoint carry `owner` and `byAdmin`',
  'webhook_endpoint.updated':
    'A webhook endpoint was changed, disabled or enabled (details: the patch and the previous values)',
  'webhook_endpoint.deleted': 'A webhook endpoint was deleted',
  'webhook_endpoint.secret_rotated': 'The signing secret of a webhook endpoint was rotated (never the secret itself)',
  'webhook_endpoint.replayed':
    'The events of a time range were queued again for a webhook endpoint (details: since, until, how many)',
  'policy.proposed': 'A policy change was proposed',
  'policy.approved': 'A policy proposal was approved',
  'policy.rejected': 'A policy proposal was rejected (closed without taking effect)',
  'policy.activated':
    'A policy version became active (its proposal reached the approvals required); the previous one was superseded',
  'payout_plan.created': 'A payout plan was created (subject: the plan; details: recipients and shares, source)',
  'payout_run.created': 'A payout run was created (subject: the run; details: plan, period or key, total, status)',
  'payout_run.approved': 'A payout run under review was approved (subject: the run; details: note)',
  'payout_run.rejected': 'A payout run under review was rejected (subject: the run; details: note)',
  'payout_run.retried': 'The failed lines of a payout run were sent again (subject: the run; details: lines)',
  'treasury.mandate_proposed':
    'A treasury mandate version was proposed (details: mandate, version, base version, document hash, pinned code hashes)',
  'treasury.mandate_approved':
    'A principal approved a treasury mandate version (details: approvals so far and required)',
  'treasury.mandate_rejected': 'A treasury mandate version was rejected (closed without taking effect)',
  'treasury.mandate_activated':
    'A treasury mandate version became active (its proposal reached the approvals required); the previous one was superseded',
  'payee.created': 'A payee was created with its payout addresses (details: reference, addresses with their flags)',
  'payee.disabled': 'A payee was disabled (never paid again)',
  'smart_account.created':
    'A smart account was created for an end user (subject: the account; details: chain, user, address, owner kind); nothing is sent on chain',
  'session_key.grant_requested':
    'A session key grant was sent as an owner user operation (subject: the key; details: account, key address, window, token caps, operation)',
  'session_key.revoke_requested':
    'A session key revocation was sent as an owner user operation (subject: the key; details: account, key address, operation)',
  'payee.address_change_requested':
    'A payout address was requested for a payee (details: payee, chain, asset, address, flags)',
  'payee.address_change_approved':
    'A second principal approved a payout address (details: payee, address, flags acknowledged, when it becomes payable)',
  'payee.address_change_rejected': 'A payout address change was rejected or withdrawn (details: payee, address, note)',
  'user_operation.created':
    'A user operation was accepted for a smart account (subject: the operation; details: account, chain, calls, status, origin)',
  'user_operation.review_approved': 'A reviewer approved a user operation held for review (details: note)',
  'user_operation.review_rejected': 'A reviewer rejected a user operation held for review (details: note)',
  'user_operation.cancelled': 'A user operation was cancelled before it was sent (details: previous status)',
  'user_operation.signed':
    'The external owner or session key signed a user operation (details: signer address, signing mode)',
  'sponsorship_policy.created':
    'A sponsorship policy was created (details: owner principal, the document without the hook secret)',
  'sponsorship_policy.updated': 'A sponsorship policy got a new version (details: version, the document)',
  'sponsorship_policy.disabled': 'A sponsorship policy was disabled: it sponsors nothing more',
  'user_operation.state_changed':
    'The user-operation worker moved an operation (subject) to another state: signed by Keel’s custodial owner signer, submitted, included, final, reorged or expired (details: from, to, reason, userOpHash, signer)',
  'review.approved': 'A transaction waiting for human review was approved',
  'review.rejected': 'A transaction waiting for human review was rejected',
  'transaction.cancelled': 'A transaction was cancelled',
  'breaker.tripped': 'A circuit breaker was tripped',
  'breaker.reset': 'A circuit breaker was reset',
  'payment_intent.cancelled': 'A payment intent was cancelled',
  'refund.created': 'A refund of a payment intent was requested (details: amount, recipient, chain, reason)',
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/** `prev_hash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

// Arbitrary constant shared by every Keel process (distinct from the migration lock): the
// next seq is read and written under it, so concurrent writers never fork or skip the chain.
const AUDIT_LOCK_KEY = 7_304_219_713;
const VERIFY_PAGE_SIZE = 1_000;

/** One audit entry as the API shows it. `at` is UTC ISO-8601 with milliseconds. */
export interface AuditEntry {
  id: string;
  object: 'audit_entry';
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

/** What the caller records; `seq`, `id`, `at` and the hashes are assigned by `appendAudit`. */
export interface AppendAuditInput {
  /** Who: an API key id (`key_…`; the API shows its principal beside it), `cli`, `system` or `worker`. */
  actor: string;
  action: AuditAction;
  /** The id of the resource acted on. */
  subject?: string | null | undefined;
  /** JSON-serialisable facts about the change (bigints become decimal strings). Never secrets. */
  details?: Record<string, unknown> | undefined;
}

/** The outcome of walking the chain: the first bad entry, or the number of good ones and the head. */
export type AuditVerifyResult =
  | { ok: true; entries: number; head: { seq: number; hash: string } | null }
  | {
      ok: false;
      firstBadSeq: number;
      problem: 'hash_mismatch' | 'missing_entry' | 'prev_hash_mismatch';
      detail: string;
    };

/** A (seq, hash) pair recorded outside the database earlier; verify checks the log still holds it. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/**
 * Canonical JSON (RFC 8785 / JCS for the values Keel writes): object keys sorted by UTF-16
 * code units, no whitespace, strings and numbers as JSON.stringify writes them, undefined
 * object members left out. Any JCS implementation reproduces it, so the chain can be checked
 * without Keel.
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot serialise the number ${value} canonically`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`cannot serialise a ${typeof value} canonically`);
  }
}

/**
 * The hash of an entry: sha256 (hex) of the canonical JSON of
 * `{ seq, id, at, actor, action, subject, details, prev_hash }` with `at` as ISO-8601 text.
 * It covers `prev_hash`, so each entry commits to the whole chain before it.
 */
export function auditHash(e: Omit<AuditEntry, 'object' | 'hash'>): string {
  const doc = {
    seq: e.seq,
    id: e.id,
    at: e.at,
    actor: e.actor,
    action: e.action,
    subject: e.subject,
    details: e.details,
    prev_hash: e.prevHash,
  };
  return createHash('sha256').update(canonicalJson(doc), 'utf8').digest('hex');
}

/**
 * The form details are hashed and stored in: what a jsonb round trip gives back unchanged
 * (bigints as strings, Dates as ISO text, undefined members dropped), so verify recomputes
 * the same hash from what it reads.
 */
function normalizeDetails(details: Record<string, unknown> | undefined): Record<string, unknown> {
  const text = JSON.stringify(details ?? {}, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  const parsed: unknown = JSON.parse(text);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new TypeError('audit details must be a JSON object');
  return parsed as Record<string, unknown>;
}

type Row = Selectable<AuditLogTable>;

function toEntry(r: Row): AuditEntry {
  const details = typeof r.details === 'string' ? (JSON.parse(r.details) as unknown) : r.details;
  return {
    id: r.id,
    object: 'audit_entry',
    seq: Number(r.seq),
    at: new Date(r.at).toISOString(),
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    details: (details ?? {}) as Record<string, unknown>,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/**
 * Appends an entry to the audit log in the caller's transaction — the transaction of the
 * change it records, so the change and its entry commit together or not at all. Takes a
 * transaction-scoped advisory lock, reads the head and inserts seq = head + 1 linked to the
 * head's hash: writers in any number of processes queue on the lock and the chain never
 * forks or skips (a rolled-back writer consumes no seq). The lock is held until commit, so
 * call this as the last statement of the transaction. Needs READ COMMITTED (the default):
 * a snapshot older than the lock would not see the head.
 */
export async function appendAudit(trx: Transaction<DB>, entry: AppendAuditInput): Promise<AuditEntry> {
  if (!Object.hasOwn(AUDIT_ACTIONS, entry.action))
    throw new TypeError(`unknown audit action "${entry.action}" (add it to AUDIT_ACTIONS)`);
  if (!entry.actor || entry.actor.length > 200)
    throw new TypeError('an audit entry needs an actor (a key id, cli, system or worker)');
  const details = normalizeDetails(entry.details);
  await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(trx);
  // A new statement after the lock: in READ COMMITTED it sees every entry committed before.
  const { rows } = await sql<{ seq: number | string | null; hash: string | null; at: Date; iso: string }>`
    select h.seq, h.hash, date_trunc('milliseconds', clock_timestamp()) as at, current_setting('transaction_isolation') as iso
    from (select 1) as one
    left join lateral (select seq, hash from audit_log order by seq desc limit 1) as h on true`.execute(trx);
  const head = rows[0]!;
  if (head.iso !== 'read committed') {
    throw new PermanentError(
      'audit_isolation',
      `appendAudit needs a READ COMMITTED transaction (this one is ${head.iso})`,
    );
  }
  const e: Omit<AuditEntry, 'hash'> = {
    id: newId('aud'),
    object: 'audit_entry',
    seq: head.seq === null ? 1 : Number(head.seq) + 1,
    at: new Date(head.at).toISOString(),
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject ?? null,
    details,
    prevHash: head.hash ?? GENESIS_HASH,
  };
  const hash = auditHash(e);
  await trx
    .insertInto('audit_log')
    .values({
      seq: e.seq,
      id: e.id,
      at: new Date(e.at),
      actor: e.actor,
      action: e.action,
      subject: e.subject,
      details: JSON.stringify(details),
      prev_hash: e.prevHash,
      hash,
    })
    .execute();
  return { ...e, hash };
}

export interface AuditListInput {
  /** Cursor: the id of the last entry of the previous page. */
  after?: string | undefined;
  /** The query parameter that carried `after`, named in a 422 (`startingAfter`, or the deprecated `after`). */
  cursorParam?: string | undefined;
  limit: number;
  /** `desc` (default): newest first, for people; `asc`: oldest first, for exporters tailing the log. */
  order?: 'asc' | 'desc' | undefined;
  action?: string | undefined;
  actor?: string | undefined;
  /** Only entries made with any key of this principal (prn_…). */
  principal?: string | undefined;
  subject?: string | undefined;
}

/** Reading and verifying the audit log (writing is `appendAudit`, inside the changes it records). */
export class AuditStore {
  constructor(private readonly db: Kysely<DB>) {}

  /** A page of entries, newest first unless `order: 'asc'`, optionally filtered by action, actor and subject. */
  async list(input: AuditListInput): Promise<{ data: AuditEntry[]; hasMore: boolean; nextCursor: string | null }> {
    const desc = input.order !== 'asc';
    let q = this.db
      .selectFrom('audit_log')
      .selectAll()
      .orderBy('seq', desc ? 'desc' : 'asc')
      .limit(input.limit + 1);
    if (input.action) q = q.where('action', '=', input.action);
    if (input.actor) q = q.where('actor', '=', input.actor);
    if (input.principal)
      q = q.where(
        'actor',
        'in',
        this.db.selectFrom('api_keys').select('id').where('principal_id', '=', input.principal),
      );
    if (input.subject) q = q.where('subject', '=', input.subject);
    if (input.after) {
      const c = await this.db.selectFrom('audit_log').select('seq').where('id', '=', input.after).executeTakeFirst();
      if (!c)
        throw new ValidationError(`unknown cursor ${input.after}`, [
          {
            field: `querystring.${input.cursorParam ?? 'after'}`,
            code: 'unknown_entry',
            message: 'no audit entry with this id',
          },
        ]);
      q = q.where('seq', desc ? '<' : '>', Number(c.seq));
    }
    const rows = await q.execute();
    const data = await this.withPrincipals(rows.slice(0, input.limit).map(toEntry));
    return {
      data,
      hasMore: rows.length > input.limit,
      nextCursor: data.length ? data[data.length - 1]!.id : (input.after ?? null),
    };
  }

  /**
   * Adds, beside each key actor, the principal the key belongs to (a key never changes
   * principal, so resolving it when read is exact). Not part of the hashed entry.
   */
  private async withPrincipals(
    entries: AuditEntry[],
  ): Promise<Array<AuditEntry & { actorPrincipal: { id: string; name: string } | null }>> {
    const keyIds = [...new Set(entries.map((e) => e.actor).filter((a) => a.startsWith('key_')))];
    const rows = keyIds.length
      ? await this.db
          .selectFrom('api_keys as k')
          .innerJoin('principals as p', 'p.id', 'k.principal_id')
          .select(['k.id as key', 'p.id as id', 'p.name as name'])
          .where('k.id', 'in', keyIds)
          .execute()
      : [];
    const byKey = new Map(rows.map((r) => [r.key, { id: r.id, name: r.name }]));
    return entries.map((e) => ({ ...e, actorPrincipal: byKey.get(e.actor) ?? null }));
  }

  /**
   * Walks the chain from seq 1 in pages (constant memory at any length) and reports the first
   * entry that is missing (a gap in seq), altered (its hash does not match its content) or
   * replaced (its prev_hash is not the previous entry's hash). Entries appended while it runs
   * are included or not, never half-seen: appends commit in seq order. With an anchor, it also
   * checks that the log still reaches the anchor's seq with the anchor's hash, which catches
   * entries removed from the end and a chain rewritten from some point on.
   */
  async verify(opts: { anchor?: AuditAnchor | undefined; pageSize?: number } = {}): Promise<AuditVerifyResult> {
    const pageSize = opts.pageSize ?? VERIFY_PAGE_SIZE;
    const anchor = opts.anchor;
    let expected = 1;
    let prevHash = GENESIS_HASH;
    let cursor = Number.MIN_SAFE_INTEGER;
    for (;;) {
      const rows = await this.db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', cursor)
        .orderBy('seq')
        .limit(pageSize)
        .execute();
      for (const row of rows) {
        const e = toEntry(row);
        if (e.seq !== expected) {
          return e.seq > expected
            ? {
                ok: false,
                firstBadSeq: expected,
                problem: 'missing_entry',
                detail: `entry ${expected} is missing: the next entry present is ${e.seq} (${e.id})`,
              }
            : {
                ok: false,
                firstBadSeq: e.seq,
                problem: 'hash_mismatch',
                detail: `entry ${e.id} has seq ${e.seq}, outside the chain (seqs start at 1)`,
              };
        }
        if (auditHash(e) !== e.hash) {
          return {
            ok: false,
            firstBadSeq: e.seq,
            problem: 'hash_mismatch',
            detail: `entry ${e.seq} (${e.id}) does not match its hash: its content was changed after it was written`,
          };
        }
        if (e.prevHash !== prevHash) {
          return {
            ok: false,
            firstBadSeq: e.seq,
            problem: 'prev_hash_mismatch',
            detail: `entry ${e.seq} (${e.id}) does not link to entry ${e.seq - 1}: prev_hash ${e.prevHash} but entry ${e.seq - 1} has hash ${prevHash} (entry ${e.seq - 1} was rewritten)`,
          };
        }
        if (anchor && e.seq === anchor.seq && e.hash !== anchor.hash) {
          return {
            ok: false,
            firstBadSeq: e.seq,
            problem: 'hash_mismatch',
            detail: `entry ${e.seq} has hash ${e.hash}, not the anchored ${anchor.hash}: the chain was rewritten up to here`,
          };
        }
        prevHash = e.hash;
        expected += 1;
      }
      if (rows.length < pageSize) break;
      cursor = expected - 1;
    }
    const entries = expected - 1;
    if (anchor && anchor.seq > entries) {
      return {
        ok: false,
        firstBadSeq: entries + 1,
        problem: 'missing_entry',
        detail: `the log ends at entry ${entries} but the anchor records entry ${anchor.seq}: entries were removed from the end`,
      };
    }
    return { ok: true, entries, head: entries ? { seq: entries, hash: prevHash } : null };
  }
}

/** Parses an anchor written as `<seq>:<sha256 hex>` (what `keel audit verify` prints as the head). */
export function parseAnchor(text: string): AuditAnchor | undefined {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]! } : undefined;
}

/** The report `keel audit verify` prints: first line `audit log OK: n entries` or `audit log BROKEN at seq N: <problem> <detail>`. */
export function formatVerifyResult(r: AuditVerifyResult): string {
  if (!r.ok) return `audit log BROKEN at seq ${r.firstBadSeq}: ${r.problem} ${r.detail}`;
  const head = r.head ? `\nhead (record it elsewhere; check later with --anchor): ${r.head.seq}:${r.head.hash}` : '';
  return `audit log OK: ${r.entries} entries${head}`;
}
