/**
 * How a payout plan splits a run's revenue (pure, exact, bigint base units).
 *
 * 1. Each recipient's share is `revenue × shareBps / 10,000` rounded down; the units the
 *    rounding left over go one each to the largest remainders (ties: the recipient listed first).
 *    Every unit of revenue is allocated: there is no unassigned dust.
 * 2. What the payee is owed this run is its share plus what earlier runs carried for it.
 * 3. Above its cap: the cap is paid, the excess is carried (still owed; paid in later runs).
 *    Under its minimum (dust): nothing is paid, the whole amount is carried.
 * A payee carried from earlier runs but no longer in the plan is still owed: it gets a line of
 * its own (share 0) with what it is owed.
 *
 * Invariant (property-tested): Σ amount + Σ carriedOut = revenue + Σ carriedIn.
 */

export const TOTAL_BPS = 10_000;

export interface SplitRecipient {
  payeeId: string;
  shareBps: number;
  /** Paid only when at least this much is owed (base units; 0: no minimum). */
  minimum: bigint;
  /** Paid at most this much per run (base units); null: no cap. */
  cap: bigint | null;
}

export type CarryReason = 'below_minimum' | 'over_cap';

export interface SplitLine {
  payeeId: string;
  /** The payee's share of this run's revenue. */
  earned: bigint;
  /** Carried in from earlier runs. */
  carriedIn: bigint;
  /** Paid by this run. */
  amount: bigint;
  /** Carried to the next run. */
  carriedOut: bigint;
  /** Why something was carried out (null when nothing was). */
  reason: CarryReason | null;
}

export interface Split {
  lines: SplitLine[];
  total: bigint;
  carriedIn: bigint;
  carriedOut: bigint;
}

/** Largest-remainder shares of `revenue`, in the recipients' order; their sum is `revenue`. */
export function shares(revenue: bigint, bps: readonly number[]): bigint[] {
  if (revenue < 0n) throw new Error('revenue must not be negative');
  const out = bps.map((b) => (revenue * BigInt(b)) / BigInt(TOTAL_BPS));
  const rems = bps.map((b, i) => ({ i, r: (revenue * BigInt(b)) % BigInt(TOTAL_BPS) }));
  let left = revenue - out.reduce((a, b) => a + b, 0n);
  // Only recipients with a share take a leftover unit (a 0 bps recipient earns nothing).
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of rems) {
    if (left === 0n) break;
    if (bps[i]! === 0) continue;
    out[i]! += 1n;
    left -= 1n;
  }
  return out;
}

/** Whether the shares sum to exactly 10,000 bps with no negative share. */
export function validShares(bps: readonly number[]): boolean {
  return bps.every((b) => Number.isInteger(b) && b >= 0) && bps.reduce((a, b) => a + b, 0) === TOTAL_BPS;
}

/** Splits `revenue` among `recipients`, with what earlier runs carried per payee. */
export function splitRevenue(
  revenue: bigint,
  recipients: readonly SplitRecipient[],
  carried: ReadonlyMap<string, bigint> = new Map(),
): Split {
  if (recipients.length && !validShares(recipients.map((r) => r.shareBps)))
    throw new Error('shares must sum to 10000 bps');
  const earned = shares(
    revenue,
    recipients.map((r) => r.shareBps),
  );
  const all: Array<SplitRecipient & { earned: bigint }> = recipients.map((r, i) => ({ ...r, earned: earned[i]! }));
  const listed = new Set(recipients.map((r) => r.payeeId));
  for (const [payeeId, amount] of carried)
    if (!listed.has(payeeId) && amount > 0n) all.push({ payeeId, shareBps: 0, minimum: 0n, cap: null, earned: 0n });
  const lines = all.map((r): SplitLine => {
    const carriedIn = carried.get(r.payeeId) ?? 0n;
    const owed = r.earned + carriedIn;
    if (owed > 0n && owed < r.minimum)
      return { payeeId: r.payeeId, earned: r.earned, carriedIn, amount: 0n, carriedOut: owed, reason: 'below_minimum' };
    if (r.cap !== null && owed > r.cap)
      return {
        payeeId: r.payeeId,
        earned: r.earned,
        carriedIn,
        amount: r.cap,
        carriedOut: owed - r.cap,
        reason: 'over_cap',
      };
    return { payeeId: r.payeeId, earned: r.earned, carriedIn, amount: owed, carriedOut: 0n, reason: null };
  });
  const sum = (f: (l: SplitLine) => bigint) => lines.reduce((a, l) => a + f(l), 0n);
  return {
    lines,
    total: sum((l) => l.amount),
    carriedIn: sum((l) => l.carriedIn),
    carriedOut: sum((l) => l.carriedOut),
  };
}
