import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { NotFoundError, PermanentError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import type { SignerRegistry } from '../signers/index.ts';
import type { MandateDocument } from './mandate.ts';
import type { PositionCheck } from './position-check.ts';
import { mandateDocumentHash, quorumReached } from './mandate-logic.ts';
import {
  activeMandateVersions,
  countMandateApprovals,
  insertMandate,
  insertMandateDecision,
  insertMandateVersion,
  listMandates,
  mandateById,
  mandateDecisionBy,
  mandateDecisionsOf,
  mandateVersion,
  mandateVersionsWithStatus,
  maxMandateVersion,
  principalNames,
  setMandateVersionStatus,
  type MandateRow,
  type MandateVersionRow,
} from './mandate-store.ts';
import {
  mandateResource,
  mandateVersionResource,
  type MandateResource,
  type MandateVersionResource,
} from './resource.ts';
import { validateMandateProposal } from './mandate-validation.ts';

/**
 * Treasury mandates, changed like the policy: a version is proposed (validated against the
 * configuration and the chain, its vaults' code hashes pinned), approved by `approvalsRequired`
 * distinct principals other than the proposer's (two keys of one principal count once), then
 * active; one rejection closes it. Every decision is audited; proposal and activation are events.
 *
 * Concurrency: a decision locks its version row (`for update`), so approvals racing for the last
 * slot are counted one after the other and exactly one activates. Proposing and activating lock
 * the mandate row: version numbers are taken one at a time, and activation re-reads the active
 * version under that lock, so of two versions proposed on the same base only the first to reach
 * its approvals activates — the other is stale (409).
 */

type Db = Kysely<DB> | Transaction<DB>;

/** What a proposal carries besides its document. */
export interface ProposeInput {
  /** Propose a new version of this mandate (mdt_…); without it, a new mandate. */
  mandateId?: string | undefined;
  /** The version the proposer read as active (null: none); another one active now answers 409. */
  baseVersion?: number | null | undefined;
  document: unknown;
  note?: string | null | undefined;
}

/** Proposes, approves, rejects and reads mandate versions (their SQL is mandate-store.ts). */
export class Mandates {
  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      config: Config;
      chains: ChainRegistry;
      signers: SignerRegistry;
      approvalsRequired: number;
      /** Checks a proposed document of an existing mandate against its live position (null: not read). */
      checkPosition?: (mandateId: string, document: MandateDocument) => Promise<PositionCheck | null>;
    },
  ) {}

  get approvalsRequired(): number {
    return this.deps.approvalsRequired;
  }

  private async versions(db: Db, rows: MandateVersionRow[]): Promise<MandateVersionResource[]> {
    if (rows.length === 0) return [];
    const decisions = await mandateDecisionsOf(
      db,
      rows.map((r) => r.id),
    );
    const names = await principalNames(db, [
      ...new Set([...rows.map((r) => r.created_by_principal), ...decisions.map((d) => d.principal_id)]),
    ]);
    return rows.map((r) => mandateVersionResource(r, decisions, names, this.approvalsRequired));
  }

  private async version(db: Db, mandateId: string, version: number): Promise<MandateVersionResource> {
    const row = await mandateVersion(db, mandateId, version);
    if (!row) throw new NotFoundError(`mandate ${mandateId} has no version ${version}`);
    return (await this.versions(db, [row]))[0]!;
  }

  private async mandates(db: Db, rows: MandateRow[]): Promise<MandateResource[]> {
    const ids = rows.map((r) => r.id);
    const [active, open] = await Promise.all([
      activeMandateVersions(db, ids),
      mandateVersionsWithStatus(db, ids, ['proposed']),
    ]);
    const all = await this.versions(db, [...active, ...open]);
    return rows.map((r) =>
      mandateResource(
        r,
        all.find((v) => v.mandateId === r.id && v.status === 'active') ?? null,
        all.filter((v) => v.mandateId === r.id && v.status === 'proposed'),
      ),
    );
  }

  /** One mandate with its active version and open proposals (404 when there is none). */
  async get(id: string): Promise<MandateResource> {
    const row = await mandateById(this.deps.db, id);
    if (!row) throw new NotFoundError(`mandate ${id} does not exist`);
    return (await this.mandates(this.deps.db, [row]))[0]!;
  }

  /** A page of mandates, newest first, after `startingAfter` (a mandate id: 422 when there is none). */
  async list(opts: { limit: number; startingAfter?: string }): Promise<{ data: MandateResource[]; hasMore: boolean }> {
    if (opts.startingAfter && !(await mandateById(this.deps.db, opts.startingAfter)))
      throw new ValidationError(`unknown cursor ${opts.startingAfter}`, [
        { field: 'querystring.startingAfter', code: 'unknown_mandate', message: 'no mandate with this id' },
      ]);
    const rows = await listMandates(this.deps.db, {
      limit: opts.limit + 1,
      ...(opts.startingAfter ? { belowId: opts.startingAfter } : {}),
    });
    const page = pageOf(rows, opts.limit);
    return { data: await this.mandates(this.deps.db, page.data), hasMore: page.hasMore };
  }

  /**
   * Stores a proposed version: of a new mandate, or of `mandateId` (against its active version).
   * Validation happens before any write; a document equal to the active one is refused (422).
   */
  async propose(input: ProposeInput, actor: Actor): Promise<MandateVersionResource> {
    const existing = input.mandateId ? await mandateById(this.deps.db, input.mandateId) : undefined;
    if (input.mandateId && !existing)
      throw new ValidationError(`unknown mandate ${input.mandateId}`, [
        { field: 'body.mandateId', code: 'unknown_mandate', message: 'no mandate with this id' },
      ]);
    const v = await validateMandateProposal(this.deps, input.document, existing);
    const hash = mandateDocumentHash(v.document);
    // Never fails the proposal: an unreadable position is reported as null.
    const positionCheck =
      existing && this.deps.checkPosition
        ? await this.deps.checkPosition(existing.id, v.document).catch(() => null)
        : null;
    return this.deps.db.transaction().execute(async (trx) => {
      let mandateId = existing?.id;
      if (!mandateId) {
        mandateId = newId('mdt');
        await insertMandate(trx, {
          id: mandateId,
          name: v.document.name,
          chain_id: v.document.chainId,
          signer: v.document.signer,
          account: v.account,
          asset_symbol: v.asset.symbol,
          asset_address: v.asset.address,
          asset_decimals: v.asset.decimals,
          created_by: actor.keyId,
          created_by_principal: actor.principalId,
        });
      }
      await mandateById(trx, mandateId, { forUpdate: true });
      const [active] = await activeMandateVersions(trx, [mandateId]);
      const base = active?.version ?? null;
      if (input.baseVersion !== undefined && input.baseVersion !== base)
        throw new PermanentError(
          'stale_proposal',
          `the proposal names version ${input.baseVersion ?? '(none)'} as its base, but version ${base ?? '(none)'} is active; propose again against it`,
        );
      if (active && active.document_sha256 === hash)
        throw new PermanentError(
          'mandate_unchanged',
          `the proposed document equals the active version ${active.version}`,
        );
      const version = (await maxMandateVersion(trx, mandateId)) + 1;
      const id = newId('mdtv');
      await insertMandateVersion(trx, {
        id,
        mandate_id: mandateId,
        version,
        document: JSON.stringify(v.document),
        document_sha256: hash,
        chain_facts: JSON.stringify({ ...v.facts, positionCheck }),
        status: 'proposed',
        base_version: base,
        note: input.note ?? null,
        created_by: actor.keyId,
        created_by_principal: actor.principalId,
      });
      const res = await this.version(trx, mandateId, version);
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'treasury.mandate_proposed',
        subject: id,
        details: {
          mandateId,
          version,
          baseVersion: base,
          hash,
          note: input.note ?? null,
          pinned: v.facts.vaults.filter((f) => f.pinned.length).map((f) => ({ vault: f.address, pinned: f.pinned })),
        },
      });
      await publishEvent(trx, 'treasury.mandate_proposed', res);
      await recordResponse(trx, 'treasury_mandate.propose', res, 201);
      return res;
    });
  }

  /** Locks an open version for a decision by `actor`'s principal, refusing closed versions and repeated decisions. */
  private async lockOpen(trx: Transaction<DB>, mandateId: string, version: number, actor: Actor) {
    const row = await mandateVersion(trx, mandateId, version, { forUpdate: true });
    if (!row) throw new NotFoundError(`mandate ${mandateId} has no version ${version}`);
    if (row.status !== 'proposed')
      throw new PermanentError(
        'proposal_closed',
        `version ${version} of mandate ${mandateId} is ${row.status}; it takes no more decisions`,
      );
    const mine = await mandateDecisionBy(trx, row.id, actor.principalId, actor.keyId);
    if (mine)
      throw new PermanentError(
        'already_decided',
        `principal ${actor.principalId} already decided on version ${version} of mandate ${mandateId} (${mine.decision}), with one of its keys`,
      );
    return row;
  }

  /**
   * Records `actor`'s approval. When approvals reach the quorum the version becomes active in the
   * same transaction (the previous active version superseded), unless its base is no longer the
   * active version: then 409 `stale_proposal` and nothing is recorded.
   */
  async approve(
    mandateId: string,
    version: number,
    actor: Actor,
    note: string | null,
  ): Promise<MandateVersionResource> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.lockOpen(trx, mandateId, version, actor);
      if (row.created_by === actor.keyId || row.created_by_principal === actor.principalId)
        throw new PermanentError(
          'self_approval',
          'the proposer of a mandate version cannot approve it, with any of its keys',
        );
      await insertMandateDecision(trx, {
        id: newId('mdtd'),
        version_id: row.id,
        api_key_id: actor.keyId,
        principal_id: actor.principalId,
        decision: 'approve',
        note,
      });
      const approvals = await countMandateApprovals(trx, row.id);
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'treasury.mandate_approved',
        subject: row.id,
        details: {
          mandateId,
          version,
          principalId: actor.principalId,
          note,
          approvals,
          approvalsRequired: this.approvalsRequired,
        },
      });
      if (quorumReached(approvals, this.approvalsRequired)) await this.activate(trx, row, actor.keyId);
      const res = await this.version(trx, mandateId, version);
      await recordResponse(trx, 'treasury_mandate.approve', res);
      return res;
    });
  }

  private async activate(trx: Transaction<DB>, row: MandateVersionRow, by: string): Promise<void> {
    await mandateById(trx, row.mandate_id, { forUpdate: true });
    // read after the lock: READ COMMITTED gives this statement a snapshot that includes any activation that held it
    const [current] = await activeMandateVersions(trx, [row.mandate_id]);
    if ((current?.version ?? null) !== row.base_version)
      throw new PermanentError(
        'stale_proposal',
        `version ${row.version} was proposed against version ${row.base_version ?? '(none)'}, but version ${current?.version ?? '(none)'} is active now; propose again against it`,
      );
    const now = new Date();
    if (current) await setMandateVersionStatus(trx, current.id, { status: 'superseded', superseded_at: now });
    await setMandateVersionStatus(trx, row.id, { status: 'active', activated_at: now, decided_at: now });
    await appendAudit(trx, {
      actor: by,
      action: 'treasury.mandate_activated',
      subject: row.id,
      details: {
        mandateId: row.mandate_id,
        version: row.version,
        supersededVersion: current?.version ?? null,
        hash: row.document_sha256,
      },
    });
    await publishEvent(trx, 'treasury.mandate_activated', await this.version(trx, row.mandate_id, row.version));
  }

  /** Records `actor`'s rejection, which closes the version (its proposer may withdraw it this way). */
  async reject(mandateId: string, version: number, actor: Actor, note: string): Promise<MandateVersionResource> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await this.lockOpen(trx, mandateId, version, actor);
      await insertMandateDecision(trx, {
        id: newId('mdtd'),
        version_id: row.id,
        api_key_id: actor.keyId,
        principal_id: actor.principalId,
        decision: 'reject',
        note,
      });
      await setMandateVersionStatus(trx, row.id, { status: 'rejected', decided_at: new Date() });
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'treasury.mandate_rejected',
        subject: row.id,
        details: { mandateId, version, principalId: actor.principalId, note },
      });
      const res = await this.version(trx, mandateId, version);
      await recordResponse(trx, 'treasury_mandate.reject', res);
      return res;
    });
  }

  /** The active version's document of a mandate, for the position reader and planner (null: none active). */
  async activeDocument(mandateId: string): Promise<{ version: number; document: MandateDocument } | null> {
    const [row] = await activeMandateVersions(this.deps.db, [mandateId]);
    if (!row) return null;
    const [res] = await this.versions(this.deps.db, [row]);
    return { version: res!.version, document: res!.document };
  }
}
