import type { Kysely, Transaction } from 'kysely';
import { getAddress, isAddress, type Address } from 'viem';
import type { Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/store.ts';
import type { ChainRegistry } from '../chain/index.ts';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { publishEvent } from '../events/store.ts';
import { isAcceptedAddress } from '../lib/address.ts';
import { type FieldError, NotFoundError, PermanentError, UpstreamError, ValidationError } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { pageOf } from '../lib/pagination.ts';
import { recordResponse } from '../lib/request-outcome.ts';
import type { AddressSource } from '../pipeline/facts.ts';
import {
  activeFromOf,
  coolOffEnd,
  decisionRefusal,
  flagText,
  groupImport,
  importLines,
  LOOKALIKE_PREFIX_CHARS,
  lookalikeFlags,
  parseCsv,
  payableAnswer,
  type ImportLine,
  type PayeeAddressFlag,
} from './payee-logic.ts';
import {
  type AddressChangeResource,
  addressChangeResources,
  type PayeeResource,
  payeeResource,
} from './payee-resource.ts';
import {
  type AddressChangeRow,
  changeById,
  changesOfPayees,
  decideChange,
  disablePayee,
  insertAddressChange,
  insertPayee,
  knownPayeeAddressesLike,
  listPayees,
  openChange,
  type PayeeRow,
  payeeAddressesLike,
  payeeById,
  payeesByIds,
  payeesByReferences,
  principalNames,
} from './payee-store.ts';
import type { PayableAnswer, PayableResolver } from './ports.ts';

/**
 * The payee book (docs/payouts.md#payees-and-address-safety): payees and their payout addresses
 * per chain and asset. Every address — a new payee's or a changed one — is entered as a change
 * that becomes payable only when a second principal approved it AND its cool-off
 * (`payouts.addressCoolOffSeconds`, counted from the request) is over; until then the payee's
 * previous address on that chain and asset, if any, stays the one paid. Lookalikes of payees' and
 * known addresses are flagged at entry (an approver must acknowledge them), a contract address
 * must be confirmed at entry. Runs ask `payable()` (the `PayableResolver` of ports.ts).
 *
 * Concurrency: a decision locks the change row (`for update`) and re-checks it is pending; a
 * request locks the payee row, and the database keeps one open change per payee, chain and asset.
 */

type Db = Kysely<DB> | Transaction<DB>;

/** One payout address as entered (API body or CSV line). */
export interface AddressInput {
  chainId: number;
  /** A configured asset on that chain: symbol or address. */
  asset: string;
  address: string;
  /** Required (true) when the address has code on that chain. */
  confirmContract?: boolean | undefined;
}

export interface CreatePayeeInput {
  name: string;
  reference: string;
  addresses: readonly AddressInput[];
}

/** An address checked and ready to store. */
interface PreparedAddress {
  chainId: number;
  asset: { symbol: string; address: Address };
  address: Address;
  isContract: boolean;
  flags: PayeeAddressFlag[];
}

export class Payees implements PayableResolver {
  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      config: Config;
      chains: ChainRegistry;
      /** Known addresses like one (the pipeline's chain facts: `knownLike`), and code reads. */
      facts: {
        knownLike(chainId: number, address: string, prefix: number): Promise<string[]>;
        hasCode(chainId: number, address: Address): Promise<boolean | null>;
      };
      /** Clock (tests of pure timing use the real one). */
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  private get coolOffSeconds(): number {
    return this.deps.config.payouts.addressCoolOffSeconds;
  }

  // ---------------------------------------------------------------- PayableResolver

  /**
   * For each payee, the address that may be paid now on `chainId` for `asset`, or why not: the
   * newest approved change whose cool-off is over; `address_pending` while every address entered
   * waits for approval or cool-off. Read in `trx` when given.
   */
  async payable(
    payeeIds: readonly string[],
    chainId: number,
    asset: Address,
    trx?: Transaction<DB>,
  ): Promise<Map<string, PayableAnswer>> {
    const db: Db = trx ?? this.deps.db;
    const ids = [...new Set(payeeIds)];
    const payees = new Map((await payeesByIds(db, ids)).map((p) => [p.id, p]));
    const changes = await changesOfPayees(db, ids, { chainId, asset });
    const now = this.now();
    const out = new Map<string, PayableAnswer>();
    for (const id of ids) {
      const answer = payableAnswer(payees.get(id), changes.filter((c) => c.payee_id === id).map(changeFacts), now);
      out.set(id, answer.ok ? { ok: true, address: getAddress(answer.address) } : answer);
    }
    return out;
  }

  /** The payee book as an address source of the write path: its addresses count as known for the policy's lookalike rule. */
  addressSource(): AddressSource {
    return { knownLike: (chainId, address, prefix) => knownPayeeAddressesLike(this.deps.db, chainId, address, prefix) };
  }

  // ---------------------------------------------------------------- reads

  private async resources(db: Db, rows: readonly PayeeRow[]): Promise<PayeeResource[]> {
    const changes = await changesOfPayees(
      db,
      rows.map((r) => r.id),
    );
    const names = await principalNames(db, [
      ...new Set(
        changes.flatMap((c) => [c.requested_by_principal, ...(c.decided_by_principal ? [c.decided_by_principal] : [])]),
      ),
    ]);
    const all = addressChangeResources(changes, names, this.now());
    return rows.map((r) =>
      payeeResource(
        r,
        all.filter((c) => c.payeeId === r.id),
      ),
    );
  }

  private async changeResource(db: Db, payeeId: string, changeId: string): Promise<AddressChangeResource> {
    return (await this.changes(db, payeeId)).find((c) => c.id === changeId)!;
  }

  private async changes(db: Db, payeeId: string): Promise<AddressChangeResource[]> {
    const rows = await changesOfPayees(db, [payeeId]);
    const names = await principalNames(db, [
      ...new Set(
        rows.flatMap((c) => [c.requested_by_principal, ...(c.decided_by_principal ? [c.decided_by_principal] : [])]),
      ),
    ]);
    return addressChangeResources(rows, names, this.now());
  }

  /** One payee (404 when there is none). */
  async get(id: string): Promise<PayeeResource> {
    const row = await payeeById(this.deps.db, id);
    if (!row) throw new NotFoundError(`payee ${id} does not exist`);
    return (await this.resources(this.deps.db, [row]))[0]!;
  }

  /** A page of payees, newest first, after `startingAfter` (a payee id: 422 when there is none). */
  async list(opts: {
    limit: number;
    startingAfter?: string | undefined;
    status?: 'active' | 'disabled' | undefined;
  }): Promise<{ data: PayeeResource[]; hasMore: boolean }> {
    if (opts.startingAfter && !(await payeeById(this.deps.db, opts.startingAfter)))
      throw new ValidationError(`unknown cursor ${opts.startingAfter}`, [
        { field: 'querystring.startingAfter', code: 'unknown_payee', message: 'no payee with this id' },
      ]);
    const rows = await listPayees(this.deps.db, {
      limit: opts.limit + 1,
      ...(opts.startingAfter ? { belowId: opts.startingAfter } : {}),
      ...(opts.status ? { status: opts.status } : {}),
    });
    const page = pageOf(rows, opts.limit);
    return { data: await this.resources(this.deps.db, page.data), hasMore: page.hasMore };
  }

  /** Every address change of a payee, oldest first (history included). */
  async addressChanges(payeeId: string): Promise<AddressChangeResource[]> {
    if (!(await payeeById(this.deps.db, payeeId))) throw new NotFoundError(`payee ${payeeId} does not exist`);
    return this.changes(this.deps.db, payeeId);
  }

  // ---------------------------------------------------------------- checks at entry

  /**
   * Checks entered addresses: chain and asset configured, the address well formed, its code read
   * (a contract needs `confirmContract`), lookalikes of payees' and known addresses (and of the
   * other addresses of the same batch) flagged. `field(i, name)` names an entry's field in errors.
   */
  private async prepare(
    entries: readonly AddressInput[],
    field: (i: number, name: string) => string,
  ): Promise<{ prepared: Array<PreparedAddress | null>; errors: FieldError[]; unconfirmed: FieldError[] }> {
    const errors: FieldError[] = [];
    const unconfirmed: FieldError[] = [];
    const resolved = entries.map((e, i) => {
      const handle = this.deps.chains.get(e.chainId);
      if (!handle) {
        errors.push({
          field: field(i, 'chainId'),
          code: 'unknown_chain',
          message: `chain ${e.chainId} is not configured`,
        });
        return null;
      }
      const ref = e.asset;
      const a = ref.startsWith('0x')
        ? handle.config.assets.find((x) => x.address.toLowerCase() === ref.toLowerCase())
        : handle.config.assets.find((x) => x.symbol === ref);
      if (!a) {
        errors.push({
          field: field(i, 'asset'),
          code: 'unknown_asset',
          message: `no asset ${ref} is configured on chain ${e.chainId} (a symbol or token address)`,
        });
      }
      if (!isAcceptedAddress(e.address) || !isAddress(e.address, { strict: false })) {
        errors.push({
          field: field(i, 'address'),
          code: 'invalid_address',
          message: 'a 0x-prefixed 20-byte hex address (checksummed, or all one case)',
        });
        return null;
      }
      const address = getAddress(e.address);
      if (/^0x0{40}$/i.test(address)) {
        errors.push({ field: field(i, 'address'), code: 'invalid_address', message: 'the zero address' });
        return null;
      }
      return a ? { chainId: e.chainId, asset: { symbol: a.symbol, address: getAddress(a.address) }, address } : null;
    });
    const prepared = await Promise.all(
      resolved.map(async (r, i): Promise<PreparedAddress | null> => {
        if (!r) return null;
        const code = await this.deps.facts.hasCode(r.chainId, r.address);
        if (code === null)
          throw new UpstreamError(
            'chain_unavailable',
            `chain ${r.chainId} could not be read to check ${r.address} for code`,
          );
        if (code && !entries[i]!.confirmContract)
          unconfirmed.push({
            field: field(i, 'address'),
            code: 'contract_not_confirmed',
            message: `${r.address} is a contract on chain ${r.chainId}: confirm with confirmContract: true that it can receive and use the asset`,
          });
        const lower = r.address.toLowerCase();
        const [payees, known] = await Promise.all([
          payeeAddressesLike(this.deps.db, r.chainId, lower, LOOKALIKE_PREFIX_CHARS),
          this.deps.facts.knownLike(r.chainId, lower, LOOKALIKE_PREFIX_CHARS),
        ]);
        const batch = resolved.flatMap((o, k) =>
          o && k !== i && o.chainId === r.chainId
            ? [{ address: o.address, source: 'payee' as const, payeeId: null }]
            : [],
        );
        const flags: PayeeAddressFlag[] = lookalikeFlags(lower, [
          ...payees.map((p) => ({ address: p.address, source: 'payee' as const, payeeId: p.payee_id })),
          ...batch,
          ...known.map((a) => ({ address: a, source: 'known' as const, payeeId: null })),
        ]);
        if (code) flags.push({ kind: 'contract' });
        return { ...r, isContract: code, flags };
      }),
    );
    return { prepared, errors, unconfirmed };
  }

  private refuse(errors: FieldError[], unconfirmed: FieldError[]): void {
    if (errors.length) throw new ValidationError('some addresses are not valid', [...errors, ...unconfirmed]);
    if (unconfirmed.length)
      throw new PermanentError(
        'payee_contract_unconfirmed',
        `${unconfirmed.length === 1 ? 'an address is a contract' : 'addresses are contracts'}: confirm each with confirmContract: true`,
        { errors: unconfirmed },
      );
  }

  private async insertChange(
    trx: Transaction<DB>,
    payeeId: string,
    p: PreparedAddress,
    actor: Actor,
    at: Date,
  ): Promise<string> {
    const id = newId('pac');
    await insertAddressChange(trx, {
      id,
      payee_id: payeeId,
      chain_id: p.chainId,
      asset_symbol: p.asset.symbol,
      asset_address: p.asset.address,
      address: p.address,
      status: 'pending',
      flags: JSON.stringify(p.flags),
      is_contract: p.isContract,
      requested_by: actor.keyId,
      requested_by_principal: actor.principalId,
      requested_at: at,
      cool_off_until: coolOffEnd(at, this.coolOffSeconds),
    });
    return id;
  }

  // ---------------------------------------------------------------- writes

  /** Creates a payee with its addresses, each waiting for approval and cool-off. */
  async create(input: CreatePayeeInput, actor: Actor): Promise<PayeeResource> {
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    input.addresses.forEach((a, i) => {
      const k = `${a.chainId}:${a.asset.toLowerCase()}`;
      if (seen.has(k))
        errors.push({
          field: `body.addresses[${i}]`,
          code: 'duplicate_address',
          message: 'one address per chain and asset',
        });
      seen.add(k);
    });
    const r = await this.prepare(input.addresses, (i, n) => `body.addresses[${i}].${n}`);
    this.refuse([...errors, ...r.errors], r.unconfirmed);
    const [taken] = await payeesByReferences(this.deps.db, [input.reference]);
    if (taken) throw referenceTaken(input.reference);
    return this.deps.db.transaction().execute(async (trx) => {
      const id = await this.insertPayee(trx, input.name, input.reference, r.prepared as PreparedAddress[], actor);
      const [res] = await this.resources(trx, [(await payeeById(trx, id))!]);
      await recordResponse(trx, 'payee.create', res, 201);
      return res!;
    });
  }

  private async insertPayee(
    trx: Transaction<DB>,
    name: string,
    reference: string,
    addresses: readonly PreparedAddress[],
    actor: Actor,
  ): Promise<string> {
    const id = newId('pye');
    const at = this.now();
    await insertPayee(trx, {
      id,
      name,
      reference,
      created_by: actor.keyId,
      created_by_principal: actor.principalId,
    }).catch((err: unknown) => {
      if ((err as { code?: string }).code === '23505') throw referenceTaken(reference);
      throw err;
    });
    const changeIds: string[] = [];
    for (const p of addresses) changeIds.push(await this.insertChange(trx, id, p, actor, at));
    const [res] = await this.resources(trx, [(await payeeById(trx, id))!]);
    await publishEvent(trx, 'payee.created', res);
    for (const c of res!.addresses) await publishEvent(trx, 'payee.address_change_requested', c);
    await appendAudit(trx, {
      actor: actor.keyId,
      action: 'payee.created',
      subject: id,
      details: {
        reference,
        principalId: actor.principalId,
        // Flat lists: the audit log shows details as labelled fields.
        addresses: res!.addresses.map((a) => `${a.id}: ${a.asset.symbol} on ${a.chainId} → ${a.address}`),
        flags: res!.addresses.flatMap((a) => a.flags.map((f) => `${a.id}: ${flagText(f)}`)),
      },
    });
    return id;
  }

  /** Disables a payee: it is never payable again (its history stays). */
  async disable(id: string, actor: Actor): Promise<PayeeResource> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await payeeById(trx, id, { forUpdate: true });
      if (!row) throw new NotFoundError(`payee ${id} does not exist`);
      if (row.status !== 'disabled') {
        await disablePayee(trx, id, this.now());
        const [res] = await this.resources(trx, [(await payeeById(trx, id))!]);
        await publishEvent(trx, 'payee.disabled', res);
        await appendAudit(trx, {
          actor: actor.keyId,
          action: 'payee.disabled',
          subject: id,
          details: { principalId: actor.principalId },
        });
      }
      const [res] = await this.resources(trx, [(await payeeById(trx, id))!]);
      await recordResponse(trx, 'payee.disable', res);
      return res!;
    });
  }

  /**
   * Requests a new payout address for a payee on one chain and asset: held until a second
   * principal approves it and its cool-off is over; the current address stays payable meanwhile.
   */
  async requestChange(payeeId: string, input: AddressInput, actor: Actor): Promise<AddressChangeResource> {
    if (!(await payeeById(this.deps.db, payeeId))) throw new NotFoundError(`payee ${payeeId} does not exist`);
    const r = await this.prepare([input], (_, n) => `body.${n}`);
    this.refuse(r.errors, r.unconfirmed);
    const p = r.prepared[0]!;
    return this.deps.db.transaction().execute(async (trx) => {
      const payee = (await payeeById(trx, payeeId, { forUpdate: true }))!;
      if (payee.status === 'disabled') throw new PermanentError('payee_disabled', `payee ${payeeId} is disabled`);
      const open = await openChange(trx, payeeId, p.chainId, p.asset.address);
      if (open)
        throw new PermanentError(
          'address_change_open',
          `payee ${payeeId} has change ${open.id} open for ${p.asset.symbol} on chain ${p.chainId}: approve or reject it first`,
        );
      const id = await this.insertChange(trx, payeeId, p, actor, this.now());
      const res = await this.changeResource(trx, payeeId, id);
      await publishEvent(trx, 'payee.address_change_requested', res);
      await appendAudit(trx, {
        actor: actor.keyId,
        action: 'payee.address_change_requested',
        subject: id,
        details: {
          payeeId,
          principalId: actor.principalId,
          chainId: p.chainId,
          asset: p.asset.address,
          address: p.address,
          flags: p.flags.map(flagText),
        },
      });
      await recordResponse(trx, 'payee_address_change.request', res, 201);
      return res;
    });
  }

  /**
   * Approves a pending change by a principal other than the requester's. A flagged change needs
   * `acknowledgeFlags`. It becomes payable at the later of now and the end of its cool-off.
   */
  async approve(
    payeeId: string,
    changeId: string,
    actor: Actor,
    opts: { note: string | null; acknowledgeFlags: boolean },
  ): Promise<AddressChangeResource> {
    return this.decide(payeeId, changeId, actor, 'approve', opts);
  }

  /** Rejects a pending change (its requester may withdraw it this way). */
  async reject(payeeId: string, changeId: string, actor: Actor, note: string | null): Promise<AddressChangeResource> {
    return this.decide(payeeId, changeId, actor, 'reject', { note, acknowledgeFlags: false });
  }

  private async decide(
    payeeId: string,
    changeId: string,
    actor: Actor,
    decision: 'approve' | 'reject',
    opts: { note: string | null; acknowledgeFlags: boolean },
  ): Promise<AddressChangeResource> {
    return this.deps.db.transaction().execute(async (trx) => {
      const row = await changeById(trx, payeeId, changeId, { forUpdate: true });
      if (!row) throw new NotFoundError(`payee ${payeeId} has no address change ${changeId}`);
      const refusal = decisionRefusal(changeFacts(row), actor.principalId, decision);
      if (refusal === 'self_approval')
        throw new PermanentError(
          'self_approval',
          'the principal that requested an address change cannot approve it, with any of its keys',
        );
      if (refusal === 'address_change_closed')
        throw new PermanentError('address_change_closed', `address change ${changeId} is ${row.status} already`);
      const flags = (row.flags ?? []) as PayeeAddressFlag[];
      if (decision === 'approve' && flags.length && !opts.acknowledgeFlags)
        throw new PermanentError(
          'payee_flags_unacknowledged',
          `address change ${changeId} is flagged (${flags.map((f) => f.kind).join(', ')}): approve with acknowledgeFlags: true after checking it`,
        );
      const at = this.now();
      await decideChange(trx, changeId, {
        status: decision === 'approve' ? 'approved' : 'rejected',
        decided_by: actor.keyId,
        decided_by_principal: actor.principalId,
        decided_at: at,
        decision_note: opts.note,
        active_from: decision === 'approve' ? activeFromOf(at, new Date(row.cool_off_until)) : null,
      });
      const res = await this.changeResource(trx, payeeId, changeId);
      await appendAudit(trx, {
        actor: actor.keyId,
        action: decision === 'approve' ? 'payee.address_change_approved' : 'payee.address_change_rejected',
        subject: changeId,
        details: {
          payeeId,
          principalId: actor.principalId,
          address: row.address,
          chainId: row.chain_id,
          asset: row.asset_address,
          note: opts.note,
          flags: flags.map(flagText),
          ...(decision === 'approve' ? { acknowledgedFlags: flags.length > 0, activeFrom: res.activeFrom } : {}),
        },
      });
      await publishEvent(
        trx,
        decision === 'approve' ? 'payee.address_change_approved' : 'payee.address_change_rejected',
        res,
      );
      await recordResponse(trx, `payee_address_change.${decision}`, res);
      return res;
    });
  }

  /**
   * Imports payees from CSV (docs/payouts.md#bulk-import): every line checked first; one bad
   * line and nothing is written (422, `errors[]` naming `line N.field`); else every payee and
   * address in one transaction.
   */
  async import(
    csv: string,
    actor: Actor,
  ): Promise<{
    object: 'payee_import';
    created: number;
    lines: Array<{
      line: number;
      reference: string;
      payeeId: string;
      addressChangeId: string;
      flags: PayeeAddressFlag[];
    }>;
    payees: PayeeResource[];
  }> {
    const parsed = parseCsv(csv);
    if (!parsed.ok)
      throw new ValidationError('the CSV cannot be read', [
        { field: `line ${parsed.line}`, code: 'malformed_csv', message: 'an unterminated or misplaced quote' },
      ]);
    const { lines, errors } = importLines(parsed.records);
    const fieldOf = (l: ImportLine, n: string) => `line ${l.line}.${n}`;
    const good: ImportLine[] = [];
    for (const l of lines) {
      const before = errors.length;
      if (!l.name) errors.push({ field: fieldOf(l, 'name'), code: 'required', message: 'a name' });
      else if (l.name.length > 200)
        errors.push({ field: fieldOf(l, 'name'), code: 'too_long', message: 'at most 200 characters' });
      if (!l.reference) errors.push({ field: fieldOf(l, 'reference'), code: 'required', message: 'a reference' });
      else if (l.reference.length > 200)
        errors.push({ field: fieldOf(l, 'reference'), code: 'too_long', message: 'at most 200 characters' });
      if (!/^[1-9]\d{0,9}$/.test(l.chainId))
        errors.push({ field: fieldOf(l, 'chainId'), code: 'invalid_chain', message: 'a decimal chain id' });
      if (!l.asset)
        errors.push({ field: fieldOf(l, 'asset'), code: 'required', message: 'an asset symbol or address' });
      if (errors.length === before) good.push(l);
    }
    const grouped = groupImport(good, (l) => `${l.chainId}:${l.asset.toLowerCase()}`);
    errors.push(...grouped.errors);
    const existing = await payeesByReferences(
      this.deps.db,
      grouped.payees.map((g) => g.reference),
    );
    for (const e of existing) {
      const g = grouped.payees.find((x) => x.reference === e.reference)!;
      errors.push({
        field: fieldOf(g.lines[0]!, 'reference'),
        code: 'reference_taken',
        message: `payee ${e.id} has reference ${e.reference}`,
      });
    }
    const r = await this.prepare(
      good.map((l) => ({
        chainId: Number(l.chainId),
        asset: l.asset,
        address: l.address,
        confirmContract: l.confirmContract,
      })),
      (i, n) => fieldOf(good[i]!, n),
    );
    errors.push(...r.errors, ...r.unconfirmed);
    if (errors.length) {
      const byLine = (f: string) => Number(/^line (\d+)/.exec(f)?.[1] ?? 0);
      errors.sort((a, b) => byLine(a.field) - byLine(b.field));
      const bad = new Set(errors.map((e) => byLine(e.field)));
      throw new ValidationError(
        `${bad.size} line${bad.size === 1 ? '' : 's'} of the import ${bad.size === 1 ? 'is' : 'are'} not valid; nothing was imported`,
        errors,
      );
    }
    const prepared = new Map(good.map((l, i) => [l.line, r.prepared[i]!]));
    return this.deps.db.transaction().execute(async (trx) => {
      const ids: string[] = [];
      for (const g of grouped.payees)
        ids.push(
          await this.insertPayee(
            trx,
            g.name,
            g.reference,
            g.lines.map((l) => prepared.get(l.line)!),
            actor,
          ),
        );
      const rows = await payeesByIds(trx, ids);
      rows.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
      const payees = await this.resources(trx, rows);
      const lineReport = grouped.payees.flatMap((g, k) =>
        g.lines.map((l) => {
          const p = prepared.get(l.line)!;
          const change = payees[k]!.addresses.find(
            (a) => a.chainId === p.chainId && a.asset.address === p.asset.address,
          )!;
          return {
            line: l.line,
            reference: g.reference,
            payeeId: ids[k]!,
            addressChangeId: change.id,
            flags: change.flags,
          };
        }),
      );
      lineReport.sort((a, b) => a.line - b.line);
      const res = { object: 'payee_import' as const, created: ids.length, lines: lineReport, payees };
      await recordResponse(trx, 'payee.import', res, 201);
      return res;
    });
  }
}

function changeFacts(r: AddressChangeRow) {
  return {
    id: r.id,
    address: r.address,
    status: r.status,
    requestedByPrincipal: r.requested_by_principal,
    coolOffUntil: new Date(r.cool_off_until),
    activeFrom: r.active_from ? new Date(r.active_from) : null,
  };
}

function referenceTaken(reference: string): PermanentError {
  return new PermanentError('payee_reference_taken', `a payee with reference ${reference} exists already`);
}
