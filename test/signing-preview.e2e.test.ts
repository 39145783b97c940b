import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { REPO } from './helpers/keel-process.ts';

/**
 * The dashboard's Signing preview page in headless Chromium against a real Keel (the shipped dev
 * config; no chain is needed): an operator pastes a Permit2 allowance to an unknown spender and
 * sees its lines, the `unknown_spender` warning and a high risk; malformed typed data shows the
 * API's `typed_data_invalid` answer.
 */

const NOWHERE = ['http://127.0.0.1:9'];
const BROWSER_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

let db: TestDatabase;
let keel: TestKeel;
let browser: Browser;
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'web', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  db = await testDatabase();
  keel = await startTestKeel(devConfigFor([{ chainId: 31337, rpcUrls: NOWHERE }]), db);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: BROWSER_ARGS });
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(30_000);
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await keel?.stop();
  await db?.close();
});

const permit = (amount: string) => ({
  domain: { name: 'Permit2', chainId: 31337, verifyingContract: '0x000000000022D473030F116dDEE9F6B43aC78BA3' },
  types: {
    PermitSingle: [
      { name: 'details', type: 'PermitDetails' },
      { name: 'spender', type: 'address' },
      { name: 'sigDeadline', type: 'uint256' },
    ],
    PermitDetails: [
      { name: 'token', type: 'address' },
      { name: 'amount', type: 'uint160' },
      { name: 'expiration', type: 'uint48' },
      { name: 'nonce', type: 'uint48' },
    ],
  },
  primaryType: 'PermitSingle',
  message: {
    details: { token: '0x1234567890123456789012345678901234567890', amount, expiration: 0, nonce: 0 },
    spender: '0x9999999999999999999999999999999999999999',
    sigDeadline: String(Math.floor(Date.now() / 1000) + 600),
  },
});

describe('signing preview page (headless Chromium)', () => {
  it('previews a pasted permit: lines, warnings, risk; malformed data shows the field at fault', async () => {
    await page.goto(`${keel.url}/dashboard/`);
    await page.getByLabel('API key').fill(keel.adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('whoami').waitFor();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Signing preview' }).click();
    await page.getByLabel('Typed data or message').fill(JSON.stringify(permit('5')));
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByTestId('signing-risk').innerText()).toBe('risk: high');
    expect(await page.locator('[data-testid="signing-warnings"] li[data-code="unknown_spender"]').count()).toBe(1);
    expect(await page.getByTestId('signing-lines').innerText()).toContain('for the block it is submitted in only');
    await page.getByLabel('Typed data or message').fill(JSON.stringify(permit('-1')));
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByText('No preview').count()).toBeGreaterThan(0);
    // The API's answer in its words: typed_data_invalid and the field at fault.
    const alert = await page.getByRole('alert').innerText();
    expect(alert).toContain('typed_data_invalid');
    expect(alert).toContain('typedData.message.details.amount');
    expect(problems).toEqual([]);
  });
});
