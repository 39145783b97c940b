import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { sendProblem } from '../api/problem.ts';
import { dashboardRoutes } from './routes.ts';

/** The static serving rules on a throwaway build directory (the browser test covers the real build). */
describe('dashboard serving', () => {
  const dist = mkdtempSync(join(tmpdir(), 'keel-dash-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'secret.txt'), 'not served');
  mkdirSync(join(dist, 'checkout', 'assets'), { recursive: true });
  writeFileSync(join(dist, 'checkout', 'checkout.html'), '<!doctype html><div id="checkout"></div>');
  writeFileSync(join(dist, 'checkout', 'assets', 'checkout-abc123.js'), 'console.log(2)');
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  const app = async (dir: string) => {
    const a = Fastify();
    a.setErrorHandler((err, req, reply) => sendProblem(req, reply, err));
    await a.register(dashboardRoutes({ dist: dir }));
    return a;
  };

  it('serves index.html for the app and any path below it, assets with a long cache, nothing else', async () => {
    const a = await app(dist);
    for (const url of ['/dashboard', '/dashboard/', '/dashboard/transactions/tx_1', '/dashboard/secret.txt']) {
      const r = await a.inject(url);
      expect(r.statusCode, url).toBe(200);
      expect(r.body, url).toContain('<div id="root">');
      expect(r.headers['cache-control']).toBe('no-cache');
      expect(r.headers['content-security-policy']).toContain("default-src 'self'");
    }
    const js = await a.inject('/dashboard/assets/index-abc123.js');
    expect(js.body).toBe('console.log(1)');
    expect(js.headers['cache-control']).toContain('immutable');
    for (const url of [
      '/dashboard/assets/nope.js',
      '/dashboard/assets/..%2Fsecret.txt',
      '/dashboard/assets/sub/x.js',
    ]) {
      const r = await a.inject(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.json()).toMatchObject({ code: 'not_found' });
    }
    await a.close();
  });

  it('serves the checkout page for /pay/:id (404 status for a malformed id), its assets, nothing else', async () => {
    const a = await app(dist);
    const ok = await a.inject('/pay/pi_01jz8x9k2m3n4p5q6r7s8t9v0w');
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('<div id="checkout">');
    expect(ok.headers['cache-control']).toBe('no-cache');
    expect(ok.headers['x-robots-tag']).toBe('noindex');
    expect(ok.headers['content-security-policy']).toContain("default-src 'self'");
    expect(ok.headers['referrer-policy']).toBe('no-referrer');
    for (const url of ['/pay/nope', '/pay/pi_01JZ8X9K2M3N4P5Q6R7S8T9V0W', '/pay/pi_01jz8x9k2m3n4p5q6r7s8t9v0u']) {
      const r = await a.inject(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body, url).toContain('<div id="checkout">');
    }
    const js = await a.inject('/pay/assets/checkout-abc123.js');
    expect(js.body).toBe('console.log(2)');
    expect(js.headers['cache-control']).toContain('immutable');
    for (const url of ['/pay/assets/index-abc123.js', '/pay/assets/..%2F..%2Fsecret.txt', '/pay/assets/sub/x.js']) {
      expect((await a.inject(url)).statusCode, url).toBe(404);
    }
    await a.close();
  });

  it('answers 503 dashboard_not_built when the build is missing', async () => {
    const a = await app(join(dist, 'missing'));
    const r = await a.inject('/dashboard');
    expect(r.statusCode).toBe(503);
    expect(r.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(r.json()).toMatchObject({
      code: 'dashboard_not_built',
      userMessage: 'The dashboard is not available on this server yet.',
    });
    const pay = await a.inject('/pay/pi_01jz8x9k2m3n4p5q6r7s8t9v0w');
    expect(pay.statusCode).toBe(503);
    expect(pay.json()).toMatchObject({ code: 'checkout_not_built' });
    await a.close();
  });
});
