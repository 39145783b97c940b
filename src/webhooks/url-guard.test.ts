import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../lib/errors.ts';
import { assertLiteralAddressAllowed, checkWebhookUrl, guardedLookup, isForbiddenAddress, type Resolver } from './url-guard.ts';

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
    ['::127.0.0.1', 'reserved'],
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
      expect(await refusal(checkWebhookUrl(url, strict)), url).toMatchObject({ field: 'body.url', code: 'url_forbidden_address' });
    }
  });

  it('refuses localhost and names with any forbidden address', async () => {
    for (const url of ['https://localhost/', 'https://LOCALHOST./x', 'https://api.localhost/', 'https://mixed.example.com/', 'https://internal.example.com/']) {
      expect(await refusal(checkWebhookUrl(url, { ...strict, resolve })), url).toMatchObject({ field: 'body.url', code: 'url_forbidden_address' });
    }
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
      expect(await refusal(checkWebhookUrl(url, { ...strict, ...extra, resolve })), url).toMatchObject({ field: 'body.url', code });
    }
    await checkWebhookUrl('http://hooks.example.com/', { ...strict, allowHttp: true, resolve });
  });

  it('gives up on a resolver that does not answer', async () => {
    const hang: Resolver = () => new Promise(() => {});
    expect(await refusal(checkWebhookUrl('https://slow.example.com/', { ...strict, resolve: hang, resolveTimeoutMs: 50 }))).toMatchObject({ code: 'url_unresolvable' });
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
    const err = (await request(`http://localhost:${port}/`, guardedLookup({ allowPrivateNetworks: false })).catch((e: unknown) => e)) as NodeJS.ErrnoException;
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
    await checkWebhookUrl('https://rebind.example.com/', { allowHttp: false, allowPrivateNetworks: false, resolve: fixed({ 'rebind.example.com': ['93.184.215.14'] }) });
    const lookup = guardedLookup({ allowPrivateNetworks: false, resolve: fixed({ 'rebind.example.com': ['127.0.0.1'] }) });
    const before = hits;
    const err = (await request(`http://rebind.example.com:${port}/`, lookup).catch((e: unknown) => e)) as NodeJS.ErrnoException & { reason?: string };
    expect(err.code).toBe('KEEL_FORBIDDEN_ADDRESS');
    expect(err.reason).toBe('loopback');
    expect(hits).toBe(before);
    // …while the same lookup lets a public answer through to the caller.
    const ok = guardedLookup({ allowPrivateNetworks: false, resolve: fixed({ 'pub.example.com': ['93.184.215.14'] }) });
    const got = await new Promise<unknown>((r) => ok('pub.example.com', { all: true }, (e, a) => r(e ?? a)));
    expect(got).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('Node skips lookup for IP literals, which assertLiteralAddressAllowed covers', async () => {
    let called = false;
    const spy = ((...args: Parameters<ReturnType<typeof guardedLookup>>) => {
      called = true;
      guardedLookup({ allowPrivateNetworks: false })(...args);
    }) as ReturnType<typeof guardedLookup>;
    expect((await request(`http://127.0.0.1:${port}/`, spy)).status).toBe(200);
    expect(called).toBe(false);
    expect(() => assertLiteralAddressAllowed('127.0.0.1', { allowPrivateNetworks: false })).toThrow(expect.objectContaining({ code: 'KEEL_FORBIDDEN_ADDRESS' }));
    expect(() => assertLiteralAddressAllowed('[::1]', { allowPrivateNetworks: false })).toThrow(/loopback/);
    expect(() => assertLiteralAddressAllowed('127.0.0.1', { allowPrivateNetworks: true })).not.toThrow();
    expect(() => assertLiteralAddressAllowed('hooks.example.com', { allowPrivateNetworks: false })).not.toThrow();
    expect(() => assertLiteralAddressAllowed('8.8.8.8', { allowPrivateNetworks: false })).not.toThrow();
  });
});
