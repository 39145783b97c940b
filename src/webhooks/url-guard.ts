import dns from 'node:dns';
import { isIP, isIPv4, isIPv6, type LookupFunction } from 'node:net';
import { ValidationError } from '../lib/errors.ts';
import { v4ToInt, v6ToBigInt } from '../lib/ip.ts';

/**
 * The SSRF guard of webhook URLs. A webhook URL is chosen by an API caller, so without a
 * guard Keel could be made to POST into its own network (databases, admin panels, cloud
 * metadata services). URLs are checked at registration (`checkWebhookUrl`) and again at
 * connection time (`guardedLookup`), because the DNS answer may change in between
 * (DNS rebinding): the address checked must be the address connected to.
 *
 * `webhooks.allowPrivateNetworks` (development) lifts the check for loopback and private
 * networks only: link-local and cloud metadata destinations (`ALWAYS_FORBIDDEN`) are refused
 * whatever it says, since no local receiver lives there and a cloud VM's credentials do.
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

const V4_TABLE = V4_RANGES.map(([base, prefix, reason]) => ({ base: v4ToInt(base), prefix, reason }));
const V6_TABLE = V6_RANGES.map(([base, prefix, reason]) => ({
  shift: BigInt(128 - prefix),
  base: v6ToBigInt(base),
  reason,
}));

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
  if (n >> 32n === 0xffff0000n) return forbiddenV4(low32); // ::ffff:0:a.b.c.d (IPv4-translated, SIIT)
  if (n >> 32n === 0x64ff9b0000000000000000n) return forbiddenV4(low32); // 64:ff9b::/96 (NAT64)
  if (n >> 112n === 0x2002n) return forbiddenV4(Number((n >> 80n) & 0xffffffffn)); // 2002::/16 (6to4)
  // Local-use NAT64 and the deprecated IPv4-compatible ::a.b.c.d are not public whatever
  // they carry, but a translator may still reach the IPv4 address inside: a link-local or
  // metadata one keeps its own (always refused) reason.
  if (n >> 80n === 0x64ff9b0001n) return embeddedAlwaysForbidden(low32) ?? 'private'; // 64:ff9b:1::/48
  if (n >> 32n === 0n && n > 1n) return embeddedAlwaysForbidden(low32) ?? 'reserved'; // ::a.b.c.d
  for (const r of V6_TABLE) if (n >> r.shift === r.base >> r.shift) return r.reason;
  // Only 2000::/3 is allocated as global unicast; everything else is not a public host.
  if (n >> 125n !== 1n) return 'reserved';
  return undefined;
}

function embeddedAlwaysForbidden(v4: number): ForbiddenReason | undefined {
  const r = forbiddenV4(v4);
  return r && ALWAYS_FORBIDDEN.has(r) ? r : undefined;
}

/**
 * Reasons refused even with `allowPrivateNetworks`: link-local (169.254.0.0/16, fe80::/10,
 * where cloud metadata services and nothing a developer runs live), the cloud metadata
 * addresses themselves (169.254.169.254, 169.254.170.2, fd00:ec2::254, 100.100.100.200,
 * 192.0.0.192) and anything that is not an address at all (fail closed).
 */
export const ALWAYS_FORBIDDEN: ReadonlySet<ForbiddenReason> = new Set<ForbiddenReason>([
  'link_local',
  'metadata',
  'invalid',
]);

/**
 * Host names of cloud metadata services. They resolve to metadata addresses (refused by
 * address anyway), but only inside their cloud: refusing the names too keeps a URL that is
 * harmless on a laptop from becoming a credential leak once deployed.
 */
const METADATA_NAMES: ReadonlySet<string> = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
  'metadata.tencentyun.com',
  'metadata.platformequinix.com',
]);

/** Whether `hostname` names a cloud metadata service (case and a trailing dot ignored). */
export function isMetadataHostname(hostname: string): boolean {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  return METADATA_NAMES.has(name) || name.endsWith('.metadata.google.internal');
}

/**
 * Why `ip` may not be a target under these options: every `isForbiddenAddress` reason
 * without `allowPrivateNetworks`, only the `ALWAYS_FORBIDDEN` ones with it.
 */
