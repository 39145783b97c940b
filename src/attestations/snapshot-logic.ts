import type { FieldError } from '../lib/errors.ts';

/**
 * Liability snapshot rows, checked (pure): what a fintech uploads — one row per user and asset
 * with a non-negative decimal balance — turned into one balance vector per user, or a report
 * naming every bad line. Nothing here does I/O; the service writes only a snapshot with no error.
 */

/** One uploaded row, as given (JSON item or CSV line). */
export interface SnapshotRow {
  userId: unknown;
  asset: unknown;
  balance: unknown;
}

/** A line-level problem: the row's 1-based line (CSV: the file's line; JSON: the item's index + 1). */
export interface RowError extends FieldError {
  line: number;
}

export interface SnapshotAsset {
  symbol: string;
  decimals: number;
}

export interface CheckedSnapshot {
  /** The assets the snapshot names, in configured order: the tree's asset order. */
  assets: SnapshotAsset[];
  /** Balance vector (base units, asset order) per user, in upload order. */
  users: Map<string, bigint[]>;
  totals: bigint[];
  rows: number;
}

/** User ids: 1–128 characters of letters, digits and `._:@+-` (no spaces, commas, quotes or control characters). */
export const USER_ID_RE = /^[A-Za-z0-9._:@+-]{1,128}$/;
/** Balances must fit in a uint256 (the registry and the tree store them as 256-bit words). */
const UINT256_LIMIT = 2n ** 256n;
const BALANCE_RE = /^(\d{1,78})(?:\.(\d{1,78}))?$/;
/** The report lists at most this many errors; `errorCount` says how many there were. */
export const MAX_REPORTED_ERRORS = 1_000;

/** Accumulates rows one at a time (CSV lines stream through without building an array of rows). */
export class SnapshotChecker {
  readonly errors: RowError[] = [];
  errorCount = 0;
  rows = 0;
  readonly #known: Map<string, number>;
  readonly #configured: readonly SnapshotAsset[];
  // Per user: base units per configured asset (undefined: no row yet), in configured order.
  readonly #balances = new Map<string, Array<bigint | undefined>>();
  readonly #index: Map<string, number>;
  readonly #maxRows: number;

  constructor(configured: readonly SnapshotAsset[], maxRows: number) {
    this.#configured = configured;
    this.#known = new Map(configured.map((a) => [a.symbol, a.decimals]));
    this.#index = new Map(configured.map((a, i) => [a.symbol, i]));
    this.#maxRows = maxRows;
  }

