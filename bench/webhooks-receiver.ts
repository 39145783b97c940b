/**
 * Loopback webhook receivers for `bench/webhooks.ts`, in their own process so they do not
 * take CPU from the sender being measured. Answers 204 at once and records when each
 * (webhook-id, path) arrived. Talks to the parent over IPC:
 *   → { ports }                          once listening
 *   ← 'count'   → { count }              deliveries received so far
 *   ← 'take'    → { receipts }           [webhook-id, path, epoch ms][] and resets
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const n = Number(process.argv[2] ?? 3);
let receipts: Array<[string, string, number]> = [];

const servers = await Promise.all(
  Array.from({ length: n }, async () => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        receipts.push([String(req.headers['webhook-id'] ?? ''), req.url ?? '/', Date.now()]);
        res.writeHead(204).end();
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    return server;
  }),
);

process.on('message', (m) => {
  if (m === 'count') process.send!({ count: receipts.length });
  if (m === 'take') {
    process.send!({ receipts });
    receipts = [];
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ ports: servers.map((s) => (s.address() as AddressInfo).port) });