export function refusedAddress(
  ip: string,
  opts: Pick<GuardOptions, 'allowPrivateNetworks'>,
): ForbiddenReason | undefined {
  const reason = isForbiddenAddress(ip);
  return reason && (!opts.allowPrivateNetworks || ALWAYS_FORBIDDEN.has(reason)) ? reason : undefined;
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
export type Resolver = (
  hostname: string,
  options: { family?: dns.LookupOptions['family'] },
) => Promise<dns.LookupAddress[]>;

const systemResolver: Resolver = (hostname, options) =>
  dns.promises.lookup(hostname, { all: true, family: options.family ?? 0 });

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
 * addresses is refused (`refusedAddress`: with `allowPrivateNetworks` still every link-local
 * and metadata address), or the name is a metadata service's, so the address checked is
 * exactly the one connected to. Handles
 * both callback forms Node uses: `all: true` (what `net` asks for with autoSelectFamily)
 * and the single `(address, family)` form.
 * Node does not call `lookup` for IP literals: pair it with `assertLiteralAddressAllowed`.
 */
export function guardedLookup(opts: GuardOptions): LookupFunction {
  const resolve = opts.resolve ?? systemResolver;
  return (hostname, options, callback) => {
    const o: dns.LookupOptions = typeof options === 'object' && options !== null ? options : {};
    const fail = (err: NodeJS.ErrnoException) => callback(err, o.all ? [] : '', 0);
    if (isMetadataHostname(hostname)) return fail(new ForbiddenAddressError(hostname, hostname, 'metadata'));
    resolve(hostname, o.family === undefined ? {} : { family: o.family }).then(
      (addresses) => {
        if (addresses.length === 0) {
          return fail(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname }));
        }
        for (const a of addresses) {
          const reason = refusedAddress(a.address, opts);
          if (reason) return fail(new ForbiddenAddressError(hostname, a.address, reason));
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
 * Throws a `ForbiddenAddressError` when `hostname` is an IP literal that is refused under
 * `opts` (`refusedAddress`) or a metadata service's name. Node's HTTP client connects to IP
 * literals without calling `lookup`, so the delivery sender calls this before every request
 * as well. Other host names pass (guardedLookup judges their addresses).
 */
export function assertLiteralAddressAllowed(hostname: string, opts: Pick<GuardOptions, 'allowPrivateNetworks'>): void {
  const host = hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
  if (isMetadataHostname(host)) throw new ForbiddenAddressError(hostname, host, 'metadata');
  if (!isIP(host.split('%')[0]!)) return;
  const reason = refusedAddress(host, opts);
  if (reason) throw new ForbiddenAddressError(hostname, host, reason);
}

export interface WebhookUrlOptions extends GuardOptions {
  /** Accept `http://` URLs (else https only). */
  allowHttp: boolean;
  /** Longest wait for name resolution (default 5 s). */
  resolveTimeoutMs?: number;
}

const MAX_URL_LENGTH = 2_048;

const invalid = (code: string, message: string) =>
  new ValidationError(`webhook URL refused: ${message}`, [{ field: 'body.url', code, message }]);

/**
 * Registration-time check of a webhook URL: an absolute http(s) URL (https unless
 * `allowHttp`), without credentials, whose host resolves, none of whose addresses is
 * loopback, private, link-local, metadata or otherwise not public — with
 * `allowPrivateNetworks`, none link-local or metadata — and that is not a metadata
 * service's name. IPv4 in decimal, octal or hex spellings is normalised by the URL parser
 * before it is judged. Throws a 422 `ValidationError` on field `body.url` with
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
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw invalid('url_scheme_not_allowed', `scheme ${u.protocol.replace(':', '')} is not allowed; use https`);
  if (u.protocol === 'http:' && !opts.allowHttp)
    throw invalid('url_scheme_not_allowed', 'only https URLs are accepted (webhooks.allowHttp is off)');
  if (u.username || u.password)
    throw invalid('url_credentials_not_allowed', 'must not contain a user name or password');
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  if (!host) throw invalid('url_invalid', 'must name a host');
  const forbidden = (reason: ForbiddenReason) =>
    invalid(
      'url_forbidden_address',
      ALWAYS_FORBIDDEN.has(reason)
        ? `the host is or resolves to a ${reason.replace('_', '-')} address; link-local and cloud metadata destinations are always refused`
        : `the host resolves to a ${reason.replace('_', '-')} address; webhooks may only target public addresses`,
    );

  // RFC 6761: *.localhost is loopback whatever a resolver says about it.
  const name = host.toLowerCase().replace(/\.$/, '');
  if (isMetadataHostname(name)) throw forbidden('metadata');
  if (!opts.allowPrivateNetworks && (name === 'localhost' || name.endsWith('.localhost'))) throw forbidden('loopback');
  // A literal (the URL parser has already turned decimal, octal and hex spellings into one)
  // is judged as it is: no resolver is asked.
  if (isIP(host)) {
    const reason = refusedAddress(host, opts);
    if (reason) throw forbidden(reason);
    return;
  }

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
  for (const a of addresses) {
    const reason = refusedAddress(a.address, opts);
    if (reason) throw forbidden(reason);
  }
}
