import { useQuery } from '@tanstack/react-query';
import { keel, unwrap } from './api.ts';
import { lookupIds, whoLabel, type PrincipalRef } from './who.ts';

/**
 * The principals behind the key and principal ids a page shows (one lookup for the page, at
 * most 100 ids). Any key may ask: it learns names only for ids it already holds.
 */
export function usePrincipals(ids: ReadonlyArray<string | null | undefined>): Map<string, PrincipalRef> {
  const wanted = lookupIds(ids).slice(0, 100);
  const q = useQuery({
    queryKey: ['principals-lookup', wanted],
    queryFn: () => unwrap(keel.GET('/v1/principals/lookup', { params: { query: { ids: wanted.join(',') } } })),
    enabled: wanted.length > 0,
    staleTime: 60_000,
  });
  const out = new Map<string, PrincipalRef>();
  for (const r of q.data?.data ?? []) if (r.principal) out.set(r.id, r.principal);
  return out;
}

/** An actor: the principal's name, with the key (or principal) id on hover. */
export function Who({
  id,
  principal,
  names,
}: {
  id: string | null | undefined;
  principal?: PrincipalRef | null;
  names?: Map<string, PrincipalRef>;
}) {
  const p = principal ?? (id ? names?.get(id) : undefined) ?? null;
  return (
    <span
      className="who"
      data-who={p?.id ?? id ?? ''}
      title={
        [p ? `${p.name} (${p.id})` : null, id && id !== p?.id ? `key ${id}` : null].filter(Boolean).join(' · ') ||
        undefined
      }
    >
      {whoLabel(id, p)}
    </span>
  );
}
