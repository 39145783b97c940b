/**
 * Who did something, as the dashboard shows it: the person or service (principal) first, the
 * key they used second. Resources carry key ids (`createdBy`, `decidedBy`, `trippedBy`…) or
 * principal ids; the dashboard resolves them with `GET /v1/principals/lookup`.
 */

export interface PrincipalRef {
  id: string;
  name: string;
  kind?: string;
}

/** Ids worth looking up: key and principal ids, once each, sorted (a stable query key). */
export function lookupIds(ids: ReadonlyArray<string | null | undefined>): string[] {
  return [...new Set(ids.filter((i): i is string => !!i && (i.startsWith('key_') || i.startsWith('prn_'))))].sort();
}

/** The words for an actor: the principal's name when known, else Keel's own actors in words, else the raw id. */
export function whoLabel(id: string | null | undefined, principal: PrincipalRef | null | undefined): string {
  if (principal) return principal.name;
  if (!id) return '—';
  if (id === 'cli') return 'command line';
  if (id === 'system') return 'Keel';
  if (id === 'worker') return 'Keel (worker)';
  if (id === 'auto') return 'automatic';
  return id;
}
