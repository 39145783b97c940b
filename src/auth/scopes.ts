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
  'treasury:write',
  'payouts:write',
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
