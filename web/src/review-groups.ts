import type { Preview, Reason, Transaction } from './types.ts';

/**
 * One thing an operator decides: a lone transaction, or every waiting transaction of an
 * ordered batch (an approval and the swap that spends it). Keel decides, reviews and signs a
 * batch as one, so approving any member approves them all; the queue must show them together,
 * or a reviewer could approve a swap while looking only at its approval.
 */
export interface ReviewGroup {
  /** The transaction the decision is sent for (the batch's first waiting member). */
  lead: Transaction;
  /** Every waiting member, in batch order (one for a lone transaction). */
  members: Transaction[];
  /** The largest of the members' USD values (the value at stake); null when none has one. */
  amountUsd: string | null;
  /** The members' policy reasons, each once. */
  reasons: Reason[];
}

/** Groups a review queue by batch, keeping the queue's order (a group sits where its first member was). */
export function groupReviews(list: readonly Transaction[]): ReviewGroup[] {
  const byKey = new Map<string, Transaction[]>();
  for (const t of list) {
    const key = t.batch?.id ?? t.id;
    const members = byKey.get(key);
    if (members) members.push(t);
    else byKey.set(key, [t]);
  }
  return [...byKey.values()].map((members) => {
    const sorted = [...members].sort((a, b) => (a.batch?.index ?? 0) - (b.batch?.index ?? 0));
    const seen = new Set<string>();
    const reasons = sorted
      .flatMap((m) => m.decision.reasons)
      .filter((r) => {
        const k = `${r.code}\u0000${r.message}`;
        if (seen.has(k)) return false;
        seen.add(k);
        return true;
      });
    return { lead: sorted[0]!, members: sorted, amountUsd: largestUsd(sorted.map((m) => m.amountUsd)), reasons };
  });
}

/**
 * The batch's one preview, when every member carries it (intake previews a batch as a whole:
 * one line per member, in order, and one fee); null when members differ, so each is shown.
 */
export function sharedPreview(g: ReviewGroup): Preview | null {
  const p = g.lead.preview;
  if (!p || g.members.length < 2 || p.lines.length !== g.members.length) return null;
  const key = JSON.stringify(p.lines);
  return g.members.every((m) => m.preview && JSON.stringify(m.preview.lines) === key) ? p : null;
}

/**
 * The largest of decimal USD strings, compared exactly; null when none is present. A batch's
 * members often move the same funds (an approval of what the swap then spends), so a sum would
 * count them twice: the largest is the value at stake.
 */
export function largestUsd(values: ReadonlyArray<string | null>): string | null {
  let best: { v: string; micro: bigint } | null = null;
  for (const v of values) {
    if (v === null) continue;
    const micro = toMicro(v);
    if (!best || micro > best.micro) best = { v, micro };
  }
  return best?.v ?? null;
}

function toMicro(v: string): bigint {
  const neg = v.startsWith('-');
  const [int, frac = ''] = (neg ? v.slice(1) : v).split('.');
  const micro = BigInt(int || '0') * 1_000_000n + BigInt((frac + '000000').slice(0, 6));
  return neg ? -micro : micro;
}
