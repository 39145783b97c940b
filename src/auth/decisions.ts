/**
 * The decisions (approvals and rejections) recorded on one version of a four-eyes change — a
 * policy version, a mandate version — as the API shows them: oldest first, each with the key
 * and the principal that decided. One mapping for every proposal resource.
 */
export interface DecisionRow<D extends string = string, I extends string | null = string> {
  id: string;
  version_id: string;
  api_key_id: string;
  /** Null only on policy decisions older than principals. */
  principal_id: I;
  decision: D;
  note: string | null;
  created_at: Date | string;
}

export function decisionsOfVersion<D extends string, I extends string | null, P>(
  rows: readonly DecisionRow<D, I>[],
  versionId: string,
  principal: (id: I) => P,
): Array<{ apiKeyId: string; principal: P; decision: D; note: string | null; createdAt: string }> {
  return rows
    .filter((d) => d.version_id === versionId)
    .sort((a, b) => +new Date(a.created_at) - +new Date(b.created_at) || (a.id < b.id ? -1 : 1))
    .map((d) => ({
      apiKeyId: d.api_key_id,
      principal: principal(d.principal_id),
      decision: d.decision,
      note: d.note,
      createdAt: new Date(d.created_at).toISOString(),
    }));
}
