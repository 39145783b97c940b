import { noNames, withName, type NameOf } from './address-names.ts';

/**
 * An audit entry's details as labelled fields instead of raw JSON: keys become labels
 * (`previousStatus` → "Previous status", `spender_kind` → "Spender kind"), nested objects
 * become "Parent · child" rows, lists are comma-joined (a list of objects: `Label: value, …; …`),
 * addresses Keel knows carry their name.
 * Pure.
 */

export interface Field {
  label: string;
  value: string;
}

/** `amountUsd` / `amount_usd` → "Amount USD" (acronyms in capitals); already-spaced text is kept. */
export function fieldLabel(key: string): string {
  const s = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.-]+/g, ' ')
    .trim()
    .toLowerCase();
  const words = s.split(' ').map((w) => ACRONYMS[w] ?? w);
  const first = words[0] ?? '';
  return [first.charAt(0).toUpperCase() + first.slice(1), ...words.slice(1)].join(' ');
}

const ACRONYMS: Record<string, string> = { api: 'API', id: 'ID', ids: 'IDs', url: 'URL', usd: 'USD', ip: 'IP' };

function scalar(v: unknown, nameOf: NameOf): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return withName(v, nameOf);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return JSON.stringify(v);
}

/** The fields of `details`, in its key order, at most `depth` levels of nesting flattened. */
export function auditFields(details: Record<string, unknown>, nameOf: NameOf = noNames, depth = 2): Field[] {
  const out: Field[] = [];
  const walk = (obj: Record<string, unknown>, prefix: string, level: number) => {
    for (const [k, v] of Object.entries(obj)) {
      const label = prefix ? `${prefix} · ${fieldLabel(k)}` : fieldLabel(k);
      if (Array.isArray(v)) {
        out.push({
          label,
          value:
            v.length === 0
              ? '(none)'
              : v.every((x) => typeof x !== 'object' || x === null)
                ? v.map((x) => scalar(x, nameOf)).join(', ')
                : v
                    .map((x) =>
                      x !== null && typeof x === 'object' && !Array.isArray(x)
                        ? Object.entries(x as Record<string, unknown>)
                            .map(([ik, iv]) => `${fieldLabel(ik)}: ${scalar(iv, nameOf)}`)
                            .join(', ')
                        : scalar(x, nameOf),
                    )
                    .join('; '),
        });
      } else if (v !== null && typeof v === 'object' && level < depth) {
        const entries = Object.keys(v as Record<string, unknown>);
        if (entries.length === 0) out.push({ label, value: '(none)' });
        else walk(v as Record<string, unknown>, label, level + 1);
      } else {
        out.push({ label, value: scalar(v, nameOf) });
      }
    }
  };
  walk(details, '', 0);
  return out;
}
