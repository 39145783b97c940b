import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A JSON-RPC pass-through in front of a test chain that can hold chosen requests until the
 * test lets them go: a stand-in for a slow or stalled RPC endpoint, so a test can stop a
 * Keel process at an exact call (e.g. inside a pipeline step) and decide what happens
 * around it. Batched requests (arrays) are held whole when any call in them matches.
 * It can also play a faulty provider for every request (`fault`): hang, answer 429 with
 * `Retry-After`, or answer 503 — as public RPC providers do under load.
 */

export interface RpcCall {
  method: string;
  params?: unknown[];
}

export interface Hold {
  /** Resolves when the first matching request has arrived and is being held. */
  arrived: Promise<void>;
  /** How many requests are held right now. */
  count(): number;
  /** Lets every held request through and stops holding. */
  release(): void;
}

/**
 * A whole-endpoint fault: `hang` keeps each request unanswered until the fault is cleared (then
 * passes it through, late), `429` answers Too Many Requests with `Retry-After: <retryAfterS>`,
 * `503` answers Service Unavailable. `none` clears the fault.
 */
export type RpcFault = { mode: 'none' } | { mode: 'hang' } | { mode: '429'; retryAfterS: number } | { mode: '503' };

export interface RpcGate {
  url: string;
  /** Holds every request matching `match` from now until `release()`. */
  hold(match: (call: RpcCall) => boolean): Hold;
  /** Applies `f` to every request from now on (`{ mode: 'none' }` ends it and lets hung requests through). */
  fault(f: RpcFault): void;
  /** Requests answered by a fault so far (hung ones count when they arrive), per mode. */
  faulted: Record<'hang' | '429' | '503', number>;
  close(): Promise<void>;
}

export async function startRpcGate(target: string): Promise<RpcGate> {
  let active: { match: (c: RpcCall) => boolean; waiting: Array<() => void>; arrived: () => void } | undefined;
  let current: RpcFault = { mode: 'none' };
  const hung: Array<() => void> = [];
  const faulted = { hang: 0, '429': 0, '503': 0 };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const parsed = JSON.parse(body) as RpcCall | RpcCall[];
        const calls = Array.isArray(parsed) ? parsed : [parsed];
        const f = current;
        if (f.mode === '429' || f.mode === '503') {
          faulted[f.mode]++;
          res.writeHead(
            Number(f.mode),
            f.mode === '429'
              ? { 'content-type': 'text/plain', 'retry-after': String(f.retryAfterS) }
              : { 'content-type': 'text/plain' },
          );
          res.end(f.mode === '429' ? 'rate limited' : 'unavailable');
          return;
        }
        if (f.mode === 'hang') {
          faulted.hang++;
          await new Promise<void>((resume) => hung.push(resume));
          // The caller gave up long ago: answering a closed socket is harmless.
          if (res.destroyed || req.socket.destroyed) return;
        }
        const gate = active;
        if (gate && calls.some((c) => gate.match(c))) {
          await new Promise<void>((resume) => {
            gate.waiting.push(resume);
            gate.arrived();
          });
        }
        const upstream = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await upstream.text();
        res.writeHead(upstream.status, { 'content-type': 'application/json' });
        res.end(text);
      } catch (err) {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`rpc gate: ${(err as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    hold(match) {
      let arrived!: () => void;
      const arrivedP = new Promise<void>((r) => (arrived = r));
      const gate = { match, waiting: [] as Array<() => void>, arrived };
      active = gate;
      return {
        arrived: arrivedP,
        count: () => gate.waiting.length,
        release() {
          if (active === gate) active = undefined;
          for (const resume of gate.waiting.splice(0)) resume();
        },
      };
    },
    fault(f) {
      current = f;
      if (f.mode !== 'hang') for (const resume of hung.splice(0)) resume();
    },
    faulted,
    async close() {
      for (const resume of hung.splice(0)) resume();
      current = { mode: 'none' };
      if (active) for (const resume of active.waiting.splice(0)) resume();
      active = undefined;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
