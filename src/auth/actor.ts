/**
 * Who acts on a request: the API key and the principal it belongs to. Four-eyes checks
 * (self-review, distinct approvers, quorum) compare `principalId`; the key is what the audit
 * log records (the API shows its principal beside it).
 */
export interface Actor {
  keyId: string;
  principalId: string;
}

/** The actor of an authenticated request (`req.apiKey`, set by src/api/auth.ts). */
export function actorOf(key: { id: string; principalId: string }): Actor {
  return { keyId: key.id, principalId: key.principalId };
}

/**
 * The key id a route records as the one who acted (audit, `createdBy`): the calling key, or
 * `system` on the rare route that runs without one. One helper so every route answers alike.
 */
export function callerKeyId(req: { apiKey?: { id: string } | undefined }): string {
  return req.apiKey?.id ?? 'system';
}

/** The actor of a request on a route that requires a key (every scoped route): see `actorOf`. */
export function requestActor(req: { apiKey?: { id: string; principalId: string } | undefined }): Actor {
  if (!req.apiKey) throw new Error('requestActor on a request without an API key (the route must require a scope)');
  return actorOf(req.apiKey);
}
