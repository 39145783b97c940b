import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevManifest } from '../src/devnet/manifest.ts';
import { type DevStack, startDevStack } from './helpers/dev-stack.ts';
import { childEnv, KeelChild } from './helpers/keel-process.ts';

/**
 * `keel demo` against a real `keel dev` (child processes in a temp directory, free ports): after
 * it, every dashboard page has something to show, read back through the API as the dashboard
 * reads it. The demo runs twice: a second run adds activity and never breaks on the first's.
 */

describe('keel demo on a running keel dev', () => {
  let cwd = '';
  let stack: DevStack | undefined;
  let m: DevManifest;
  const demoRuns: KeelChild[] = [];

  const api = async (path: string, token = m.apiKey): Promise<any> => {
    const res = await fetch(`${m.apiBaseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(20_000),
    });
    const text = await res.text();
    expect(res.status, `GET ${path} → ${res.status} ${text.slice(0, 300)}`).toBe(200);
    return JSON.parse(text);
  };

  beforeAll(async () => {
    stack = await startDevStack('keel-demo-', 120_000);
    ({ cwd, manifest: m } = stack);
  }, 150_000);

  afterAll(async () => {
    for (const d of demoRuns) if (!d.exit) d.child.kill('SIGKILL');
    await stack?.stop();
  }, 60_000);

  const runDemo = async (): Promise<KeelChild> => {
    const p = new KeelChild('keel demo', ['demo'], { cwd, env: childEnv() });
    demoRuns.push(p);
    const exit = await p.waitExit(240_000);
    expect(exit, `keel demo did not finish${p.tail()}`).toEqual({ code: 0, signal: null });
    return p;
  };

  it('fills every page: transactions (one pending review), payments (on time and late), a swap, webhook deliveries, events', async () => {
    const first = await runDemo();
    console.log(first.output);
    expect(first.output).toMatch(/Done\. What the dashboard now shows/);

    const txs = (await api('/v1/transactions?limit=100')).data as { id: string; status: string }[];
    expect(txs.filter((t) => t.status === 'pending_review').length, first.tail()).toBeGreaterThanOrEqual(1);
    expect(txs.filter((t) => t.status === 'confirmed').length, first.tail()).toBeGreaterThanOrEqual(3);
    // bob approved one of alice's: a review by another principal is on record.
    const approved = txs.filter((t: any) => t.review?.decision === 'approved');
    expect(approved.length, JSON.stringify(txs.map((t: any) => t.review)).slice(0, 500)).toBeGreaterThanOrEqual(1);
    expect((await api('/v1/reviews')).data.length).toBeGreaterThanOrEqual(1);

    const intents = (await api('/v1/payment-intents?limit=100')).data as {
      status: string;
      paidLate: boolean;
    }[];
    expect(intents.filter((i) => i.status === 'succeeded' && !i.paidLate).length).toBeGreaterThanOrEqual(2);
    expect(intents.filter((i) => i.status === 'succeeded' && i.paidLate).length).toBe(1);
    expect(intents.some((i) => i.status === 'requires_payment')).toBe(true);

    const swaps = (await api('/v1/swaps')).data as { status: string }[];
    expect(swaps.map((s) => s.status)).toContain('succeeded');

    const endpoints = (await api('/v1/webhook-endpoints')).data as { id: string }[];
    expect(endpoints).toHaveLength(1);
    const deliveries = (await api(`/v1/webhook-endpoints/${endpoints[0]!.id}/deliveries?status=succeeded`)).data;
    expect(deliveries.length).toBeGreaterThan(0);
    expect(first.output).toMatch(/[1-9]\d* deliveries received \([1-9]\d* signatures verified\)/);

    const events = (await api('/v1/events?limit=100')).data as { type: string }[];
    const types = new Set(events.map((e) => e.type));
    for (const t of ['payment_intent.succeeded', 'payment_intent.paid_late', 'transaction.confirmed'])
      expect([...types], t).toContain(t);
    const overview = await api('/v1/stats/overview');
    expect(JSON.stringify(overview)).toMatch(/confirmed/);

    // A second run adds to the first (reusing its webhook endpoint) and does not break on it.
    await runDemo();
    expect((await api('/v1/webhook-endpoints')).data).toHaveLength(1);
    const after = (await api('/v1/payment-intents?limit=100')).data as { status: string; paidLate: boolean }[];
    expect(after.filter((i) => i.status === 'succeeded' && i.paidLate).length).toBe(2);
    expect(
      ((await api('/v1/transactions?limit=100')).data as { status: string }[]).filter(
        (t) => t.status === 'pending_review',
      ).length,
    ).toBeGreaterThanOrEqual(2);
  }, 600_000);
});
