/**
 * Every scope an API key can hold. A route names the one scope it needs; `admin` guards
 * operator-only actions and does not imply the others, so a key gets exactly what it lists.
 */
export const SCOPES = [
  'portfolio:read',
  'payments:read',
  'payments:write',
  'transactions:read',
  'transactions:write',
  'swaps:write',
  'treasury:read',
  'treasury:write',
  'payouts:read',
  'payouts:write',
  'attestations:read',
  'attestations:write',
  'smart_accounts:read',
  'smart_accounts:write',
  'sponsorship:read',
  'sponsorship:write',
  'paymaster:use',
  'review',
  'policy:write',
  'policy:approve',
  'events:read',
  'webhooks:write',
  'audit:read',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

export function isScope(s: string): s is Scope {
  return (SCOPES as readonly string[]).includes(s);
}

/**
 * Scopes that decide what others may do: approving transactions (`review`), policy changes
 * (`policy:approve`) and access (`admin`). A key holding one of them, requested over the API,
 * waits for approval by other principals (docs/operations.md, "Principals and access").
 */
export const PRIVILEGED_SCOPES = ['review', 'policy:approve', 'admin'] as const satisfies readonly Scope[];

export function isPrivileged(scope: string): boolean {
  return (PRIVILEGED_SCOPES as readonly string[]).includes(scope);
}
