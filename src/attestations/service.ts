import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import { getAddress, isAddress, recoverMessageAddress, type Address, type Hex } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { dbJson } from '../db/json.ts';
import { publishEvent } from '../events/store.ts';
import { KeelError, NotFoundError, ValidationError, type FieldError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import { prepareRequest } from '../pipeline/intake.ts';
import type { OutcomeHandler, TransactionOutcome } from '../pipeline/outcomes.ts';
import type { Pipeline } from '../pipeline/service.ts';
import type { Signer, SignerRegistry } from '../signers/index.ts';
import { allActiveMandateVersions } from '../treasury/mandate-store.ts';
import type { MandateDocument } from '../treasury/mandate.ts';
import {
  attestationMessage,
  contentDigest,
  ratioLines,
  registryId,
  type AttestationContent,
  type ReserveLine,
} from './attestation-logic.ts';
import { readAllReserves, type ReserveVault } from './reserves.ts';
import {
  attestationResource,
  publicAttestation,
  reserveAccounts,
  snapshotResource,
  type AttestationResource,
  type PublicAttestation,
  type SnapshotResource,
} from './resource.ts';
import { checkCsv, formatUnits, SnapshotChecker, type SnapshotAsset, type SnapshotRow } from './snapshot-logic.ts';
import { readCsvUpload, readJsonUpload, type SnapshotUpload } from './snapshot-stream.ts';
import {
  attestationById,
  attestationByRegistryTx,
  hasLeaf,
  insertAttestation,
  insertSnapshot,
  latestPublishedAttestationId,
  leavesOf,
  listAttestations,
  markPublished,
  pendingRegistryTxIds,
  setRegistry,
  setSignatures,
  snapshotById,
} from './store.ts';
import { shuffleLeaves, type Proof } from './sum-tree.ts';
import { buildSumTree } from './sum-tree.ts';
import { TreeCache } from './tree-cache.ts';

/** The origin of registry transactions: their outcome marks the attestation recorded. */
export const REGISTRY_ORIGIN = 'attestations.record';

export interface AttestationsDeps {
  db: Kysely<DB>;
  config: Config;
  chains: ChainRegistry;
  signers: SignerRegistry;
  pipeline: Pipeline;
  logger: Logger;
}

export interface SnapshotInput {
  asOf: string;
  /** JSON rows, or CSV text. */
  rows?: readonly SnapshotRow[];
  csv?: string;
}

export interface DraftInput {
  snapshotId: string;
  chains?: Array<{ chainId: number; blockNumber?: string | undefined }> | undefined;
  extraReserves?: Array<{ chainId: number; address: string }> | undefined;
}

type Actor = { apiKeyId: string; principalId: string | null };

/**
 * Proof of reserves and liabilities (docs/proof-of-reserves.md): liability snapshots (checked,
 * salted, shuffled, built into a Merkle sum tree, stored with their leaves), inclusion proofs,
 * and attestations — drafted from a snapshot and reserves read at one block per chain, signed
 * by every reserve address (Keel's own through its signers), published with Keel's attestation
 * signer's signature and recorded in the registry contract through the write path.
 */
export class Attestations {
  readonly deps: AttestationsDeps;
  readonly trees: TreeCache;

  constructor(deps: AttestationsDeps) {
    this.deps = deps;
    this.trees = new TreeCache(deps.config.attestations.cachedTrees);
  }

  /**
   * Every configured asset symbol once (first chain's decimals), in configured order, then each
   * chain's native coin (`nativeSymbol`, `nativeDecimals`) not already named: what liabilities may
   * be owed in, matching what the reserves reading names.
   */
  configuredAssets(): SnapshotAsset[] {
    const seen = new Map<string, SnapshotAsset>();
    const chains = this.deps.config.chains;
    for (const c of chains)
      for (const a of c.assets) if (!seen.has(a.symbol)) seen.set(a.symbol, { symbol: a.symbol, decimals: a.decimals });
    for (const c of chains)
      if (!seen.has(c.nativeSymbol)) seen.set(c.nativeSymbol, { symbol: c.nativeSymbol, decimals: c.nativeDecimals });
    return [...seen.values()];
  }

  #checker(): SnapshotChecker {
    return new SnapshotChecker(this.configuredAssets(), this.deps.config.attestations.maxSnapshotRows);
  }

  async createSnapshot(input: SnapshotInput, actor: Actor, operation?: string): Promise<SnapshotResource> {
    const asOf = parseAsOf(input.asOf, 'asOf');
    const checker = this.#checker();
    if (input.csv !== undefined) {
      const header = checkCsv(input.csv, checker);
      if (header) throw snapshotInvalid([header], 1);
    } else (input.rows ?? []).forEach((r, i) => checker.add(r, i + 1, `body.rows[${i}]`));
    return this.#storeChecked(asOf, checker, actor, operation);
  }

  /**
   * A snapshot read from the request stream (CSV, or JSON `{ asOf, rows }`): each row is checked
   * as it arrives (src/attestations/snapshot-stream.ts); nothing is stored unless every row passed.
   * CSV names `asOf` apart (the query string).
   */
  async createSnapshotFromUpload(
    upload: SnapshotUpload & { asOf?: string | undefined },
    actor: Actor,
    operation?: string,
  ): Promise<SnapshotResource> {
    const checker = this.#checker();
    const maxBytes = this.deps.config.attestations.maxUploadBytes;
    let asOf: Date;
    if (upload.format === 'csv') {
      asOf = parseAsOf(upload.asOf ?? '', 'querystring.asOf');
      const header = await readCsvUpload(upload.body, checker, maxBytes);
      if (header) throw snapshotInvalid([header], 1);
    } else asOf = parseAsOf(await readJsonUpload(upload.body, checker, maxBytes), 'body.asOf');
    return this.#storeChecked(asOf, checker, actor, operation);
  }

  async #storeChecked(asOf: Date, checker: SnapshotChecker, actor: Actor, operation?: string) {
    if (checker.errorCount > 0) throw snapshotInvalid(checker.errors, checker.errorCount);
    const checked = checker.result();
    if (checked.users.size === 0)
      throw snapshotInvalid(
        [{ line: 0, field: 'rows', code: 'empty_snapshot', message: 'the snapshot has no rows' }],
        1,
      );

    // One draw of random bytes for every salt (32 bytes a user), then a uniform shuffle.
    const salts = randomBytes(32 * checked.users.size);
    let k = 0;
    const leaves = shuffleLeaves(
      [...checked.users].map(([userId, balances]) => ({
        userId,
        salt: salts.subarray(32 * k, 32 * ++k),
        balances,
      })),
    );
    const tree = await buildSumTree({ assets: checked.assets, leaves });
    const id = newId('lsn');
    const res = await this.deps.db.transaction().execute(async (trx) => {
      await insertSnapshot(
        trx,
        {
          id,
          as_of: asOf,
          assets: checked.assets,
          root_hash: tree.root.hash,
          totals: tree.root.sums.map(String),
          leaf_count: tree.leafCount,
          created_by: actor.apiKeyId,
        },
        leaves.map((l, position) => ({
          position,
          user_id: l.userId,
          salt: l.salt,
          balances: l.balances.map(String),
        })),
      );
      const row = await snapshotById(trx, id);
      const out = snapshotResource(row!);
      await publishEvent(trx, 'liability_snapshot.created', out);
      if (operation) await recordResponse(trx, operation, out, 201);
      return out;
    });
    this.trees.put(id, tree);
    return res;
  }

  async getSnapshot(id: string): Promise<SnapshotResource> {
    const row = await snapshotById(this.deps.db, id);
    if (!row) throw new KeelError('snapshot_not_found', `no liability snapshot ${id}`);
    return snapshotResource(row);
  }

  /**
   * The user's inclusion proof; the tree comes from the cache (built at most once per process).
   * Once the snapshot is attested the proof names the latest published attestation over it, so
   * the /proof page and the verifier can check the root against it and its on-chain record.
   */
  async proof(snapshotId: string, userId: string): Promise<Proof> {
    const row = await snapshotById(this.deps.db, snapshotId);
    if (!row) throw new KeelError('snapshot_not_found', `no liability snapshot ${snapshotId}`);
    if (!(await hasLeaf(this.deps.db, snapshotId, userId)))
      throw new KeelError('proof_not_found', `user ${userId} is not in snapshot ${snapshotId}`);
    const tree = await this.trees.get(row, () => leavesOf(this.deps.db, snapshotId));
    const attestationId = await latestPublishedAttestationId(this.deps.db, snapshotId);
    return tree.proofFor(userId, { snapshotId, ...(attestationId ? { attestationId } : {}) });
  }

  #keelSigner = (address: string): Signer | undefined => this.deps.signers.byAddress(getAddress(address));
  #keelSignerName = (address: string): string | null => this.#keelSigner(address)?.name ?? null;

  #resource(row: Awaited<ReturnType<typeof attestationById>> & object): AttestationResource {
    return attestationResource(this.deps.config, row, this.#keelSignerName);
  }

  /** The vaults read per chain: configured vaults and the vaults of active treasury mandates. */
  async #vaults(): Promise<Map<number, ReserveVault[]>> {
    const out = new Map<number, ReserveVault[]>();
    const add = (chainId: number, v: ReserveVault) => {
      const list = out.get(chainId) ?? [];
      if (!list.some((x) => x.address.toLowerCase() === v.address.toLowerCase())) list.push(v);
      out.set(chainId, list);
    };
    for (const c of this.deps.config.chains)
      for (const v of c.vaults) add(c.chainId, { address: getAddress(v.address), asset: v.asset });
    for (const m of await allActiveMandateVersions(this.deps.db)) {
      const doc = dbJson<MandateDocument>(m.document);
      const chain = this.deps.config.chains.find((c) => c.chainId === m.chain_id);
      const asset = chain?.assets.find(
        (a) => a.symbol === doc.asset || a.address.toLowerCase() === doc.asset.toLowerCase(),
      );
      if (!asset) continue;
      for (const v of doc.vaults) add(m.chain_id, { address: getAddress(v.address), asset: asset.symbol });
    }
    return out;
  }

  /** Signs `message` with each Keel signer among `accounts` that has not signed; failures leave it unsigned. */
  async #signOwn(message: string, accounts: readonly string[], have: Record<string, string>) {
    const out = { ...have };
    await Promise.all(
      accounts.map(async (account) => {
        const signer = this.#keelSigner(account);
        if (!signer || out[account.toLowerCase()]) return;
        try {
          const sig = await signer.signMessage({ message });
          if ((await recoverMessageAddress({ message, signature: sig })) === getAddress(account))
            out[account.toLowerCase()] = sig;
        } catch (err) {
          this.deps.logger.warn(
            { err, signer: signer.name },
            `signer ${signer.name} could not sign the attestation message; its address stays unsigned`,
          );
        }
      }),
    );
    return out;
  }

  async createDraft(input: DraftInput, actor: Actor, operation?: string): Promise<AttestationResource> {
    const { config, chains, signers } = this.deps;
    const snap = await snapshotById(this.deps.db, input.snapshotId);
    if (!snap)
      throw new ValidationError('unknown snapshot', [
        { field: 'body.snapshotId', code: 'unknown_snapshot', message: `no liability snapshot ${input.snapshotId}` },
      ]);
    const wanted: Array<{ chainId: number; blockNumber?: string | undefined }> =
      input.chains ?? config.chains.map((c) => ({ chainId: c.chainId }));
    const errors: FieldError[] = [];
    const extras = input.extraReserves ?? [];
    extras.forEach((x, i) => {
      if (!isAddress(x.address, { strict: false }))
        errors.push({ field: `body.extraReserves[${i}].address`, code: 'invalid_address', message: 'not an address' });
      else if (signers.byAddress(getAddress(x.address)))
        errors.push({
          field: `body.extraReserves[${i}].address`,
          code: 'keel_address',
          message: 'this is one of Keel’s own accounts: it is read anyway',
        });
      if (!wanted.some((w) => w.chainId === x.chainId))
        errors.push({
          field: `body.extraReserves[${i}].chainId`,
          code: 'chain_not_read',
          message: `chain ${x.chainId} is not among the chains read`,
        });
    });
    wanted.forEach((w, i) => {
      if (w.blockNumber !== undefined && !/^\d{1,20}$/.test(w.blockNumber))
        errors.push({ field: `body.chains[${i}].blockNumber`, code: 'invalid_block', message: 'a block number' });
    });
    if (errors.length) throw new ValidationError('the reserves reading is not valid', errors);
    const own = signers.all().map((s) => s.address);
    const vaults = await this.#vaults();
    const readings = await readAllReserves(
      chains,
      wanted.map((w) => ({
        chainId: w.chainId,
        blockNumber: w.blockNumber === undefined ? undefined : BigInt(w.blockNumber),
        accounts: [
          ...own,
          ...extras.filter((x) => x.chainId === w.chainId).map((x) => getAddress(x.address) as Address),
        ],
        vaults: vaults.get(w.chainId) ?? [],
      })),
    );
    const lines: ReserveLine[] = readings
      .flatMap((r) => r.lines)
      .sort(
        (a, b) =>
          a.chainId - b.chainId ||
          a.account.localeCompare(b.account) ||
          a.kind.localeCompare(b.kind) ||
          a.asset.localeCompare(b.asset) ||
          (a.vault ?? '').localeCompare(b.vault ?? ''),
      );
    const id = newId('att');
    const createdAt = new Date();
    const totals = snap.assets.map((a, i) => ({
      asset: a.symbol,
      decimals: a.decimals,
      amount: formatUnits(BigInt(snap.totals[i]!), a.decimals),
    }));
    const content: AttestationContent = {
      id,
      createdAt: createdAt.toISOString(),
      liabilities: {
        snapshotId: snap.id,
        root: snap.root_hash as Hex,
        leafCount: snap.leaf_count,
        asOf: new Date(snap.as_of).toISOString(),
        totals,
      },
      reserves: lines,
      ratio: ratioLines(totals, lines),
    };
    const digest = contentDigest(content);
    const message = attestationMessage(id, digest);
    const signatures = await this.#signOwn(message, reserveAccounts(content), {});
    return this.deps.db.transaction().execute(async (trx) => {
      await insertAttestation(trx, {
        id,
        snapshot_id: snap.id,
        content,
        digest,
        message,
        signatures,
        created_by: actor.apiKeyId,
        created_at: createdAt,
      });
      const out = this.#resource((await attestationById(trx, id))!);
      await publishEvent(trx, 'attestation.created', out);
      if (operation) await recordResponse(trx, operation, out, 201);
      return out;
    });
  }

  async #row(id: string, trx?: Transaction<DB>) {
    const row = await attestationById(trx ?? this.deps.db, id, trx !== undefined);
    if (!row) throw new KeelError('attestation_not_found', `no attestation ${id}`);
    return row;
  }

  async get(id: string): Promise<AttestationResource> {
    return this.#resource(await this.#row(id));
  }

  async list(opts: {
    limit: number;
    startingAfter?: string;
  }): Promise<{ data: AttestationResource[]; hasMore: boolean }> {
    const rows = await listAttestations(this.deps.db, {
      limit: opts.limit + 1,
      ...(opts.startingAfter ? { belowId: opts.startingAfter } : {}),
    });
    const page = pageOf(rows, opts.limit);
    return { data: page.data.map((r) => this.#resource(r)), hasMore: page.hasMore };
  }

  /** A published attestation as anyone may read it; 404 for a draft or an unknown id. */
  async publicView(id: string): Promise<PublicAttestation> {
    const row = await attestationById(this.deps.db, id);
    if (row?.status !== 'published') throw new NotFoundError('no such published attestation');
    return publicAttestation(this.deps.config, row);
  }

  /** Adds a reserve address's EIP-191 signature of the attestation message, checked by recovery. */
  async addSignature(
    id: string,
    input: { address: string; signature: string },
    operation?: string,
  ): Promise<AttestationResource> {
    const row = await this.#row(id);
    const accounts = reserveAccounts(row.content as AttestationContent);
    const address = accounts.find((a) => a.toLowerCase() === input.address.toLowerCase());
    if (!address)
      throw new ValidationError('not a reserve address of this attestation', [
        {
          field: 'body.address',
          code: 'not_a_reserve_address',
          message: `reserve addresses: ${accounts.join(', ') || 'none'}`,
        },
      ]);
    await checkSignature(row.message, address, input.signature);
    return this.deps.db.transaction().execute(async (trx) => {
      const cur = await this.#row(id, trx);
      if (cur.status !== 'draft')
        throw new KeelError('attestation_not_draft', `attestation ${id} is ${cur.status}; signatures are closed`);
      await setSignatures(trx, id, { ...cur.signatures, [address.toLowerCase()]: input.signature });
      const out = this.#resource((await attestationById(trx, id))!);
      if (operation) await recordResponse(trx, operation, out);
      return out;
    });
  }

  /** The attestation signer: `attestations.signer`, else the one signer with role `attestation`. */
  attestationSigner(): Signer {
    const { config, signers } = this.deps;
    const s = config.attestations.signer ? signers.get(config.attestations.signer) : signers.byRole('attestation')[0];
    if (!s)
      throw new KeelError(
        'attestation_signer_missing',
        'no attestation signer is configured (a signer with role `attestation`, or attestations.signer)',
      );
    return s;
  }

  /**
   * Publishes a draft whose every reserve address signed: every stored signature is checked
   * again, Keel's attestation signer signs the message, and — with `attestations.registry` —
   * the record goes through the write path in the same database transaction that publishes.
   */
  async publish(id: string, actor: Actor, operation?: string): Promise<AttestationResource> {
    const { config, signers, pipeline } = this.deps;
    let row = await this.#row(id);
    if (row.status !== 'draft')
      throw new KeelError('attestation_not_draft', `attestation ${id} is already ${row.status}`);
    const content = row.content as AttestationContent;
    // Recomputed: what is published is what the digest says, whatever the stored row holds.
    if (contentDigest(content) !== row.digest || attestationMessage(id, row.digest as Hex) !== row.message)
      throw new KeelError('attestation_tampered', `attestation ${id}: its content no longer matches its digest`);
    const accounts = reserveAccounts(content);
    const signed = await this.#signOwn(row.message, accounts, row.signatures);
    if (Object.keys(signed).length !== Object.keys(row.signatures).length) {
      await this.deps.db.transaction().execute((trx) => setSignatures(trx, id, signed));
      row = await this.#row(id);
    }
    const missing = accounts.filter((a) => !signed[a.toLowerCase()]);
    if (missing.length)
      throw new KeelError('attestation_unsigned', `attestation ${id} waits for signatures of ${missing.join(', ')}`, {
        extra: { missing },
      });
    for (const a of accounts) await checkSignature(row.message, a, signed[a.toLowerCase()]!);
    const signer = this.attestationSigner();
    const signature = await signer.signMessage({ message: row.message });
    const publishedAt = new Date();
    const finish = async (trx: Transaction<DB>, registry: Parameters<typeof markPublished>[2]['registry']) => {
      const cur = await this.#row(id, trx);
      if (cur.status !== 'draft')
        throw new KeelError('attestation_not_draft', `attestation ${id} is already ${cur.status}`);
      await markPublished(trx, id, { signer_address: signer.address, signature, registry, published_at: publishedAt });
      const out = this.#resource((await attestationById(trx, id))!);
      await publishEvent(trx, 'attestation.published', out);
      if (operation) await recordResponse(trx, operation, out);
      return out;
    };
    const reg = config.attestations.registry;
    if (!reg) return this.deps.db.transaction().execute((trx) => finish(trx, null));
    const snap = (await snapshotById(this.deps.db, row.snapshot_id))!;
    const body = {
      chainId: reg.chainId,
      signer: signer.name,
      kind: 'contract_call' as const,
      to: reg.address,
      call: {
        function: 'publish(bytes32,bytes32,uint256[],bytes32)',
        args: [registryId(id), snap.root_hash, snap.totals, row.digest],
      },
      userId: 'attestations',
      metadata: { attestationId: id },
    };
    const req = prepareRequest(config, signers, body, actor.apiKeyId, 'attestation');
    let out: AttestationResource | undefined;
    await pipeline.createBatch(
      [{ req, body, origin: REGISTRY_ORIGIN }],
      actor.apiKeyId,
      async (trx, txs) => {
        out = await finish(trx, {
          chainId: reg.chainId,
          address: getAddress(reg.address),
          txId: txs[0]!.id,
          txHash: null,
          status: 'pending',
        });
      },
      operation,
      actor.principalId,
    );
    return out!;
  }

  /** Registry transactions still in flight (the catch-up at start). */
  awaitingTxIds(): Promise<string[]> {
    return pendingRegistryTxIds(this.deps.db);
  }

  outcomeHandlers(): Record<string, OutcomeHandler> {
    return { [REGISTRY_ORIGIN]: (trx, o) => this.settle(trx, o) };
  }

  /** The registry transaction is final (or retracted): the attestation's record follows. */
  async settle(trx: Transaction<DB>, o: TransactionOutcome): Promise<void> {
    const row = await attestationByRegistryTx(trx, o.txId);
    if (!row?.registry) return;
    const status = o.kind === 'retracted' ? 'pending' : o.status === 'confirmed' ? 'recorded' : 'failed';
    await setRegistry(trx, row.id, {
      ...row.registry,
      txHash: o.txHash,
      status,
      blockNumber: status === 'recorded' ? (o.receipt?.blockNumber ?? null) : null,
    });
    if (status === 'recorded') {
      const out = this.#resource((await attestationById(trx, row.id))!);
      await publishEvent(trx, 'attestation.recorded', out);
    }
  }
}

function parseAsOf(value: string, field: string): Date {
  const asOf = new Date(value);
  if (Number.isNaN(asOf.getTime()))
    throw new ValidationError('asOf is not a date-time', [
      { field, code: 'invalid_date', message: 'an ISO 8601 date-time such as 2026-01-31T23:59:59Z' },
    ]);
  return asOf;
}

function snapshotInvalid(errors: Array<FieldError & { line: number }>, errorCount: number): KeelError {
  return new KeelError(
    'snapshot_invalid',
    `the snapshot was rejected: ${errorCount} problem${errorCount === 1 ? '' : 's'}${
      errorCount > errors.length ? ` (the first ${errors.length} listed)` : ''
    }; nothing was stored`,
    { errors, extra: { errorCount } },
  );
}

/** 422 unless `signature` is an EIP-191 signature of `message` by `address`. */
async function checkSignature(message: string, address: string, signature: string): Promise<void> {
  let recovered: string | null = null;
  try {
    if (/^0x[0-9a-fA-F]{130}$/.test(signature))
      recovered = await recoverMessageAddress({ message, signature: signature as Hex });
  } catch {
    recovered = null;
  }
  if (recovered?.toLowerCase() !== address.toLowerCase())
    throw new KeelError(
      'reserve_signature_invalid',
      `the signature is not ${address}'s EIP-191 signature of the attestation message${recovered ? ` (it recovers to ${recovered})` : ''}`,
      { extra: { address, recovered } },
    );
}
