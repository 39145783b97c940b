import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a receiver got. */
export interface Received {
  path: string;
  headers: Record<string, string>;
  body: string;
  /** Date.now() when the request body was complete. */
  at: number;
  /** Secrets (by index in the receiver's list) whose Standard Webhooks verification passed. */
  verifiedWith: number[];
}

/**
 * What the receiver answers; `hang` never answers (the connection stays open). `after` holds the
 * answer until the promise settles (a test releases it when it has seen what it waits for).
 */
export type Reply =
  | { status: number; headers?: Record<string, string>; body?: string; delayMs?: number; after?: Promise<unknown> }
  | 'hang';

export interface Receiver {
  url: string;
  port: number;
  received: Received[];
  /** Requests being handled right now, and the most there ever were at once (per path). */
  concurrent: Map<string, number>;
  maxConcurrent: Map<string, number>;
  /** Secrets the receiver verifies each request with (`standardwebhooks`). */
  secrets: string[];
  /** Arrivals per webhook-id. */
  countsById(): Map<string, number>;
  close(): Promise<void>;
}

/**
 * A loopback HTTP receiver that verifies every delivery with the `standardwebhooks` package
 * (as a fintech backend would) against each secret in `secrets`, records it, and answers
 * with `reply(received, n)` where `n` counts earlier arrivals of the same webhook-id at
 * the same path.
 */
export async function startReceiver(
  reply: (r: Received, n: number) => Reply = () => ({ status: 200 }),
  opts: { port?: number; secrets?: string[] } = {},
): Promise<Receiver> {
  const received: Received[] = [];
  const seen = new Map<string, number>();
  const concurrent = new Map<string, number>();
  const maxConcurrent = new Map<string, number>();
  const secrets = opts.secrets ?? [];
  const server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    concurrent.set(path, (concurrent.get(path) ?? 0) + 1);
    maxConcurrent.set(path, Math.max(maxConcurrent.get(path) ?? 0, concurrent.get(path)!));
    let done = false;
    const leave = () => {
      if (done) return;
      done = true;
      concurrent.set(path, concurrent.get(path)! - 1);
    };
    res.on('close', leave);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(
        Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
      );
      const verifiedWith: number[] = [];
      receiver.secrets.forEach((s, i) => {
        try {
          new Webhook(s).verify(body, headers);
          verifiedWith.push(i);
        } catch {
          // not signed with this secret
        }
      });
      const r: Received = { path, headers, body, at: Date.now(), verifiedWith };
      received.push(r);
      const key = `${path} ${headers['webhook-id'] ?? ''}`;
      const n = seen.get(key) ?? 0;
      seen.set(key, n + 1);
      const answer = reply(r, n);
      if (answer === 'hang') return;
      const send = () => {
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
        leave();
      };
      if (answer.after) void answer.after.then(send, send);
      else if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}`,
    port,
    received,
    concurrent,
    maxConcurrent,
    secrets,
    countsById() {
      const m = new Map<string, number>();
      for (const r of received) m.set(r.headers['webhook-id'] ?? '', (m.get(r.headers['webhook-id'] ?? '') ?? 0) + 1);
      return m;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return receiver;
}

/** A loopback port nothing listens on (a receiver that is down). */
export async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/**
 * Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws `what`). The
 * default cap is generous: the wait ends as soon as the condition holds, and a loaded machine
 * may take many times longer than an idle one.
 */
export async function waitFor<T>(
  check: () => T | Promise<T>,
  what: string,
  timeoutMs = 30_000,
  everyMs = 25,
): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
