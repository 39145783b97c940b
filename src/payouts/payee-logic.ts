import type { FieldError } from '../lib/errors.ts';
import type { PayableAnswer } from './ports.ts';

/**
 * The payee book's rules, pure (docs/payouts.md#payees-and-address-safety): when an address
 * change becomes payable (approved by a second principal AND out of its cool-off), which address
 * of a payee is paid now (the newest payable one: the old address stays payable until the new one
 * is), who may decide on a change, which addresses look alike, and the CSV import's lines.
 */

/** Leading and trailing hex characters two addresses share to look alike (as the policy's `address_lookalike` default). */
export const LOOKALIKE_PREFIX_CHARS = 4;
export const LOOKALIKE_SUFFIX_CHARS = 4;

/** Why an address was flagged at entry; an approver must acknowledge every flag. */
export type PayeeAddressFlag =
  | {
      kind: 'lookalike';
      /** The address it looks like (lower case). */
      of: string;
      /** Whose it is: `payee` (another payee's, or another of this payee's), or `known` (Keel's book). */
      source: 'payee' | 'known';
      payeeId: string | null;
    }
  | { kind: 'contract' };

/** A flag in one line of text (audit details show flat lists). */
export function flagText(f: PayeeAddressFlag): string {
  if (f.kind === 'contract') return 'contract';
  return `lookalike of ${f.of} (${f.source === 'payee' ? `payee ${f.payeeId ?? 'in the same request'}` : 'known address'})`;
}

/** One address change as the rules see it. */
export interface ChangeFacts {
  id: string;
  status: 'pending' | 'approved' | 'rejected';
  requestedByPrincipal: string;
  coolOffUntil: Date;
  /** Set on approval: the later of the approval and the end of the cool-off. */
  activeFrom: Date | null;
}

/** The state an address change shows: where it is on its way to being paid. */
export type AddressState = 'pending_approval' | 'cooling_off' | 'active' | 'superseded' | 'rejected';

/** When a change requested at `requestedAt` leaves its cool-off. */
export function coolOffEnd(requestedAt: Date, coolOffSeconds: number): Date {
  return new Date(requestedAt.getTime() + coolOffSeconds * 1000);
}

/** When an approved change becomes payable: both the approval and the end of the cool-off are needed. */
export function activeFromOf(approvedAt: Date, coolOffUntil: Date): Date {
  return approvedAt.getTime() >= coolOffUntil.getTime() ? approvedAt : coolOffUntil;
}

const payableAt = (c: ChangeFacts, now: Date) =>
  c.status === 'approved' && c.activeFrom !== null && c.activeFrom.getTime() <= now.getTime();

/**
 * The change paid now among the changes of one payee for one chain and asset: the payable one
 * (approved, cool-off over) that became payable last. Null when none is.
 */
export function currentChange<C extends ChangeFacts>(changes: readonly C[], now: Date): C | null {
  let best: C | null = null;
  for (const c of changes)
    if (
      payableAt(c, now) &&
      (!best ||
        c.activeFrom!.getTime() > best.activeFrom!.getTime() ||
        (c.activeFrom!.getTime() === best.activeFrom!.getTime() && c.id > best.id))
    )
      best = c;
  return best;
}

/** The state of each change of one payee for one chain and asset, at `now`. */
export function addressStates<C extends ChangeFacts>(changes: readonly C[], now: Date): Map<string, AddressState> {
  const current = currentChange(changes, now);
  const out = new Map<string, AddressState>();
  for (const c of changes) {
    if (c.status === 'rejected') out.set(c.id, 'rejected');
    else if (c.status === 'pending') out.set(c.id, 'pending_approval');
    else if (!payableAt(c, now)) out.set(c.id, 'cooling_off');
    else out.set(c.id, c === current ? 'active' : 'superseded');
  }
  return out;
}

/**
 * What the payee book answers for one payee on one chain and asset: its current address, or why
 * it cannot be paid (`address_pending` when an address is entered but none is payable yet).
 */
export function payableAnswer<C extends ChangeFacts & { address: string }>(
  payee: { status: 'active' | 'disabled' } | undefined,
  changes: readonly C[],
  now: Date,
): PayableAnswer | { ok: true; address: string } {
  if (!payee) return { ok: false, reason: 'unknown_payee' };
  if (payee.status === 'disabled') return { ok: false, reason: 'payee_disabled' };
  const current = currentChange(changes, now);
  if (current) return { ok: true, address: current.address };
  if (changes.some((c) => c.status !== 'rejected')) return { ok: false, reason: 'address_pending' };
  return { ok: false, reason: 'no_address' };
}

/** Why `principalId` may not decide on a change (null: it may). */
export function decisionRefusal(
  change: Pick<ChangeFacts, 'status' | 'requestedByPrincipal'>,
  principalId: string,
  decision: 'approve' | 'reject',
): 'address_change_closed' | 'self_approval' | null {
  if (change.status !== 'pending') return 'address_change_closed';
  // The requester may withdraw its own change (reject), never approve it.
  if (decision === 'approve' && change.requestedByPrincipal === principalId) return 'self_approval';
  return null;
}

/** Whether `a` and `b` (any case) share their first `prefix` and last `suffix` hex characters and differ. */
export function looksAlike(
  a: string,
  b: string,
  prefix = LOOKALIKE_PREFIX_CHARS,
  suffix = LOOKALIKE_SUFFIX_CHARS,
): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x.length !== 42 || y.length !== 42 || x === y) return false;
  return x.slice(2, 2 + prefix) === y.slice(2, 2 + prefix) && x.slice(42 - suffix) === y.slice(42 - suffix);
}

