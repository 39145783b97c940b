import type { SessionKeys } from './session-key-service.ts';
import type { UserOperationOutcomes } from './user-operation-outcomes.ts';

/** The origins of the owner operations session keys create. */
export const SESSION_KEY_ORIGINS = { grant: 'session_keys.grant', revoke: 'session_keys.revoke' } as const;

/**
 * Registers session keys' handlers on the user operations' outcome hooks: a grant's or a
 * revocation's final state (or its retraction by a reorg) moves the key, in the transaction that
 * writes the operation's final state (`SessionKeys.applyOutcome`).
 */
export function registerSessionKeyOutcomes(outcomes: UserOperationOutcomes, keys: SessionKeys): void {
  outcomes.register(SESSION_KEY_ORIGINS.grant, (trx, outcome) => keys.applyOutcome(trx, 'grant', outcome));
  outcomes.register(SESSION_KEY_ORIGINS.revoke, (trx, outcome) => keys.applyOutcome(trx, 'revoke', outcome));
}
