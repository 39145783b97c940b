import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './test-support.ts';
import { httpTarget, isRetryableRpcError, postJsonRpc } from './rpc-http.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
let handler: Handler = (_req, res) => res.end();
let server: Server;
let base: string;
const seen: Array<{ url: string | undefined; authorization: string | undefined }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    req.resume().on('end', () => handler(req, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const call = { jsonrpc: '2.0' as const, id: 7, method: 'eth_blockNumber' };
const post = (url = base, timeoutMs = 1_000) => postJsonRpc(httpTarget(url), call, { timeoutMs, fetchFn: fetch });

describe('postJsonRpc', () => {
  it('returns the parsed JSON-RPC body', async () => {
    handler = (_req, res) => res.end(JSON.stringify({ jsonrpc: '2.0', id: 7, result: '0x10' }));
    const ex = await post();
    expect(ex.ok && ex.body).toEqual({ jsonrpc: '2.0', id: 7, result: '0x10' });
  });

  it('classifies 429 with an HTTP-date Retry-After as a refusal to wait for', async () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    handler = (_req, res) => res.writeHead(429, { 'retry-after': at }).end('slow down');
    const ex = await post();
    expect(ex.ok).toBe(false);
    if (ex.ok) return;
    expect(ex.failure.kind).toBe('http_429');
    expect(ex.failure.notDelivered).toBe(true);
    expect(ex.failure.retryAfterMs).toBeGreaterThan(3_000);
    expect(ex.failure.retryAfterMs).toBeLessThanOrEqual(5_000);
    expect(ex.statusLabel).toBe('429');
  });

  it('treats 5xx as failures even with a JSON-RPC body, and 502 as possibly delivered', async () => {
    handler = (_req, res) => res.writeHead(502).end(JSON.stringify({ jsonrpc: '2.0', id: 7, result: '0x1' }));
    const ex = await post();
    expect(!ex.ok && ex.failure).toMatchObject({ kind: 'http_5xx', notDelivered: false });
  });

  it('accepts a JSON-RPC error answer sent with a 4xx status', async () => {
    handler = (_req, res) =>
      res
        .writeHead(400)
        .end(JSON.stringify({ jsonrpc: '2.0', id: 7, error: { code: -32602, message: 'invalid params' } }));
    const ex = await post();
    expect(ex.ok && ex.status).toBe(400);
  });

  it('treats a refused API key as an endpoint failure even with a JSON-RPC body', async () => {
    handler = (_req, res) =>
      res
        .writeHead(401)
        .end(JSON.stringify({ jsonrpc: '2.0', id: 7, error: { code: -32002, message: 'invalid project id' } }));
    expect(await post()).toMatchObject({
      ok: false,
      statusLabel: '401',
      failure: { kind: 'http_4xx', notDelivered: true },
    });
  });

  it('does not follow redirects', async () => {
    handler = (_req, res) => res.writeHead(307, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    expect(await post()).toMatchObject({ ok: false, statusLabel: '307', failure: { kind: 'bad_response' } });
  });

  it('reports a non-JSON 200 as bad_response and a bare 404 as http_4xx', async () => {
    handler = (_req, res) => res.end('<html>gateway</html>');
    expect(await post()).toMatchObject({ ok: false, failure: { kind: 'bad_response' } });
    handler = (_req, res) => res.writeHead(404).end('not found');
    expect(await post()).toMatchObject({ ok: false, failure: { kind: 'http_4xx' } });
  });

  it('times out a hanging exchange', async () => {
    handler = () => {};
    const started = Date.now();
    const ex = await post(base, 150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    // Ended by the deadline, not by the answer that never comes (a loaded machine may lag).
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(ex).toMatchObject({ ok: false, statusLabel: 'timeout', failure: { kind: 'timeout', notDelivered: false } });
  });

  it('marks a refused connection as certainly not delivered', async () => {
    const port = await freePort();
    const ex = await post(`http://127.0.0.1:${port}`);
    expect(ex).toMatchObject({
      ok: false,
      failure: { kind: 'network', notDelivered: true, message: 'network error (ECONNREFUSED)' },
    });
  });

  it('moves URL credentials into a Basic authorization header', async () => {
    handler = (_req, res) => res.end(JSON.stringify({ jsonrpc: '2.0', id: 7, result: '0x1' }));
    seen.length = 0;
    const url = base.replace('http://', 'http://alice:s%40cret@') + '/rpc/KEY';
    expect((await post(url)).ok).toBe(true);
    expect(seen[0]).toEqual({
      url: '/rpc/KEY',
      authorization: `Basic ${Buffer.from('alice:s@cret').toString('base64')}`,
    });
  });
});

describe('isRetryableRpcError', () => {
  it('retries overload codes and answers everything else', () => {
    expect(isRetryableRpcError({ code: -32005, message: 'limit exceeded' })).toBe(true);
    expect(isRetryableRpcError({ code: 429, message: 'too many requests' })).toBe(true);
    expect(isRetryableRpcError({ code: -32603, message: 'internal error' })).toBe(true);
    expect(isRetryableRpcError({ code: -32603, message: 'reverted', data: '0x08c379a0' })).toBe(false);
    expect(isRetryableRpcError({ code: 3, message: 'execution reverted', data: '0x' })).toBe(false);
    expect(isRetryableRpcError({ code: -32602, message: 'invalid params' })).toBe(false);
    expect(isRetryableRpcError({ code: -32601, message: 'method not found' })).toBe(false);
    expect(isRetryableRpcError({ code: -32000, message: 'nonce too low' })).toBe(false);
  });
});
