import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSumTreeSync } from '../src/attestations/sum-tree.ts';
import { dashboardRoutes } from '../src/dashboard/routes.ts';
import { encodeFragment } from '../web/src/proof/logic.ts';
import { REPO } from './helpers/keel-process.ts';

/**
 * The public /proof page in headless Chromium, served by Keel's own page routes (src/dashboard/
 * routes.ts) from the real build: a proof built by Keel's tree builder verifies in the browser
 * (from a #fragment link, pasted, and from ?proof=<url>); a tampered one shows "Not verified" with
 * the reason. Without the public attestation route the attestation step says it was not checked.
 */
const SHOTS = join(REPO, 'test-results', 'screenshots');
const POLL = { timeout: 30_000 };

let app: FastifyInstance;
let base: string;
let browser: Browser;
let page: Page;

const tree = buildSumTreeSync({
  assets: [
    { symbol: 'USDC', decimals: 6 },
    { symbol: 'ETH', decimals: 18 },
  ],
  leaves: Array.from({ length: 12 }, (_, i) => ({
    userId: `user_${i}`,
    salt: new Uint8Array(32).fill(i + 9),
    balances: [BigInt(i) * 2_500_000n, 10n ** 18n],
  })),
});
const proof = tree.proofFor('user_5', { snapshotId: 'lsn_01E2E', attestationId: 'att_01E2E' });

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'web', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  app = Fastify();
  await app.register(dashboardRoutes());
  // A proof file somewhere else, for ?proof=<url>.
  app.get('/files/proof.json', async () => proof);
  base = await app.listen({ port: 0, host: '127.0.0.1' });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  page = await browser.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

const verdict = () => page.getByTestId('verdict');

describe('/proof', () => {
  it('a valid proof from a #link verifies in the browser; the attestation step degrades to "not checked"', async () => {
    await page.goto(`${base}/proof#${encodeFragment(JSON.stringify(proof))}`);
    await expect.poll(() => verdict().textContent(), POLL).toBe('Verified: you are included in the liabilities.');
    expect(await page.getByTestId('step-proof').getAttribute('data-status')).toBe('pass');
    const totals = await page.locator('.pf-totals').first().textContent();
    expect(totals).toContain('USDC12.5165'); // 5 x 2.5 of 165 USDC
    await expect
      .poll(() => page.getByTestId('step-attestation').textContent(), POLL)
      .toMatch(/Attestation not checked: att_01E2E could not be fetched \(HTTP 404\)/);
    expect(await page.getByTestId('what-is-proven').textContent()).toMatch(
      /does not show that your provider is solvent/,
    );
    await page.screenshot({ path: join(SHOTS, 'proof-verified.png'), fullPage: true });
  });

  it('a tampered proof (balance raised) shows not verified, with the reason', async () => {
    const tampered = structuredClone(proof);
    tampered.leaf.balances[0] = '99000000';
    await page.goto(`${base}/proof`);
    await page.getByLabel('Proof JSON').fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => verdict().textContent(), POLL).toBe('Not verified.');
    expect(await page.getByTestId('step-proof').getAttribute('data-status')).toBe('fail');
    expect(await page.getByTestId('step-proof').textContent()).toMatch(
      /the recomputed root 0x[0-9a-f]{64} differs from the proof's root/,
    );
    expect(await page.getByTestId('step-attestation').textContent()).toMatch(/proof itself does not verify/);
    await page.screenshot({ path: join(SHOTS, 'proof-tampered.png'), fullPage: true });

    const negative = structuredClone(proof);
    negative.leaf.balances[0] = '-1';
    await page.getByLabel('Proof JSON').fill(JSON.stringify(negative));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect
      .poll(() => page.getByTestId('step-proof').textContent(), POLL)
      .toMatch(/leaf\.balances\[0\] is not a non-negative/);
  });

  it('?proof=<url> loads and verifies the proof', async () => {
    await page.goto(`${base}/proof?proof=${encodeURIComponent(`${base}/files/proof.json`)}`);
    await expect.poll(() => verdict().textContent(), POLL).toBe('Verified: you are included in the liabilities.');
  });
});
