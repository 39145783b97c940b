import dns from 'node:dns';
import { isIP, isIPv4, isIPv6, type LookupFunction } from 'node:net';
import { ValidationError } from '../lib/errors.ts';

/**
 * The SSRF guard of webhook URLs. A webhook URL is chosen by an API caller, so without a
 * guard Keel could be made to POST into its own network (databases, admin panels, cloud
 * metadata services). URLs are checked at registration (`checkWebhookUrl`) and again at
 * connection time (`guardedLookup`), because the DNS answer may change in between
 * (DNS rebinding): the address checked must be the address connected to.
 */

/** Why an address may not be a webhook target. */
export type ForbiddenReason =
  | 'invalid'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'metadata'
  | 'cgnat'
  | 'multicast'
  | 'broadcast'
  | 'documentation'
  | 'reserved';

type Range4 = readonly [base: string, prefix: number, reason: ForbiddenReason];

// First match wins: exact metadata addresses come before the ranges that contain them.
const V4_RANGES: readonly Range4[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.100.100.200', 32, 'metadata'], // Alibaba Cloud
  ['100.64.0.0', 10, 'cgnat'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.169.254', 32, 'metadata'], // AWS, GCP, Azure, OpenStack…
  ['169.254.170.2', 32, 'metadata'], // AWS ECS task metadata
  ['169.254.0.0', 16, 'link_local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.192', 32, 'metadata'], // Oracle Cloud
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['255.255.255.255', 32, 'broadcast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6_RANGES: ReadonlyArray<readonly [base: string, prefix: number, reason: ForbiddenReason]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['fd00:ec2::254', 128, 'metadata'], // AWS IMDS over IPv6
  ['64:ff9b:1::', 48, 'private'], // local-use NAT64
  ['100::', 64, 'reserved'], // discard-only
  ['2001:db8::', 32, 'documentation'],
  ['2001::', 23, 'reserved'], // IETF protocol assignments, Teredo included
  ['3fff::', 20, 'documentation'],
  ['fc00::', 7, 'private'], // unique local
  ['fe80::', 10, 'link_local'],
  ['fec0::', 10, 'private'], // deprecated site-local
  ['ff00::', 8, 'multicast'],
];

function v4ToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Expands a valid IPv6 text form (a dotted IPv4 tail included) to a 128-bit integer. */
function v6ToBigInt(ip: string): bigint {
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

const V4_TABLE = V4_RANGES.map(([base, prefix, reason]) => ({ base: v4ToInt(base), prefix, reason }));
const V6_TABLE = V6_RANGES.map(([base, prefix, reason]) => ({ shift: BigInt(128 - prefix), base: v6ToBigInt(base), reason }));

function forbiddenV4(n: number): ForbiddenReason | undefined {
  for (const r of V4_TABLE) {
    // Compare the top `prefix` bits; division keeps it exact for /32 where a shift would not.
    const size = 2 ** (32 - r.prefix);
    if (Math.floor(n / size) === Math.floor(r.base / size)) return r.reason;
  }
  return undefined;
}

function forbiddenV6(n: bigint): ForbiddenReason | undefined {
  const low32 = Number(n & 0xffffffffn);
  // Forms that carry an IPv4 address reach that address: judge it as IPv4.
  if (n >> 32n === 0xffffn) return forbiddenV4(low32); // ::ffff:a.b.c.d (IPv4-mapped)
  if (n >> 32n === 0x64ff9b0000000000000000n) return forbiddenV4(low32); // 64:ff9b::/96 (NAT64)
  if (n >> 112n === 0x2002n) return forbiddenV4(Number((n >> 80n) & 0xffffffffn)); // 2002::/16 (6to4)
  for (const r of V6_TABLE) if (n >> r.shift === r.base >> r.shift) return r.reason;
  if (n >> 32n === 0n) return 'reserved'; // deprecated IPv4-compatible ::a.b.c.d
  // Only 2000::/3 is allocated as global unicast; everything else is not a public host.
  if (n >> 125n !== 1n) return 'reserved';
  return undefined;
}

/**
 * Why `ip` may not be a webhook target, or undefined when it is a public unicast address.
 * Accepts IPv4 and IPv6 text forms (zone ids, IPv4-mapped, NAT64 and 6to4 forms included:
 * those are judged by the IPv4 address they carry). Anything that is not an IP address
 * answers `invalid`, so a caller that forgets to resolve a name fails closed.
 */
export function isForbiddenAddress(ip: string): ForbiddenReason | undefined {
  const bare = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (isIPv4(bare)) return forbiddenV4(v4ToInt(bare));
  const noZone = bare.split('%')[0]!;
  if (isIPv6(noZone)) return forbiddenV6(v6ToBigInt(noZone.toLowerCase()));
  return 'invalid';
}

/** Resolves a host name to every address it has (the `dns.promises.lookup` `all` form). */
export type Resolver = (hostname: string, options: { family?: dns.LookupOptions['family'] }) => Promise<dns.LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) => dns.promises.lookup(hostname, { all: true, family: options.family ?? 0 });

/** Error given to the HTTP client when a delivery would connect to a forbidden address. */
export class ForbiddenAddressError extends Error {
  readonly code = 'KEEL_FORBIDDEN_ADDRESS';
  constructor(
    readonly hostname: string,
    readonly address: string,
    readonly reason: ForbiddenReason,
  ) {
    super(`refusing to connect to ${hostname} (${address}): ${reason} address`);
    this.name = 'ForbiddenAddressError';
  }
}

export interface GuardOptions {
  /** Accept loopback, private, link-local… addresses (development only). */
  allowPrivateNetworks: boolean;
  /** Name resolution; the system resolver by default (tests inject their own). */
  resolve?: Resolver;
}

/**
 * A `lookup` for `http.request` / `https.request` (and `net.connect`): resolves the host,
 * then refuses with a `ForbiddenAddressError` (code `KEEL_FORBIDDEN_ADDRESS`) when ANY of its
 * addresses is forbidden, so the address checked is exactly the one connected to. Handles
 * both callback forms Node uses: `all: true` (what `net` asks for with autoSelectFamily)
 * and the single `(address, family)` form.
 * Node does not call `lookup` for IP literals: pair it with `assertLiteralAddressAllowed`.
 */
export function guardedLookup(opts: GuardOptions): LookupFunction {
  const resolve = opts.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    const o: dns.LookupOptions = typeof options === 'object' && options !== null ? options : {};
    const fail = (err: NodeJS.ErrnoException) => callback(err, o.all ? [] : '', 0);
    resolve(hostname, o.family === undefined ? {} : { family: o.family }).then(
      (addresses) => {
        if (addresses.length === 0) {
          return fail(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
        }
        if (!opts.allowPrivateNetworks) {
          for (const a of addresses) {
            const reason = isForbiddenAddress(a.address);
            if (reason) return fail(new ForbiddenAddressError(hostname, a.address, reason));
          }
        }
        if (o.all) return callback(null, addresses);
        const first = addresses[0]!;
        return callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => fail(err),
    );
  };
}

/**
 * Throws a `ForbiddenAddressError` when `hostname` is an IP literal that is forbidden. Node's
 * HTTP client connects to IP literals without calling `lookup`, so the delivery sender calls
 * this before every request as well. Host names pass (guardedLookup judges them).
 */
export function assertLiteralAddressAllowed(hostname: string, opts: Pick<GuardOptions, 'allowPrivateNetworks'>): void {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (opts.allowPrivateNetworks || !isIP(host.split('%')[0]!)) return;
  const reason = isForbiddenAddress(host);
  if (reason) throw new ForbiddenAddressError(hostname, host, reason);
}

export interface WebhookUrlOptions extends GuardOptions {
  /** Accept `http://` URLs (else https only). */
  allowHttp: boolean;
  /** Longest wait for name resolution (default 5 s). */
  resolveTimeoutMs?: number;
}

const MAX_URL_LENGTH = 2_048;

const invalid = (code: string, message: string) => new ValidationError(`webhook URL refused: ${message}`, [{ field: 'body.url', code, message }]);

/**
 * Registration-time check of a webhook URL: an absolute http(s) URL (https unless
 * `allowHttp`), without credentials, whose host resolves, and — unless
 * `allowPrivateNetworks` — none of whose addresses is loopback, private, link-local,
 * metadata or otherwise not public. Throws a 422 `ValidationError` on field `body.url` with
 * a stable code: `url_invalid`, `url_scheme_not_allowed`, `url_credentials_not_allowed`,
 * `url_unresolvable` or `url_forbidden_address`.
 */
export async function checkWebhookUrl(url: string, opts: WebhookUrlOptions): Promise<void> {
  if (url.length > MAX_URL_LENGTH) throw invalid('url_invalid', `must be at most ${MAX_URL_LENGTH} characters`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw invalid('url_invalid', 'must be an absolute URL such as https://example.com/webhooks');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw invalid('url_scheme_not_allowed', `scheme ${u.protocol.replace(':', '')} is not allowed; use https`);
  if (u.protocol === 'http:' && !opts.allowHttp) throw invalid('url_scheme_not_allowed', 'only https URLs are accepted (webhooks.allowHttp is off)');
  if (u.username || u.password) throw invalid('url_credentials_not_allowed', 'must not contain a user name or password');
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (!host) throw invalid('url_invalid', 'must name a host');
  const forbidden = (reason: ForbiddenReason) =>
    invalid('url_forbidden_address', `the host resolves to a ${reason.replace('_', '-')} address; webhooks may only target public addresses`);

  // RFC 6761: *.localhost is loopback whatever a resolver says about it.
  const name = host.toLowerCase().replace(/\.$/, '');
  if (!opts.allowPrivateNetworks && (name === 'localhost' || name.endsWith('.localhost'))) throw forbidden('loopback');

  const timeoutMs = opts.resolveTimeoutMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await Promise.race([
      (opts.resolve ?? systemResolver)(host, {}),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch {
    throw invalid('url_unresolvable', `the host ${host} could not be resolved`);
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) throw invalid('url_unresolvable', `the host ${host} could not be resolved`);
  if (opts.allowPrivateNetworks) return;
  for (const a of addresses) {
    const reason = isForbiddenAddress(a.address);
    if (reason) throw forbidden(reason);
  }
}
