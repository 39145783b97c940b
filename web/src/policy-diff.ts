import { noNames, withName, type NameOf } from './address-names.ts';
import type { PolicyDiff, PolicyRule } from './types.ts';

/**
 * Turns the API's structural policy diff (rules added, removed, changed by id) into rows a
 * reviewer reads top to bottom, and summarises a rule's parameters in one line. Pure.
 */

export interface DiffRow {
  change: 'added' | 'removed' | 'changed' | 'reordered' | 'description';
  rule: string;
  kind?: string;
  field?: string;
  before?: string;
  after?: string;
}

const FIXED = new Set(['id', 'kind', 'effect', 'description', 'userMessage']);

/**
 * Compact, stable text of a JSON value: strings bare, arrays comma-joined, objects as `k: v`;
 * an address Keel knows a name for as `Name (0x3e4E…97c7)`.
 */
export function show(v: unknown, nameOf: NameOf = noNames): string {
  if (v === undefined) return '';
  if (v === null) return 'null';
  if (typeof v === 'string') return withName(v, nameOf);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => show(x, nameOf)).join(', ')}]`;
  return `{ ${Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => `${k}: ${show(x, nameOf)}`)
    .join(', ')} }`;
}

/** One line of what a rule checks, e.g. `limit: { usd: 10000 } · per: user`. */
export function ruleSummary(rule: PolicyRule, nameOf: NameOf = noNames): string {
  return Object.entries(rule)
    .filter(([k]) => !FIXED.has(k))
    .map(([k, v]) => `${k}: ${show(v, nameOf)}`)
    .join(' · ');
}

/** Rows in reading order: description, removed, changed (one row per field), added, reordered. */
export function diffRows(diff: PolicyDiff, nameOf: NameOf = noNames): DiffRow[] {
  const rows: DiffRow[] = [];
  if (diff.description && diff.description.before !== diff.description.after) {
    rows.push({
      change: 'description',
      rule: '(document)',
      field: 'description',
      before: diff.description.before ?? '',
      after: diff.description.after ?? '',
    });
  }
  for (const r of diff.removed)
    rows.push({ change: 'removed', rule: r.id, kind: r.kind, before: `${r.effect} · ${ruleSummary(r, nameOf)}` });
  for (const c of diff.changed) {
    for (const f of c.fields)
      rows.push({
        change: 'changed',
        rule: c.id,
        kind: c.kind,
        field: f.field,
        before: show(f.before, nameOf),
        after: show(f.after, nameOf),
      });
  }
  for (const r of diff.added)
    rows.push({ change: 'added', rule: r.id, kind: r.kind, after: `${r.effect} · ${ruleSummary(r, nameOf)}` });
  for (const id of diff.reordered) rows.push({ change: 'reordered', rule: id });
  return rows;
}

/** `2 added, 1 changed` — the one-line summary of a proposal. */
export function diffSummary(diff: PolicyDiff | null): string {
  if (!diff) return 'no diff';
  const s = diff.summary;
  const parts = [
    s.added && `${s.added} added`,
    s.removed && `${s.removed} removed`,
    s.changed && `${s.changed} changed`,
    diff.reordered.length && `${diff.reordered.length} reordered`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'no rule changes';
}