  #fail(line: number, field: string, path: string, code: string, message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ line, field: `${path}.${field}`, code, message });
  }

  /** Counts a row that could not be read as one (`path`: the whole row), with its error. */
  reject(line: number, path: string, code: string, message: string): void {
    this.rows++;
    this.errorCount++;
    if (this.errors.length < MAX_REPORTED_ERRORS) this.errors.push({ line, field: path, code, message });
  }

  /** Checks one row; `path` names it in errors (`body.rows[3]`, `line[4]`). */
  add(row: SnapshotRow, line: number, path: string): void {
    this.rows++;
    if (this.rows > this.#maxRows) {
      if (this.rows === this.#maxRows + 1)
        this.#fail(line, 'rows', path, 'too_many_rows', `a snapshot holds at most ${this.#maxRows} rows`);
      return;
    }
    const { userId, asset, balance } = row;
    let ok = true;
    if (typeof userId !== 'string' || !USER_ID_RE.test(userId)) {
      this.#fail(
        line,
        'userId',
        path,
        'invalid_user_id',
        'a user id is 1–128 characters of letters, digits and . _ : @ + -',
      );
      ok = false;
    }
    const decimals = typeof asset === 'string' ? this.#known.get(asset) : undefined;
    if (decimals === undefined) {
      this.#fail(
        line,
        'asset',
        path,
        'unknown_asset',
        `unknown asset ${JSON.stringify(asset)}; configured: ${[...this.#known.keys()].join(', ')}`,
      );
      ok = false;
    }
    let units: bigint | undefined;
    if (typeof balance !== 'string') {
      this.#fail(line, 'balance', path, 'invalid_balance', 'the balance is a decimal string such as "12.5"');
      ok = false;
    } else if (balance.startsWith('-')) {
      this.#fail(line, 'balance', path, 'negative_balance', 'a balance cannot be negative');
      ok = false;
    } else {
      const m = BALANCE_RE.exec(balance);
      if (!m) {
        this.#fail(line, 'balance', path, 'invalid_balance', 'the balance is a decimal string such as "12.5"');
        ok = false;
      } else if (decimals !== undefined) {
        const frac = (m[2] ?? '').replace(/0+$/, '');
        if (frac.length > decimals) {
          this.#fail(
            line,
            'balance',
            path,
            'too_many_decimals',
            `${asset as string} has ${decimals} decimals; ${balance} is more precise`,
          );
          ok = false;
        } else {
          units = BigInt(m[1]! + frac.padEnd(decimals, '0'));
          if (units >= UINT256_LIMIT) {
            this.#fail(line, 'balance', path, 'too_big', 'the balance does not fit in 256 bits');
            ok = false;
          }
        }
      }
    }
    if (!ok || units === undefined) return;
    const user = userId as string;
    let per = this.#balances.get(user);
    if (!per) {
      per = new Array(this.#configured.length);
      this.#balances.set(user, per);
    }
    const k = this.#index.get(asset as string)!;
    if (per[k] !== undefined) {
      this.#fail(line, 'userId', path, 'duplicate_row', `user ${user} already has a ${asset as string} row`);
      return;
    }
    per[k] = units;
  }

  /** The snapshot once every row was added (check `errorCount` first); once only: the balances move into it. */
  result(): CheckedSnapshot {
    const named = this.#configured.map(() => false);
    for (const per of this.#balances.values()) per.forEach((b, k) => b !== undefined && (named[k] = true));
    const keep = this.#configured.flatMap((_, k) => (named[k] ? [k] : []));
    const assets = keep.map((k) => this.#configured[k]!);
    const totals = assets.map(() => 0n);
    const users = new Map<string, bigint[]>();
    for (const [user, per] of this.#balances) {
      const v = keep.map((k, i) => {
        const b = per[k] ?? 0n;
        totals[i]! += b;
        return b;
      });
      users.set(user, v);
      // Moved, not copied: the checker's map empties as the snapshot's fills.
      this.#balances.delete(user);
    }
    return { assets, users, totals, rows: this.rows };
  }
}

/**
 * CSV lines fed one at a time (the upload streams through it, src/attestations/snapshot-stream.ts):
 * a header naming `user_id` (or `userId`), `asset` and `balance` in any order, then one row per
 * line; blank lines are skipped, a trailing CR is dropped. No quoting: none of the three fields
 * may contain a comma or a quote.
 */
export class CsvLines {
  readonly #checker: SnapshotChecker;
  #cols: { user: number; asset: number; balance: number; width: number } | null = null;

  constructor(checker: SnapshotChecker) {
    this.#checker = checker;
  }

  /** Checks line `lineNo` (1-based); a header that names no known columns is returned as the error. */
  line(raw: string, lineNo: number): RowError | null {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') return null;
    const cells = line.split(',').map((c) => c.trim());
    const cols = this.#cols;
    if (!cols) {
      const at = (...names: string[]) => cells.findIndex((c) => names.includes(c.toLowerCase()));
      const user = at('user_id', 'userid');
      const asset = at('asset');
      const balance = at('balance');
      if (user < 0 || asset < 0 || balance < 0)
        return {
          line: lineNo,
          field: `line[${lineNo}]`,
          code: 'invalid_csv_header',
          message: 'the first line names the columns: user_id,asset,balance',
        };
      this.#cols = { user, asset, balance, width: cells.length };
      return null;
    }
    if (cells.length !== cols.width) {
      this.#checker.reject(
        lineNo,
        `line[${lineNo}]`,
        'invalid_csv_line',
        `expected ${cols.width} comma-separated fields, found ${cells.length}`,
      );
      return null;
    }
    this.#checker.add(
      { userId: cells[cols.user], asset: cells[cols.asset], balance: cells[cols.balance] },
      lineNo,
      `line[${lineNo}]`,
    );
    return null;
  }

  /** After the last line: an error when there was no header at all. */
  end(): RowError | null {
    return this.#cols
      ? null
      : { line: 1, field: 'line[1]', code: 'invalid_csv_header', message: 'the upload is empty: no header line' };
  }
}

/** Feeds whole CSV text to `checker` (see CsvLines); the first header error, or null. */
export function checkCsv(text: string, checker: SnapshotChecker): RowError | null {
  const lines = new CsvLines(checker);
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const err = lines.line(text.slice(start, end), ++lineNo);
    if (err) return err;
    start = end + 1;
  }
  return lines.end();
}

/** Fisher–Yates shuffle with a caller-supplied source of uniform integers in [0, n). */
export function shuffle<T>(items: T[], randomBelow: (n: number) => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomBelow(i + 1);
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

/** Base units as a decimal string (`1500000`, 6 → `1.5`). */
export function formatUnits(units: bigint, decimals: number): string {
  const neg = units < 0n;
  const s = (neg ? -units : units).toString().padStart(decimals + 1, '0');
  const whole = s.slice(0, s.length - decimals);
  const frac = decimals ? s.slice(s.length - decimals).replace(/0+$/, '') : '';
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}
