import { spawn, type ChildProcess } from 'node:child_process';
import {
  createServer as createHttpServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * Test-only helpers for the chain layer: a bare anvil process and a loopback HTTP proxy
 * that injects RPC faults. Deliberately independent of the demo-world devchain helper.
 */

const ANVIL_BIN = fileURLToPath(new URL('../../node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil', import.meta.url));

/** A TCP port that was free a moment ago (the OS picks it for a port-0 listener). */
export async function freePort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

export interface Anvil {
  url: string;
  port: number;
  stop(): Promise<void>;
}

async function rpc(url: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  const body = (await res.json()) as { result?: unknown; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

/** Calls anvil directly (setup steps that must not go through the code under test). */
export const anvilRpc = rpc;

/** Starts a bare anvil and waits until it answers; retries on a port lost to a race. */
export async function startAnvil(opts: { chainId?: number } = {}): Promise<Anvil> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const child = spawn(
      ANVIL_BIN,
      ['--host', '127.0.0.1', '--port', String(port), '--chain-id', String(opts.chainId ?? 31337), '--silent'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitUntilAnswering(url, child, () => stderr);
      return { url, port, stop: () => stopChild(child) };
    } catch (err) {
      lastError = err;
      await stopChild(child);
    }
  }
  throw lastError;
}

async function waitUntilAnswering(url: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`anvil exited with ${child.exitCode}: ${stderr()}`);
    try {
      await rpc(url, 'eth_chainId');
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`anvil did not answer on ${url} within 15 s: ${stderr()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export type ProxyMode = 'forward' | 'die' | '429' | '503' | 'hang' | 'slow' | 'wrong_chain' | 'no_batch' | 'rpc_limit';

export interface ProxyModeOptions {
  /** Fault only this many HTTP requests, then forward again. */
  times?: number;
  /** `Retry-After` header value for 429/503. */
  retryAfter?: string;
  /** Delay for `slow`. */
  delayMs?: number;
  /** Chain id `wrong_chain` reports. */
  chainId?: number;
}

export interface ProxyStats {
  httpRequests: number;
  /** JSON-RPC method of every call seen, batches flattened. */
  methods: string[];
  inFlight: number;
  maxInFlight: number;
}

export interface FaultProxy {
  /** Base URL, e.g. `http://127.0.0.1:41234`; any path is accepted (to carry fake secrets). */
  url: string;
  port: number;
  stats: ProxyStats;
  setMode(mode: ProxyMode, opts?: ProxyModeOptions): void;
  resetStats(): void;
  /** Stops listening and drops every connection: the endpoint is dead (connection refused). */
  stop(): Promise<void>;
}

type Json = { jsonrpc?: string; id?: unknown; method?: string; result?: unknown };

/** A loopback proxy in front of `upstream` that can be switched to a fault mode per test. */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream);
  let mode: ProxyMode = 'forward';
  let opts: ProxyModeOptions = {};
  let faultsLeft = Number.POSITIVE_INFINITY;
  const stats: ProxyStats = { httpRequests: 0, methods: [], inFlight: 0, maxInFlight: 0 };

  const forward = (body: string, res: ServerResponse, rewrite?: (payload: Json | Json[]) => Json | Json[]) => {
    const up = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: '/',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      },
      (ures) => {
        let data = '';
        ures.setEncoding('utf8');
        ures.on('data', (c: string) => (data += c));
        ures.on('end', () => {
          const out = rewrite ? JSON.stringify(rewrite(JSON.parse(data) as Json | Json[])) : data;
          res.writeHead(ures.statusCode ?? 502, { 'content-type': 'application/json' }).end(out);
        });
      },
    );
    up.on('error', () => res.destroy());
    up.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: string) => {
    let parsed: Json | Json[] = {};
    try {
      parsed = JSON.parse(body) as Json | Json[];
    } catch {
      // counted as an HTTP request with no calls
    }
    const calls = Array.isArray(parsed) ? parsed : [parsed];
    for (const c of calls) if (c.method) stats.methods.push(c.method);
    let current = mode;
    if (current !== 'forward') {
      if (faultsLeft <= 0) current = 'forward';
      else faultsLeft--;
    }
    switch (current) {
      case 'forward':
        return forward(body, res);
      case 'die':
        return req.socket.destroy();
      case 'hang':
        return; // never answers; the client's timeout must fire
      case '429':
      case '503': {
        const headers: Record<string, string> = { 'content-type': 'text/plain' };
        if (opts.retryAfter !== undefined) headers['retry-after'] = opts.retryAfter;
        return res
          .writeHead(Number(current), headers)
          .end(current === '429' ? 'Too Many Requests' : 'Service Unavailable');
      }
      case 'slow':
        return void setTimeout(() => forward(body, res), opts.delayMs ?? 50);
      case 'no_batch':
        if (!Array.isArray(parsed)) return forward(body, res);
        return res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: null,
            error: { code: -32600, message: 'batch requests are not supported' },
          }),
        );
      case 'rpc_limit': {
        // HTTP 200 with a JSON-RPC "limit exceeded" error per call, as some providers rate-limit.
        const errors = calls.map((c) => ({
          jsonrpc: '2.0',
          id: c.id ?? null,
          error: { code: -32005, message: 'request rate exceeded' },
        }));
        return res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify(Array.isArray(parsed) ? errors : errors[0]));
      }
      case 'wrong_chain': {
        const ids = new Set(calls.filter((c) => c.method === 'eth_chainId').map((c) => c.id));
        const fake = `0x${(opts.chainId ?? 1).toString(16)}`;
        const fix = (r: Json): Json => (ids.has(r.id) ? { ...r, result: fake } : r);
        return forward(body, res, (p) => (Array.isArray(p) ? p.map(fix) : fix(p)));
      }
    }
  };

  const server = createHttpServer((req, res) => {
    stats.httpRequests++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let settled = false;
    const done = () => {
      if (settled) return;
      settled = true;
      stats.inFlight--;
    };
    res.on('finish', done);
    res.on('close', done);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('proxy has no port');

  return {
    url: `http://127.0.0.1:${address.port}`,
    port: address.port,
    stats,
    setMode(next, nextOpts = {}) {
      mode = next;
      opts = nextOpts;
      faultsLeft = nextOpts.times ?? Number.POSITIVE_INFINITY;
    },
    resetStats() {
      stats.httpRequests = 0;
      stats.methods = [];
      stats.maxInFlight = stats.inFlight;
    },
    stop() {
      if (!server.listening) return Promise.resolve();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
