import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A JSON-RPC pass-through in front of a test chain that can hold chosen requests until the
 * test lets them go: a stand-in for a slow or stalled RPC endpoint, so a test can stop a
 * Keel process at an exact call (e.g. inside a pipeline step) and decide what happens
 * around it. Batched requests (arrays) are held whole when any call in them matches.
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

export interface RpcGate {
  url: string;
  /** Holds every request matching `match` from now until `release()`. */
  hold(match: (call: RpcCall) => boolean): Hold;
  close(): Promise<void>;
}

export async function startRpcGate(target: string): Promise<RpcGate> {
  let active: { match: (c: RpcCall) => boolean; waiting: Array<() => void>; arrived: () => void } | undefined;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      try {
        const parsed = JSON.parse(body) as RpcCall | RpcCall[];
        const calls = Array.isArray(parsed) ? parsed : [parsed];
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
    async close() {
      if (active) for (const resume of active.waiting.splice(0)) resume();
      active = undefined;
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
