import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.ts';
import {
  ALWAYS_FORBIDDEN,
  assertLiteralAddressAllowed,
  checkWebhookUrl,
  guardedLookup,
  isForbiddenAddress,
  isMetadataHostname,
  refusedAddress,
  type Resolver,
} from './url-guard.ts';

describe('isForbiddenAddress', () => {
  const table: Array<[string, string | undefined]> = [
    // IPv4
    ['8.8.8.8', undefined],
    ['1.1.1.1', undefined],
    ['172.15.255.255', undefined],
    ['172.32.0.1', undefined],
    ['100.63.255.255', undefined],
    ['100.128.0.0', undefined],
    ['223.255.255.255', undefined],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['10.255.255.255', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.255', 'cgnat'],
    ['169.254.169.254', 'metadata'],
    ['169.254.170.2', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['192.0.0.192', 'metadata'],
    ['169.254.0.1', 'link_local'],
    ['192.0.2.10', 'documentation'],
    ['198.18.0.1', 'reserved'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    // IPv6
    ['2606:4700:4700::1111', undefined],
    ['2a00:1450:4001:80b::200e', undefined],
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['0:0:0:0:0:0:0:1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::FFFF:169.254.169.254', 'metadata'],
    ['::ffff:10.1.2.3', 'private'],
    ['::ffff:8.8.8.8', undefined],
    ['64:ff9b::192.168.0.1', 'private'],
    ['64:ff9b::8.8.8.8', undefined],
    ['2002:7f00:1::', 'loopback'],
    ['2002:0808:0808::1', undefined],
    ['::8.8.8.8', 'reserved'], // deprecated IPv4-compatible
    ['::127.0.0.1', 'reserved'],
    ['::169.254.169.254', 'metadata'],
    ['::a9fe:a9fe', 'metadata'],
    ['::169.254.1.1', 'link_local'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['0:0:0:0:0:ffff:169.254.170.2', 'metadata'],
    ['::ffff:0:169.254.169.254', 'metadata'], // IPv4-translated
    ['::ffff:0:8.8.8.8', undefined],
    ['64:ff9b::169.254.169.254', 'metadata'],
    ['64:ff9b:1::a9fe:a9fe', 'metadata'], // local-use NAT64
    ['64:ff9b:1::10.0.0.1', 'private'],
    ['2002:a9fe:a9fe::1', 'metadata'], // 6to4 of 169.254.169.254
    ['fe80::a9fe:a9fe', 'link_local'],
    ['FE80::1', 'link_local'],
    ['fd00:ec2::254', 'metadata'],
    ['fd12:3456::1', 'private'],
    ['fc00::1', 'private'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['febf:ffff::1', 'link_local'],
    ['fec0::1', 'private'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'documentation'],
    ['2001:0:4136:e378::1', 'reserved'],
    ['100::1', 'reserved'],
    ['4000::1', 'reserved'],
    // not addresses: fail closed
    ['localhost', 'invalid'],
    ['', 'invalid'],
    ['1.2.3', 'invalid'],
  ];
  it.each(table)('%s → %s', (ip, reason) => {
    expect(isForbiddenAddress(ip)).toBe(reason);
  });
});

describe('refusedAddress and metadata names', () => {
  it('with allowPrivateNetworks refuses only link-local, metadata and non-addresses', () => {
    expect([...ALWAYS_FORBIDDEN].sort()).toEqual(['invalid', 'link_local', 'metadata']);
    const dev = { allowPrivateNetworks: true };
    for (const ip of ['127.0.0.1', '10.0.0.1', '192.168.1.1', '::1', 'fd12::1', '::ffff:10.0.0.1', '100.64.0.1'])
      expect(refusedAddress(ip, dev), ip).toBeUndefined();
    for (const ip of [
      '169.254.169.254',
      '169.254.170.2',
      '169.254.0.1',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:169.254.169.254',
      '::169.254.169.254',
      '100.100.100.200',
      '192.0.0.192',
      'nonsense',
    ]) {
      expect(refusedAddress(ip, dev), ip).toBeDefined();
    }
    expect(refusedAddress('127.0.0.1', { allowPrivateNetworks: false })).toBe('loopback');
    expect(refusedAddress('8.8.8.8', { allowPrivateNetworks: false })).toBeUndefined();
  });

  it('knows the metadata services by name', () => {
    for (const n of [
      'metadata.google.internal',
      'Metadata.Google.Internal.',
      'x.metadata.google.internal',
      'metadata',
      'instance-data',
      'metadata.goog',
    ])
      expect(isMetadataHostname(n), n).toBe(true);
    for (const n of ['metadata.example.com', 'google.internal', 'hooks.example.com', 'mymetadata'])
      expect(isMetadataHostname(n), n).toBe(false);
  });
});

/**
 * Link-local and cloud metadata destinations, in every spelling a URL can carry: refused
 * even with allowPrivateNetworks (issue 12 §6: the dev config accepted http://169.254.169.254/).
 */
const METADATA_URLS = [
  'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
  'http://169.254.170.2/v2/credentials', // AWS ECS task role credentials
  'http://169.254.1.1/', // anything link-local
  'http://169.254.169.254./', // trailing dot
  'http://2852039166/', // decimal
  'http://0xa9fea9fe/', // hex
  'http://0251.0376.0251.0376/', // octal
  'http://0xa9.0xfe.0xa9.0xfe/', // hex per byte
  'http://169.254.43518/', // a.b.c16
  'http://169.16689662/', // a.b24
  'http://%31%36%39.254.169.254/', // percent-encoded
  'http://[::ffff:169.254.169.254]/', // IPv4-mapped
  'http://[0:0:0:0:0:ffff:a9fe:a9fe]/',
  'http://[::169.254.169.254]/', // IPv4-compatible
  'http://[::ffff:0:a9fe:a9fe]/', // IPv4-translated
  'http://[64:ff9b::a9fe:a9fe]/', // NAT64
  'http://[2002:a9fe:a9fe::]/', // 6to4
  'http://[fe80::1]/',
  'http://[febf::1]/',
  'http://[fd00:ec2::254]/', // AWS IMDS over IPv6
  'http://100.100.100.200/', // Alibaba
  'http://192.0.0.192/', // Oracle
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://METADATA.GOOGLE.INTERNAL./',
  'http://metadata/',
  'http://metadata.goog/',
  'http://instance-data/latest/',
  'http://instance-data.ec2.internal/',
  'http://metadata.tencentyun.com/',
];

/** A resolver with fixed answers, so tests never depend on real DNS. */
const fixed =
  (answers: Record<string, string[]>): Resolver =>
  async (hostname) => {
    const list = answers[hostname];
    if (!list) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };

async function refusal(p: Promise<unknown>): Promise<{ field: string; code: string }> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ValidationError);
  const v = err as ValidationError;
  expect(v.status).toBe(422);
  return v.errors![0]!;
}

describe('checkWebhookUrl', () => {
  const strict = { allowHttp: false, allowPrivateNetworks: false };
  const resolve = fixed({
    'hooks.example.com': ['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'],
    'mixed.example.com': ['93.184.215.14', '10.0.0.5'],
    'internal.example.com': ['fd00::5'],
  });

  it('accepts public https URLs, literal IPs included', async () => {
    await checkWebhookUrl('https://hooks.example.com/keel', { ...strict, resolve });
    await checkWebhookUrl('https://8.8.8.8:8443/hook', strict);
    await checkWebhookUrl('https://[2606:4700:4700::1111]/hook', strict);
  });

  it('refuses literal forbidden addresses, in every spelling', async () => {
    for (const url of [
      'https://127.0.0.1/',
      'https://2130706433/', // 127.0.0.1 as one number
      'https://0x7f.1/',
      'https://[::1]/',
      'https://[::ffff:127.0.0.1]/',
      'https://169.254.169.254/latest/meta-data',
      'https://[fd00:ec2::254]/',
      'https://10.0.0.1/',
      'https://0.0.0.0/',
    ]) {
      expect(await refusal(checkWebhookUrl(url, strict)), url).toMatchObject({
        field: 'body.url',
        code: 'url_forbidden_address',
      });
    }
  });

  it('refuses localhost and names with any forbidden address', async () => {
    for (const url of [
      'https://localhost/',
      'https://LOCALHOST./x',
      'https://api.localhost/',
      'https://mixed.example.com/',
      'https://internal.example.com/',
    ]) {
      expect(await refusal(checkWebhookUrl(url, { ...strict, resolve })), url).toMatchObject({
        field: 'body.url',
        code: 'url_forbidden_address',
      });
    }
  });

  it('refuses link-local and cloud metadata destinations in every spelling, even with allowPrivateNetworks', async () => {
    // Metadata names must not even be looked up: this resolver throws for them.
    const dev = { allowHttp: true, allowPrivateNetworks: true, resolve: fixed({}) };
    for (const url of METADATA_URLS) {
      const r = await refusal(checkWebhookUrl(url, dev));
      expect(r, url).toMatchObject({ field: 'body.url', code: 'url_forbidden_address' });
      expect((r as { message?: string }).message, url).toMatch(/always refused/);
      expect(await refusal(checkWebhookUrl(url, { ...dev, allowPrivateNetworks: false })), url).toMatchObject({
        code: 'url_forbidden_address',
      });
    }
  });

  it('refuses names that resolve to a link-local or metadata address, even with allowPrivateNetworks', async () => {
    const rebind = fixed({
      'imds.example.com': ['169.254.169.254'],
      'ecs.example.com': ['169.254.170.2'],
      'll6.example.com': ['fe80::1'],
      'mapped.example.com': ['::ffff:169.254.169.254'],
      'v6imds.example.com': ['fd00:ec2::254'],
      'partly.example.com': ['127.0.0.1', '169.254.169.254'],
      'local.example.com': ['127.0.0.1', '10.0.0.8'],
    });
    const dev = { allowHttp: true, allowPrivateNetworks: true, resolve: rebind };
    for (const host of ['imds', 'ecs', 'll6', 'mapped', 'v6imds', 'partly']) {
      expect(await refusal(checkWebhookUrl(`http://${host}.example.com/`, dev)), host).toMatchObject({
        code: 'url_forbidden_address',
      });
    }
    await checkWebhookUrl('http://local.example.com:3000/hook', dev);
  });

  it('accepts private and loopback targets when allowPrivateNetworks is on', async () => {
    await checkWebhookUrl('http://localhost:3000/hook', { allowHttp: true, allowPrivateNetworks: true });
    await checkWebhookUrl('https://mixed.example.com/', { ...strict, allowPrivateNetworks: true, resolve });
    await checkWebhookUrl('https://127.0.0.1:9/', { ...strict, allowPrivateNetworks: true });
  });

  it('refuses bad schemes, http unless allowed, credentials, junk and unresolvable hosts', async () => {
    const cases: Array<[string, string, Partial<typeof strict>?]> = [
      ['ftp://hooks.example.com/', 'url_scheme_not_allowed'],
      ['file:///etc/passwd', 'url_scheme_not_allowed'],
      ['javascript:alert(1)', 'url_scheme_not_allowed'],
      ['http://hooks.example.com/', 'url_scheme_not_allowed'],
      ['https://user:pw@hooks.example.com/', 'url_credentials_not_allowed'],
      ['https://user@hooks.example.com/', 'url_credentials_not_allowed'],
      ['not a url', 'url_invalid'],
      ['/relative/path', 'url_invalid'],
      [`https://hooks.example.com/${'a'.repeat(2_100)}`, 'url_invalid'],
      ['https://nowhere.example.com/', 'url_unresolvable'],
    ];
    for (const [url, code, extra] of cases) {
      expect(await refusal(checkWebhookUrl(url, { ...strict, ...extra, resolve })), url).toMatchObject({
        field: 'body.url',
        code,
      });
    }
    await checkWebhookUrl('http://hooks.example.com/', { ...strict, allowHttp: true, resolve });
  });

  it('gives up on a resolver that does not answer', async () => {
    const hang: Resolver = () => new Promise(() => {});
    expect(
      await refusal(checkWebhookUrl('https://slow.example.com/', { ...strict, resolve: hang, resolveTimeoutMs: 50 })),
    ).toMatchObject({ code: 'url_unresolvable' });
  });
});

describe('guardedLookup with a real HTTP client', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;

  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const request = (url: string, lookup: ReturnType<typeof guardedLookup>, family?: number) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = http.request(url, { lookup, ...(family ? { family } : {}) }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });

  it('refuses to connect to a loopback address when private networks are not allowed', async () => {
    const before = hits;
    const err = (await request(`http://localhost:${port}/`, guardedLookup({ allowPrivateNetworks: false })).catch(
      (e: unknown) => e,
    )) as NodeJS.ErrnoException;
    expect(err.code).toBe('KEEL_FORBIDDEN_ADDRESS');
    expect(hits).toBe(before);
  });

  it('connects when private networks are allowed (both lookup callback forms)', async () => {
    const lookup = guardedLookup({ allowPrivateNetworks: true });
    expect(await request(`http://localhost:${port}/`, lookup, 4)).toEqual({ status: 200, body: 'ok' });
    expect(await request(`http://localhost:${port}/`, lookup)).toEqual({ status: 200, body: 'ok' });
  });

  it('checks the address actually connected to (DNS rebinding)', async () => {
    // At registration the name resolved to a public address; now it points at loopback.
    await checkWebhookUrl('https://rebind.example.com/', {
      allowHttp: false,
      allowPrivateNetworks: false,
      resolve: fixed({ 'rebind.example.com': ['93.184.215.14'] }),
    });
    const lookup = guardedLookup({
      allowPrivateNetworks: false,
      resolve: fixed({ 'rebind.example.com': ['127.0.0.1'] }),
    });
    const before = hits;
    const err = (await request(`http://rebind.example.com:${port}/`, lookup).catch(
      (e: unknown) => e,
    )) as NodeJS.ErrnoException & { reason?: string };
    expect(err.code).toBe('KEEL_FORBIDDEN_ADDRESS');
    expect(err.reason).toBe('loopback');
    expect(hits).toBe(before);
    // …while the same lookup lets a public answer through to the caller.
    const ok = guardedLookup({ allowPrivateNetworks: false, resolve: fixed({ 'pub.example.com': ['93.184.215.14'] }) });
    const got = await new Promise<unknown>((r) => ok('pub.example.com', { all: true }, (e, a) => r(e ?? a)));
    expect(got).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('refuses link-local and metadata answers at connect time even with allowPrivateNetworks (DNS rebinding)', async () => {
    const resolve = fixed({ 'rebind.example.com': ['169.254.169.254'], 'v6.example.com': ['::1', 'fe80::1'] });
    const lookup = guardedLookup({ allowPrivateNetworks: true, resolve });
    for (const host of ['rebind.example.com', 'v6.example.com']) {
      const before = hits;
      const err = (await request(`http://${host}:${port}/`, lookup).catch(
        (e: unknown) => e,
      )) as NodeJS.ErrnoException & { reason?: string };
      expect(err.code, host).toBe('KEEL_FORBIDDEN_ADDRESS');
      expect(['metadata', 'link_local']).toContain(err.reason);
      expect(hits).toBe(before);
    }
    // A metadata name is refused before any lookup (the resolver knows nothing of it).
    const err = await new Promise<unknown>((r) => lookup('metadata.google.internal', { all: true }, (e) => r(e)));
    expect(err).toMatchObject({ code: 'KEEL_FORBIDDEN_ADDRESS', reason: 'metadata' });
  });

  it('Node skips lookup for IP literals, which assertLiteralAddressAllowed covers', async () => {
    let called = false;
    const spy = ((...args: Parameters<ReturnType<typeof guardedLookup>>) => {
      called = true;
      guardedLookup({ allowPrivateNetworks: false })(...args);
    }) as ReturnType<typeof guardedLookup>;
    expect((await request(`http://127.0.0.1:${port}/`, spy)).status).toBe(200);
    expect(called).toBe(false);
    expect(() => assertLiteralAddressAllowed('127.0.0.1', { allowPrivateNetworks: false })).toThrow(
      expect.objectContaining({ code: 'KEEL_FORBIDDEN_ADDRESS' }),
    );
    expect(() => assertLiteralAddressAllowed('[::1]', { allowPrivateNetworks: false })).toThrow(/loopback/);
    expect(() => assertLiteralAddressAllowed('127.0.0.1', { allowPrivateNetworks: true })).not.toThrow();
    expect(() => assertLiteralAddressAllowed('hooks.example.com', { allowPrivateNetworks: false })).not.toThrow();
    expect(() => assertLiteralAddressAllowed('8.8.8.8', { allowPrivateNetworks: false })).not.toThrow();
    // Link-local and metadata literals (and names) stay refused with private networks allowed.
    for (const host of [
      '169.254.169.254',
      '169.254.170.2',
      '[fe80::1]',
      '[::ffff:a9fe:a9fe]',
      '[fd00:ec2::254]',
      'metadata.google.internal',
    ]) {
      expect(() => assertLiteralAddressAllowed(host, { allowPrivateNetworks: true }), host).toThrow(
        expect.objectContaining({ code: 'KEEL_FORBIDDEN_ADDRESS' }),
      );
    }
  });
});
