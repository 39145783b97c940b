import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { dbJson } from '../db/json.ts';
import type { AttestationRegistryRecord } from './tables.ts';

/**
 * The only SQL of proof of reserves: liability snapshots and their leaves, attestations. Writes
 * run in the caller's transaction (a snapshot and all its leaves commit together or not at all).
 */

type Db = Kysely<DB> | Transaction<DB>;

export interface SnapshotRow {
  id: string;
  as_of: Date;
  assets: Array<{ symbol: string; decimals: number }>;
  root_hash: string;
  totals: string[];
  leaf_count: number;
  created_by: string | null;
  created_at: Date;
}

export interface LeafRow {
  position: number;
  user_id: string;
  salt: Uint8Array;
  balances: string[];
}

export interface AttestationRow {
  id: string;
  status: 'draft' | 'published';
  snapshot_id: string;
  content: unknown;
  digest: string;
  message: string;
  signatures: Record<string, string>;
  signer_address: string | null;
  signature: string | null;
  registry: AttestationRegistryRecord | null;
  created_by: string | null;
  created_at: Date;
  published_at: Date | null;
}

// 5 parameters a leaf: 2,000 leaves a statement stays far below Postgres's 65,535 parameters.
const LEAF_CHUNK = 2_000;

export async function insertSnapshot(
  trx: Transaction<DB>,
  s: Omit<SnapshotRow, 'created_at'>,
  leaves: readonly LeafRow[],
): Promise<void> {
  await trx
    .insertInto('liability_snapshots')
    .values({
      id: s.id,
      as_of: s.as_of,
      assets: JSON.stringify(s.assets),
      root_hash: s.root_hash,
      totals: JSON.stringify(s.totals),
      leaf_count: s.leaf_count,
      created_by: s.created_by,
    })
    .execute();
  for (let i = 0; i < leaves.length; i += LEAF_CHUNK) {
    await trx
      .insertInto('liability_leaves')
      .values(
        leaves.slice(i, i + LEAF_CHUNK).map((l) => ({
          snapshot_id: s.id,
          position: l.position,
          user_id: l.user_id,
          salt: l.salt,
          balances: JSON.stringify(l.balances),
        })),
      )
      .execute();
  }
}

const snapshot = (r: Record<string, unknown>): SnapshotRow =>
  ({ ...r, assets: dbJson(r.assets), totals: dbJson(r.totals) }) as SnapshotRow;

export async function snapshotById(db: Db, id: string): Promise<SnapshotRow | undefined> {
  const r = await db.selectFrom('liability_snapshots').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? snapshot(r) : undefined;
}

/** Every leaf of a snapshot in tree order (to rebuild its tree). */
export async function leavesOf(db: Db, snapshotId: string): Promise<LeafRow[]> {
  const rows = await db
    .selectFrom('liability_leaves')
    .select(['position', 'user_id', 'salt', 'balances'])
    .where('snapshot_id', '=', snapshotId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ ...r, salt: new Uint8Array(r.salt), balances: dbJson<string[]>(r.balances) }));
}

export async function hasLeaf(db: Db, snapshotId: string, userId: string): Promise<boolean> {
  const r = await db
    .selectFrom('liability_leaves')
    .select('position')
    .where('snapshot_id', '=', snapshotId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return r !== undefined;
}

const attestation = (r: Record<string, unknown>): AttestationRow =>
  ({
    ...r,
    content: dbJson(r.content),
    signatures: dbJson(r.signatures) ?? {},
    registry: r.registry === null ? null : dbJson(r.registry),
  }) as AttestationRow;

export async function insertAttestation(
  trx: Transaction<DB>,
  a: Pick<AttestationRow, 'id' | 'snapshot_id' | 'content' | 'digest' | 'message' | 'signatures' | 'created_by'> & {
    created_at: Date;
  },
): Promise<void> {
  await trx
    .insertInto('attestations')
    .values({
      id: a.id,
      status: 'draft',
      snapshot_id: a.snapshot_id,
      content: JSON.stringify(a.content),
      digest: a.digest,
      message: a.message,
      signatures: JSON.stringify(a.signatures),
      created_by: a.created_by,
      created_at: a.created_at,
    })
    .execute();
}

export async function attestationById(db: Db, id: string, forUpdate = false): Promise<AttestationRow | undefined> {
  let q = db.selectFrom('attestations').selectAll().where('id', '=', id);
  if (forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? attestation(r) : undefined;
}

/** The id of the latest published attestation over a snapshot (the one its proofs name), if any. */
export async function latestPublishedAttestationId(db: Db, snapshotId: string): Promise<string | undefined> {
  const r = await db
    .selectFrom('attestations')
    .select('id')
    .where('snapshot_id', '=', snapshotId)
    .where('status', '=', 'published')
    .orderBy('published_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r?.id;
}

export async function listAttestations(db: Db, opts: { limit: number; belowId?: string }): Promise<AttestationRow[]> {
  let q = db.selectFrom('attestations').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.belowId) q = q.where('id', '<', opts.belowId);
  return (await q.execute()).map(attestation);
}

export async function setSignatures(trx: Transaction<DB>, id: string, signatures: Record<string, string>) {
  await trx
    .updateTable('attestations')
    .set({ signatures: JSON.stringify(signatures) })
    .where('id', '=', id)
    .execute();
}

export async function markPublished(
  trx: Transaction<DB>,
  id: string,
  p: { signer_address: string; signature: string; registry: AttestationRegistryRecord | null; published_at: Date },
) {
  await trx
    .updateTable('attestations')
    .set({
      status: 'published',
      signer_address: p.signer_address,
      signature: p.signature,
      registry: p.registry ? JSON.stringify(p.registry) : null,
      published_at: p.published_at,
    })
    .where('id', '=', id)
    .execute();
}

export async function attestationByRegistryTx(trx: Db, txId: string): Promise<AttestationRow | undefined> {
  const r = await trx
    .selectFrom('attestations')
    .selectAll()
    .where(sql<string>`registry ->> 'txId'`, '=', txId)
    .forUpdate()
    .executeTakeFirst();
  return r ? attestation(r) : undefined;
}

export async function setRegistry(trx: Transaction<DB>, id: string, registry: AttestationRegistryRecord) {
  await trx
    .updateTable('attestations')
    .set({ registry: JSON.stringify(registry) })
    .where('id', '=', id)
    .execute();
}

/** Registry transactions still waiting for a final state (the catch-up at start). */
export async function pendingRegistryTxIds(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('attestations')
    .select('registry')
    .where('status', '=', 'published')
    .where('registry', 'is not', null)
    .execute();
  return rows
    .map((r) => dbJson<AttestationRegistryRecord | null>(r.registry))
    .filter((r): r is AttestationRegistryRecord => r?.status === 'pending')
    .map((r) => r.txId);
}