/** The lookalike flags of `address` against candidate addresses (each flagged once, payees' first). */
export function lookalikeFlags(
  address: string,
  candidates: ReadonlyArray<{ address: string; source: 'payee' | 'known'; payeeId: string | null }>,
): PayeeAddressFlag[] {
  const seen = new Set<string>();
  const out: PayeeAddressFlag[] = [];
  const ordered = [...candidates].sort((p, q) => (p.source === q.source ? 0 : p.source === 'payee' ? -1 : 1));
  for (const c of ordered) {
    const of = c.address.toLowerCase();
    if (seen.has(of) || !looksAlike(address, of)) continue;
    seen.add(of);
    out.push({ kind: 'lookalike', of, source: c.source, payeeId: c.payeeId });
  }
  return out;
}

/**
 * Parses CSV text (RFC 4180: comma separated, double-quoted fields with `""` escapes, CRLF or LF
 * line ends). Returns the records with the line each starts on (1-based), or the line of a
 * malformed quote. Blank lines are skipped.
 */
export function parseCsv(
  text: string,
): { ok: true; records: Array<{ line: number; fields: string[] }> } | { ok: false; line: number } {
  const records: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  const end = () => {
    fields.push(field);
    if (touched || fields.length > 1 || fields[0] !== '') records.push({ line: start, fields });
    fields = [];
    field = '';
    touched = false;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"') {
      if (field !== '') return { ok: false, line };
      quoted = true;
      touched = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      touched = true;
    } else if (ch === '\r' && text[i + 1] === '\n') {
    } else if (ch === '\n') {
      end();
      line++;
      start = line;
    } else field += ch;
  }
  if (quoted) return { ok: false, line: start };
  if (field !== '' || fields.length || touched) end();
  return { ok: true, records };
}

/** The columns of the payee import (docs/payouts.md): the header line names them, in any order. */
export const IMPORT_COLUMNS = ['name', 'reference', 'chainId', 'asset', 'address', 'confirmContract'] as const;
const REQUIRED_COLUMNS = ['name', 'reference', 'chainId', 'asset', 'address'] as const;

/** One data line of an import, as read. */
export interface ImportLine {
  line: number;
  name: string;
  reference: string;
  chainId: string;
  asset: string;
  address: string;
  confirmContract: boolean;
}

/** The import's lines from parsed CSV records (header first), or the errors of the header and of fields that cannot be read. */
export function importLines(records: ReadonlyArray<{ line: number; fields: string[] }>): {
  lines: ImportLine[];
  errors: FieldError[];
} {
  const errors: FieldError[] = [];
  const [header, ...rest] = records;
  if (!header)
    return { lines: [], errors: [{ field: 'line 1', code: 'empty', message: 'the CSV has no header line' }] };
  const names = header.fields.map((f) => f.trim());
  const index = new Map(names.map((n, i) => [n, i]));
  for (const n of names)
    if (!(IMPORT_COLUMNS as readonly string[]).includes(n))
      errors.push({
        field: `line ${header.line}.${n}`,
        code: 'unknown_column',
        message: `unknown column (columns: ${IMPORT_COLUMNS.join(', ')})`,
      });
  for (const n of REQUIRED_COLUMNS)
    if (!index.has(n))
      errors.push({ field: `line ${header.line}.${n}`, code: 'missing_column', message: 'required column missing' });
  if (errors.length) return { lines: [], errors };
  if (rest.length === 0) errors.push({ field: 'line 2', code: 'empty', message: 'the CSV has no payee lines' });
  const lines: ImportLine[] = [];
  for (const r of rest) {
    if (r.fields.length !== names.length) {
      errors.push({
        field: `line ${r.line}`,
        code: 'wrong_field_count',
        message: `${r.fields.length} fields, the header names ${names.length}`,
      });
      continue;
    }
    const get = (n: string) => (index.has(n) ? r.fields[index.get(n)!]!.trim() : '');
    const confirm = get('confirmContract').toLowerCase();
    if (!['', 'true', 'false', 'yes', 'no', '1', '0'].includes(confirm))
      errors.push({ field: `line ${r.line}.confirmContract`, code: 'invalid_boolean', message: 'true or false' });
    lines.push({
      line: r.line,
      name: get('name'),
      reference: get('reference'),
      chainId: get('chainId'),
      asset: get('asset'),
      address: get('address'),
      confirmContract: ['true', 'yes', '1'].includes(confirm),
    });
  }
  return { lines, errors };
}

/**
 * Lines grouped into payees by reference (lines of one reference are one payee's addresses), with
 * the errors of lines that disagree: another name for the same reference, the same chain and asset
 * twice for one payee.
 */
export function groupImport(
  lines: readonly ImportLine[],
  key: (l: ImportLine) => string | null,
): { payees: Array<{ reference: string; name: string; lines: ImportLine[] }>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const byRef = new Map<string, { reference: string; name: string; lines: ImportLine[]; keys: Set<string> }>();
  for (const l of lines) {
    const g = byRef.get(l.reference);
    if (!g) {
      const k = key(l);
      byRef.set(l.reference, { reference: l.reference, name: l.name, lines: [l], keys: new Set(k ? [k] : []) });
      continue;
    }
    if (g.name !== l.name)
      errors.push({
        field: `line ${l.line}.name`,
        code: 'name_mismatch',
        message: `reference ${l.reference} is named "${g.name}" on line ${g.lines[0]!.line}`,
      });
    const k = key(l);
    if (k && g.keys.has(k))
      errors.push({
        field: `line ${l.line}.address`,
        code: 'duplicate_address',
        message: `payee ${l.reference} has another address for this chain and asset in the file`,
      });
    if (k) g.keys.add(k);
    g.lines.push(l);
  }
  return { payees: [...byRef.values()].map(({ keys: _, ...g }) => g), errors };
}
