import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../audit/store.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import {
  NotFoundError,
  PermanentError,
  RetryableError,
  ValidationError,
  type PermanentErrorCode,
} from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { diffPolicies, type PolicyDiff } from './diff.ts';
import { parsePolicyDocument, type PolicyDocument } from './document.ts';
import { documentHash } from './loader.ts';
import type { PolicyVersionStatus } from './tables.ts';
import {
  activePolicyVersion,
  activeVersionHead,
  countPolicyApprovals,
  insertPolicyDecision,
  insertPolicyVersion,
  listPolicyVersions,
  lockPolicy,
  maxPolicyVersion,
  policyDecisionBy,
  policyDecisionsOf,
  policyVersionById,
  policyVersionByNumber,
  principalNames,
  setPolicyVersionStatus,
  type PolicyApprovalRow as ApprovalRow,
  type PolicyVersionRow as VersionRow,
} from './store.ts';
import { decisionsOfVersion } from '../auth/decisions.ts';
import { dbJson } from '../db/json.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * Policy changes as proposals: a proposal is a `policy_versions` row (status `proposed`) made
 * against the version active at the time (its base), with a structural diff. It becomes active
 * once `approvalsRequired` distinct principals, none of them the proposer's, have approved it
 * (two keys of one principal count once); one rejection closes it. Every decision is audited; proposal and activation are events.
 *
 * Concurrency: each decision locks the proposal row (`for update`), so approvals racing for the
 * last slot are counted one after the other — exactly one of them activates. Activation takes a
 * global advisory lock and re-reads the active version, so two proposals on the same base can
 * never both activate: the second one is stale.
 */

/** One approval or rejection as the API shows it. */
export interface PolicyDecisionEntry {
  apiKeyId: string;
  /** The deciding principal (null only for decisions older than principals). */
  principal: { id: string; name: string } | null;
  decision: 'approve' | 'reject';
  note: string | null;
  createdAt: string;
}

/** A policy version (active, superseded, proposed or rejected) as the API shows it. */
export interface PolicyVersionResource {
  id: string;
  object: 'policy_version';
  version: number;
  status: PolicyVersionStatus;
  source: string;
  hash: string;
  document: PolicyDocument;
  baseVersion: number | null;
  diff: PolicyDiff | null;
  note: string | null;
  createdBy: string | null;
  createdByPrincipal: { id: string; name: string } | null;
  createdAt: string;
  activatedAt: string | null;
  supersededAt: string | null;
  decidedAt: string | null;
  approvals: PolicyDecisionEntry[];
  /** Approvals a proposal needs to become active (current configuration). */
  approvalsRequired: number;
}

type Db = Kysely<DB> | Transaction<DB>;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

function conflict(code: PermanentErrorCode, detail: string): PermanentError {
  return new PermanentError(code, detail);
}

/** Reads, proposes, approves and rejects policy versions (their SQL is store.ts). */
export class PolicyProposals {
  constructor(
    private readonly db: Kysely<DB>,
    readonly approvalsRequired: number,
  ) {}

  private resource(row: VersionRow, approvals: ApprovalRow[], names: Map<string, string>): PolicyVersionResource {
    const ref = (id: string | null) => (id ? { id, name: names.get(id) ?? id } : null);
    return {
      id: row.id,
      object: 'policy_version',
      version: row.version,
      status: row.status,
      source: row.source,
      hash: row.document_sha256,
      document: dbJson<PolicyDocument>(row.document),
      baseVersion: row.base_version,
      diff: row.diff === null ? null : dbJson<PolicyDiff>(row.diff),
      note: row.note,
      createdBy: row.created_by,
      createdByPrincipal: ref(row.created_by_principal),
      createdAt: iso(row.created_at)!,
      activatedAt: iso(row.activated_at),
      supersededAt: iso(row.superseded_at),
      decidedAt: iso(row.decided_at),
      approvals: decisionsOfVersion(approvals, row.id, ref),
      approvalsRequired: this.approvalsRequired,
    };
  }

  private async load(db: Db, rows: VersionRow[]): Promise<PolicyVersionResource[]> {
    if (rows.length === 0) return [];
    const approvals = await policyDecisionsOf(
      db,
      rows.map((r) => r.id),
    );
    const ids = [
      ...new Set(
        [...rows.map((r) => r.created_by_principal), ...approvals.map((a) => a.principal_id)].filter(
          (x): x is string => x !== null,
        ),
      ),
    ];
    const names = await principalNames(db, ids);
    return rows.map((r) => this.resource(r, approvals, names));
  }

