import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ulid } from 'ulid';

/**
 * API key tokens look like `keel_sk_<ulid>_<secret>`. The ULID is the key's public id
 * (`key_<ulid>`) used to find the row; only a SHA-256 of the secret is stored. The secret
 * is 32 random bytes, so a fast hash is enough: there is nothing to brute-force.
 */
const TOKEN_RE = /^keel_sk_([0-9a-z]{26})_([A-Za-z0-9_-]{43})$/;

export interface NewToken {
  id: string;
  token: string;
  secretHash: string;
}

export function generateToken(): NewToken {
  const u = ulid().toLowerCase();
  const secret = randomBytes(32).toString('base64url');
  return { id: `key_${u}`, token: `keel_sk_${u}_${secret}`, secretHash: hashSecret(secret) };
}

/** Splits a presented token; undefined when it is not Keel's shape at all. */
export function parseToken(token: string): { id: string; secret: string } | undefined {
  const m = TOKEN_RE.exec(token.trim());
  if (!m) return undefined;
  return { id: `key_${m[1]}`, secret: m[2]! };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time comparison of a presented secret with the stored hash. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
