import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeTruncated, sendWebhook, type SendRequest } from './sender.ts';

describe('sendWebhook (loopback server)', () => {
  let server: http.Server;
  let base: string;
  let connections = 0;
  const hits: Array<{ path: string; headers: http.IncomingHttpHeaders; body: string }> = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        hits.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        if (req.url === '/ok') return void res.writeHead(200).end('fine');
        if (req.url === '/redirect') return void res.writeHead(302, { location: `${base}/target` }).end();
        if (req.url === '/busy') return void res.writeHead(429, { 'retry-after': '7' }).end();
        if (req.url === '/hang') return; // never answers
        if (req.url === '/large')
          return void res.writeHead(200, { 'content-length': '100000' }).end(Buffer.alloc(100_000, 98));
        if (req.url === '/endless') {
          res.writeHead(200);
          const t = setInterval(() => res.write(Buffer.alloc(1_024, 97)), 1);
          res.on('close', () => clearInterval(t));
          return;
        }
        res.writeHead(404).end();
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const send = (path: string, over: Partial<SendRequest> = {}) =>
    sendWebhook({
      url: `${base}${path}`,
      headers: { 'webhook-id': 'evt_1', 'content-type': 'text/plain' },
      body: '{"a":1}',
      timeoutMs: 10_000,
      allowPrivateNetworks: true,
      bodyLimit: 64,
      ...over,
    });

  it('POSTs the exact body as JSON with the Keel user agent and the given headers', async () => {
    const r = await send('/ok');
    expect(r).toMatchObject({ statusCode: 200, responseBody: 'fine' });
    expect(r.error).toBeUndefined();
    const hit = hits.at(-1)!;
    expect(hit.body).toBe('{"a":1}');
    // The signature headers pass through; the content type cannot be overridden.
    expect(hit.headers).toMatchObject({
      'webhook-id': 'evt_1',
      'content-type': 'application/json',
      'user-agent': 'Keel-Webhooks/1',
      'content-length': '7',
    });
  });

  it('reports the address answered from and the body size (read to the end, or declared)', async () => {
    expect(await send('/ok')).toMatchObject({ statusCode: 200, remoteAddress: '127.0.0.1', responseBytes: 4 });
    const large = await send('/large', { bodyLimit: 10 });
    expect(large).toMatchObject({ statusCode: 200, responseBytes: 100_000, responseBody: 'b'.repeat(10) });
    // An endless chunked body has no known size.
    const endless = await send('/endless', { timeoutMs: 30_000, bodyLimit: 10 });
    expect(endless.statusCode).toBe(200);
    expect(endless.responseBytes).toBeUndefined();
  });

  it('refuses link-local and metadata targets even with private networks allowed', async () => {
    const n = hits.length;
    for (const url of [
      'http://169.254.169.254/latest/meta-data/',
      'http://[::ffff:169.254.169.254]/',
      'http://0xa9fea9fe/',
      'http://[fe80::1]/',
      'http://metadata.google.internal/',
    ]) {
      const r = await send('', { url, allowPrivateNetworks: true });
      expect(r.statusCode, url).toBeUndefined();
      expect(r.errorCode, url).toBe('KEEL_FORBIDDEN_ADDRESS');
    }
    expect(hits.length).toBe(n);
  });

  it('reuses the connection for the next delivery (keep-alive)', async () => {
    await send('/ok');
    const before = connections;
    for (let i = 0; i < 5; i++) expect((await send('/ok')).statusCode).toBe(200);
    expect(connections).toBe(before);
  });

  it('never follows a redirect: the 3xx is the answer', async () => {
    const n = hits.length;
    const r = await send('/redirect');
    expect(r.statusCode).toBe(302);
    expect(hits.slice(n).map((h) => h.path)).toEqual(['/redirect']);
  });

  it('reads Retry-After', async () => {
    expect(await send('/busy')).toMatchObject({ statusCode: 429, retryAfterSeconds: 7 });
  });

  it('gives up at the deadline when no answer comes', async () => {
    const r = await send('/hang', { timeoutMs: 200 });
    expect(r.statusCode).toBeUndefined();
    expect(r.errorCode).toBe('KEEL_TIMEOUT');
    expect(r.durationMs).toBeGreaterThanOrEqual(190);
    // Ended by the deadline, not by the (never coming) answer: well before the test's own timeout.
    expect(r.durationMs).toBeLessThan(20_000);
  });

  it('keeps only bodyLimit bytes of an endless body and answers without waiting for its end', async () => {
    // Waiting for the end would run into this deadline (a timeout, no answer); a loaded machine stays far below it.
    const r = await send('/endless', { timeoutMs: 30_000, bodyLimit: 100 });
    expect(r.statusCode).toBe(200);
    expect(r.errorCode).toBeUndefined();
    expect(r.responseBody).toBe('a'.repeat(100));
    expect(r.durationMs).toBeLessThan(30_000);
  });

  it('stops when aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    expect(await send('/hang', { signal: ac.signal })).toMatchObject({ errorCode: 'KEEL_ABORTED' });
  });

  it('refuses loopback targets unless private networks are allowed, by literal and by name', async () => {
    const n = hits.length;
    const port = new URL(base).port;
    for (const url of [`${base}/ok`, `http://localhost:${port}/ok`, `http://[::1]:${port}/ok`]) {
      const r = await send('', { url, allowPrivateNetworks: false });
      expect(r.statusCode, url).toBeUndefined();
      expect(r.errorCode, url).toBe('KEEL_FORBIDDEN_ADDRESS');
    }
    expect(hits.length).toBe(n);
  });

  it('reports connection failures and bad URLs as errors, never throws', async () => {
    expect(await send('', { url: 'http://127.0.0.1:9/x' })).toMatchObject({ errorCode: 'ECONNREFUSED' });
    expect(await send('', { url: 'ftp://example.com/x' })).toMatchObject({ errorCode: 'KEEL_BAD_URL' });
    expect((await send('', { url: 'not a url' })).error).toBeDefined();
  });
});

describe('decodeTruncated', () => {
  it('cuts at the limit without splitting a character, and drops NUL', () => {
    expect(decodeTruncated(Buffer.from('abcdef'), 4)).toBe('abcd');
    expect(decodeTruncated(Buffer.from('abc'), 10)).toBe('abc');
    expect(decodeTruncated(Buffer.from('aé'), 2)).toBe('a'); // é is 2 bytes
    expect(decodeTruncated(Buffer.from('aé'), 3)).toBe('aé');
    expect(decodeTruncated(Buffer.from('a€b'), 3)).toBe('a'); // € is 3 bytes
    expect(decodeTruncated(Buffer.from('a€b'), 4)).toBe('a€');
    expect(decodeTruncated(Buffer.from('😀x'), 4)).toBe('😀');
    expect(decodeTruncated(Buffer.from('😀x'), 3)).toBe('');
    expect(decodeTruncated(Buffer.from('a\u0000b'), 10)).toBe('ab');
    expect(decodeTruncated(Buffer.from('abc'), 0)).toBe('');
  });
});