  private async one(db: Db, row: VersionRow | undefined, what: string): Promise<PolicyVersionResource> {
    if (!row) throw new NotFoundError(`${what} does not exist`);
    return (await this.load(db, [row]))[0]!;
  }

  /** The active version. */
  async active(db: Db = this.db): Promise<PolicyVersionResource> {
    const row = await activePolicyVersion(db);
    if (!row) throw new RetryableError('policy_not_initialised', 'no active policy version');
    return this.one(db, row, 'the active policy');
  }

  /**
   * A page of versions, newest first, optionally by status, after `startingAfter` (a version id:
   * 422 when there is none); `proposalsOnly` leaves out the configured first version.
   */
  async list(opts: {
    status?: PolicyVersionStatus;
    proposalsOnly?: boolean;
    limit: number;
    startingAfter?: string;
  }): Promise<{ data: PolicyVersionResource[]; hasMore: boolean }> {
    const { startingAfter, limit, ...filter } = opts;
    let belowVersion: number | undefined;
    if (startingAfter) {
      const cursor = await policyVersionById(this.db, startingAfter);
      if (!cursor)
        throw new ValidationError(`unknown cursor ${startingAfter}`, [
          {
            field: 'querystring.startingAfter',
            code: 'unknown_policy_version',
            message: 'no policy version with this id',
          },
        ]);
      belowVersion = cursor.version;
    }
    const rows = await listPolicyVersions(this.db, {
      ...filter,
      ...(belowVersion !== undefined ? { belowVersion } : {}),
      limit: limit + 1,
    });
    const page = pageOf(rows, limit);
    return { data: await this.load(this.db, page.data), hasMore: page.hasMore };
  }

  /** One version by its number. */
  async byVersion(version: number): Promise<PolicyVersionResource> {
    return this.one(this.db, await policyVersionByNumber(this.db, version), `policy version ${version}`);
  }

  /** One proposal (or any version) by id (`polv_…`). */
  async byId(id: string): Promise<PolicyVersionResource> {
    return this.one(this.db, await policyVersionById(this.db, id), `policy version ${id}`);
  }

  /**
   * Stores `document` (already validated) as a new proposed version against the active one,
   * with the diff between them. A document equal to the active one is refused (422).
   */
  async propose(document: PolicyDocument, actor: Actor, note: string | null): Promise<PolicyVersionResource> {
    const by = actor.keyId;
    return this.db.transaction().execute(async (trx) => {
      await lockPolicy(trx, 'propose');
      const base = await this.active(trx);
      const version = (await maxPolicyVersion(trx)) + 1;
      const doc: PolicyDocument = { ...document, version };
      const hash = documentHash(doc);
      if (hash === base.hash) {
        throw new PermanentError('policy_unchanged', `the proposed document equals the active version ${base.version}`);
      }
      const diff = diffPolicies(base.document, doc);
      const id = newId('polv');
      await insertPolicyVersion(trx, {
        id,
        version,
        document: JSON.stringify(doc),
        document_sha256: hash,
        status: 'proposed',
        source: 'proposal',
        created_by: by,
        created_by_principal: actor.principalId,
        note,
        activated_at: null,
        superseded_at: null,
        base_version: base.version,
        diff: JSON.stringify(diff),
      });
      const res = await this.one(trx, await policyVersionById(trx, id), id);
      await appendAudit(trx, {
        actor: by,
        action: 'policy.proposed',
        subject: id,
        details: { version, baseVersion: base.version, hash, note, summary: diff.summary },
      });
      await publishEvent(trx, 'policy.proposed', res);
      await recordResponse(trx, 'policy.propose', res);
      return res;
    });
  }

