import { isIPv4, isIPv6 } from 'node:net';

/**
 * IP address arithmetic shared by the webhook SSRF guard and the per-client limits: text
 * forms to integers so ranges and prefixes are compared exactly.
 */

/** A dotted-quad IPv4 address (already validated) as a 32-bit unsigned integer. */
export function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** A 32-bit unsigned integer as a dotted-quad IPv4 address. */
export function intToV4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Expands a valid IPv6 text form (a dotted IPv4 tail included, no zone id) to a 128-bit integer. */
export function v6ToBigInt(ip: string): bigint {
  let s = ip;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = v4ToInt(tail);
    s = `${s.slice(0, lastColon + 1)}${(v4 >>> 16).toString(16)}:${(v4 & 0xffff).toString(16)}`;
  }
  const [left = '', right] = s.split('::');
  const l = left ? left.split(':') : [];
  const r = right ? right.split(':') : [];
  const groups = right === undefined ? l : [...l, ...Array<string>(8 - l.length - r.length).fill('0'), ...r];
  return groups.reduce((n, g) => (n << 16n) | BigInt(parseInt(g, 16)), 0n);
}

/**
 * The bucket one client is counted in by per-client limits: an IPv4 address as itself (an
 * IPv4-mapped IPv6 form included), an IPv6 address by its /64 — one host usually owns a
 * whole /64, so counting single IPv6 addresses would let it rotate through 2^64 of them.
 * Anything else (no address known) is returned unchanged.
 */
export function clientBucket(ip: string): string {
  const bare = (ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip).split('%')[0]!;
  if (isIPv4(bare)) return bare;
  if (!isIPv6(bare)) return ip;
  const n = v6ToBigInt(bare.toLowerCase());
  if (n >> 32n === 0xffffn) return intToV4(Number(n & 0xffffffffn));
  const top = n >> 64n;
  const groups = [48n, 32n, 16n, 0n].map((s) => ((top >> s) & 0xffffn).toString(16));
  return `${groups.join(':')}::/64`;
}
