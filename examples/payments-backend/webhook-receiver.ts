/**
 * An HTTP endpoint for Keel's webhooks on node:http: reads the raw body (the signature covers the
 * exact bytes, so JSON is parsed only after verifying), verifies it with the endpoint's secret,
 * answers 2xx at once and hands each event to `onEvent` once, however often Keel delivers it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type KeelEvent, KeelWebhookError, verifyWebhook } from '@keel/client';

export interface WebhookReceiver {
  server: Server;
  /** The port it listens on (useful with PORT=0). */
  port: number;
  /** The secrets it accepts: set after registering the endpoint; two while a rotation overlaps. */
  secrets: string[];
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

/** Starts the receiver on `host:port`, serving POST `path`. */
export async function startWebhookReceiver(opts: {
  host: string;
  port: number;
  path: string;
  onEvent: (event: KeelEvent) => Promise<void>;
  log: (line: string) => void;
}): Promise<WebhookReceiver> {
  // Keel delivers at least once (a retry after a lost 2xx, a replay): remember what was handled.
  // A real backend keeps these ids in its database, with a unique constraint, next to the effect.
  const seen = new Set<string>();
  const receiver: WebhookReceiver = {
    server: createServer((req, res) => {
      if (req.method !== 'POST' || req.url !== opts.path) return void res.writeHead(404).end();
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) req.destroy();
        else chunks.push(chunk);
      });
      req.on('end', () => {
        let event: KeelEvent;
        try {
          event = verifyWebhook(receiver.secrets, Buffer.concat(chunks).toString('utf8'), req.headers);
        } catch (e) {
          opts.log(`webhook rejected: ${e instanceof KeelWebhookError ? e.message : String(e)}`);
          return void res.writeHead(400).end();
        }
        // Acknowledge first: Keel waits for the answer, and slow handlers are retried as failures.
        res.writeHead(204).end();
        if (seen.has(event.id)) return opts.log(`webhook duplicate ignored: ${event.type} ${event.id}`);
        seen.add(event.id);
        opts.log(`webhook verified: ${event.type} ${event.id}`);
        opts.onEvent(event).catch((e: unknown) => {
          // Handling failed: forget the id, so that a redelivery (or a replay) gets another chance.
          seen.delete(event.id);
          opts.log(`handling ${event.type} ${event.id} failed: ${e instanceof Error ? e.message : String(e)}`);
        });
      });
    }),
    port: 0,
    secrets: [],
    close: () =>
      new Promise<void>((resolve) => {
        receiver.server.closeAllConnections();
        receiver.server.close(() => resolve());
      }),
  };
  await new Promise<void>((resolve, reject) => {
    receiver.server.once('error', reject);
    receiver.server.listen(opts.port, opts.host, () => resolve());
  });
  receiver.port = (receiver.server.address() as AddressInfo).port;
  return receiver;
}
