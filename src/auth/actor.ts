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