  /** Locks an open proposal for a decision by `actor`'s principal, refusing closed proposals and repeated decisions (by any key of it). */
  private async lockOpen(trx: Transaction<DB>, id: string, actor: Actor): Promise<VersionRow> {
    const row = await policyVersionById(trx, id, { forUpdate: true });
    if (row?.source !== 'proposal') throw new NotFoundError(`policy proposal ${id} does not exist`);
    if (row.status !== 'proposed')
      throw conflict('proposal_closed', `policy proposal ${id} is ${row.status}; it takes no more decisions`);
    const mine = await policyDecisionBy(trx, id, actor.principalId, actor.keyId);
    if (mine)
      throw conflict(
        'already_decided',
        `principal ${actor.principalId} already decided on proposal ${id} (${mine.decision}), with one of its keys`,
      );
    return row;
  }

  /**
   * Records `by`'s approval. When approvals reach `approvalsRequired`, activates the proposal in
   * the same transaction (the previous active version becomes superseded), unless its base is
   * no longer the active version: then 409 `stale_proposal` and nothing is recorded.
   */
  async approve(id: string, actor: Actor, note: string | null): Promise<PolicyVersionResource> {
    const by = actor.keyId;
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockOpen(trx, id, actor);
      if (row.created_by === by || row.created_by_principal === actor.principalId) {
        throw new PermanentError(
          'self_approval',
          'the proposer of a policy change cannot approve it, with any of its keys',
        );
      }
      await insertPolicyDecision(trx, {
        id: newId('pola'),
        version_id: id,
        api_key_id: by,
        principal_id: actor.principalId,
        decision: 'approve',
        note,
      });
      const approvals = await countPolicyApprovals(trx, id);
      await appendAudit(trx, {
        actor: by,
        action: 'policy.approved',
        subject: id,
        details: {
          version: row.version,
          principalId: actor.principalId,
          note,
          approvals,
          approvalsRequired: this.approvalsRequired,
        },
      });
      if (approvals >= this.approvalsRequired) await this.activate(trx, row, by);
      const res = await this.one(trx, await policyVersionById(trx, id), id);
      await recordResponse(trx, 'policy.approve', res);
      return res;
    });
  }

  private async activate(trx: Transaction<DB>, row: VersionRow, by: string): Promise<void> {
    await lockPolicy(trx, 'activate');
    // read after the lock: READ COMMITTED gives this statement a snapshot that includes any activation that held it
    const current = await activeVersionHead(trx);
    if (!current || current.version !== row.base_version) {
      throw conflict(
        'stale_proposal',
        `proposal ${row.id} was made against version ${row.base_version}, but version ${current?.version ?? '(none)'} is active now; propose again against it`,
      );
    }
    const now = new Date();
    await setPolicyVersionStatus(trx, current.id, { status: 'superseded', superseded_at: now });
    await setPolicyVersionStatus(trx, row.id, { status: 'active', activated_at: now, decided_at: now });
    await appendAudit(trx, {
      actor: by,
      action: 'policy.activated',
      subject: row.id,
      details: { version: row.version, supersededVersion: current.version, hash: row.document_sha256 },
    });
    const res = await this.one(trx, await policyVersionById(trx, row.id), row.id);
    await publishEvent(trx, 'policy.activated', res);
  }

  /** Records `by`'s rejection, which closes the proposal (the proposer may withdraw its own this way). */
  async reject(id: string, actor: Actor, note: string): Promise<PolicyVersionResource> {
    const by = actor.keyId;
    return this.db.transaction().execute(async (trx) => {
      const row = await this.lockOpen(trx, id, actor);
      await insertPolicyDecision(trx, {
        id: newId('pola'),
        version_id: id,
        api_key_id: by,
        principal_id: actor.principalId,
        decision: 'reject',
        note,
      });
      await setPolicyVersionStatus(trx, id, { status: 'rejected', decided_at: new Date() });
      await appendAudit(trx, {
        actor: by,
        action: 'policy.rejected',
        subject: id,
        details: { version: row.version, note },
      });
      const res = await this.one(trx, await policyVersionById(trx, id), id);
      await recordResponse(trx, 'policy.reject', res);
      return res;
    });
  }

  /** A stored version's document, re-validated (for dry runs against a proposal). */
  async documentOf(id: string): Promise<{ version: number; document: PolicyDocument }> {
    const row = await policyVersionById(this.db, id);
    if (!row) throw new NotFoundError(`policy version ${id} does not exist`);
    const parsed = parsePolicyDocument(dbJson(row.document));
    if (!parsed.ok) throw new PermanentError('policy_invalid_stored', `stored policy ${id} is invalid`);
    return { version: row.version, document: parsed.document };
  }
}
