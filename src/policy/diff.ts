import { canonicalJson } from './loader.ts';
import type { PolicyDocument, PolicyRule } from './document.ts';

/**
 * A readable structural diff between two policy documents, matched by rule id: what a
 * reviewer needs to approve a proposal without reading two whole documents side by side.
 */

/** One field of a rule whose value changed (`before`/`after` absent when the field was added/removed). */
export interface FieldChange {
  field: string;
  before?: unknown;
  after?: unknown;
}

/** The difference between a base document and a proposed one. */
export interface PolicyDiff {
  /** Rules present only in the proposal (whole rule). */
  added: PolicyRule[];
  /** Rules present only in the base (whole rule). */
  removed: PolicyRule[];
  /** Rules present in both with different content, with the top-level fields that changed. */
  changed: Array<{ id: string; kind: PolicyRule['kind']; fields: FieldChange[] }>;
  /** Rule ids present in both whose relative order changed (order only breaks ties between reasons). */
  reordered: string[];
  description?: { before?: string; after?: string };
  /** Counts, for a one-line summary. */
  summary: { added: number; removed: number; changed: number; unchanged: number };
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** Compares `base` and `next` rule by rule (by id). `version` is ignored: it is assigned on storage. */
export function diffPolicies(base: PolicyDocument, next: PolicyDocument): PolicyDiff {
  const before = new Map(base.rules.map((r) => [r.id, r]));
  const after = new Map(next.rules.map((r) => [r.id, r]));
  const added = next.rules.filter((r) => !before.has(r.id));
  const removed = base.rules.filter((r) => !after.has(r.id));
  const changed: PolicyDiff['changed'] = [];
  let unchanged = 0;
  for (const r of next.rules) {
    const old = before.get(r.id);
    if (!old) continue;
    if (same(old, r)) {
      unchanged++;
      continue;
    }
    const fields: FieldChange[] = [];
    const keys = [...new Set([...Object.keys(old), ...Object.keys(r)])].sort();
    for (const k of keys) {
      const a = (old as Record<string, unknown>)[k];
      const b = (r as Record<string, unknown>)[k];
      if (same(a, b)) continue;
      fields.push({ field: k, ...(a !== undefined ? { before: a } : {}), ...(b !== undefined ? { after: b } : {}) });
    }
    changed.push({ id: r.id, kind: r.kind, fields });
  }
  const commonBefore = base.rules.map((r) => r.id).filter((id) => after.has(id));
  const commonAfter = next.rules.map((r) => r.id).filter((id) => before.has(id));
  const reordered = commonAfter.filter((id, i) => commonBefore[i] !== id);
  const out: PolicyDiff = {
    added,
    removed,
    changed,
    reordered,
    summary: { added: added.length, removed: removed.length, changed: changed.length, unchanged },
  };
  if (base.description !== next.description) {
    out.description = {
      ...(base.description !== undefined ? { before: base.description } : {}),
      ...(next.description !== undefined ? { after: next.description } : {}),
    };
  }
  return out;
}
