/**
 * A JSON value as read back from the database. Which form a driver returns depends on the
 * column type and the connection (the pg driver parses `jsonb`; PGlite and text columns
 * holding JSON give the text), so every reader of a JSON column goes through this.
 */
export function dbJson<T>(v: unknown): T {
  return (typeof v === 'string' ? JSON.parse(v) : v) as T;
}
