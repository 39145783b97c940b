import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../src/devnet/accounts.ts';
import { encodeFragment } from '../web/src/proof/logic.ts';
import { startAttestationWorld, untilRecorded } from './helpers/attestations.ts';
import { REPO } from './helpers/keel-process.ts';
import type { TreasuryWorld } from './helpers/treasury.ts';

/**
 * The public /proof page on the full path, in headless Chromium against a real Keel on the demo
 * chain: a liability snapshot is attested (an external reserve address signing too), published
 * and recorded in the demo registry; one user's proof, as Keel hands it out, opened on Keel's
 * /proof page verifies, matches the public attestation, and the page reads the registry record
 * from the chain itself (the attestation's public RPC URL). The same proof with a lowered
 * balance pasted in shows "Not verified" and why.
 */
const SHOTS = join(REPO, 'test-results', 'screenshots');
const POLL = { timeout: 30_000 };

let w: TreasuryWorld;
let browser: Browser;
let page: Page;
let attestation: any;
let proof: any;

const rows = Array.from({ length: 9 }, (_, i) => [
  { userId: `user-${i}`, asset: 'tUSD', balance: `${10 + i}.5` },
  ...(i % 2 === 0 ? [{ userId: `user-${i}`, asset: 'tEUR', balance: '3' }] : []),
]).flat();

beforeAll(async () => {
  execFileSync(process.execPath, [join(REPO, 'web', 'build.mjs'), '--if-stale'], { stdio: 'pipe' });
  mkdirSync(SHOTS, { recursive: true });
  w = await startAttestationWorld();
  const token = await w.keel.tokenWith(['attestations:read', 'attestations:write']);
  const ok = (r: { status: number; body: any }, status: number) => {
    if (r.status !== status) throw new Error(`HTTP ${r.status}: ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const snap = ok(await w.call('POST', '/v1/liability-snapshots', token, { asOf: '2026-12-01T00:00:00Z', rows }), 201);
  const external = users[0]!;
  const draft = ok(
    await w.call('POST', '/v1/attestations', token, {
      snapshotId: snap.id,
      chains: [{ chainId: 31337 }],
      extraReserves: [{ chainId: 31337, address: external.address }],
    }),
    201,
  );
  const signature = await privateKeyToAccount(external.privateKey).signMessage({ message: draft.message });
  ok(
    await w.call('POST', `/v1/attestations/${draft.id}/signatures`, token, { address: external.address, signature }),
    200,
  );
  ok(await w.call('POST', `/v1/attestations/${draft.id}/publish`, token, {}), 200);
  const recorded = await untilRecorded(w, token, draft.id);
  if (recorded.registry.status !== 'recorded') throw new Error(`registry: ${JSON.stringify(recorded.registry)}`);
  attestation = ok(await w.call('GET', `/v1/public/attestations/${draft.id}`, ''), 200);
  proof = ok(await w.call('GET', `/v1/liability-snapshots/${snap.id}/proofs/user-4`, token), 200);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  page = await browser.newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await w?.stop();
});

const verdict = () => page.getByTestId('verdict');
const step = (name: string) => page.getByTestId(`step-${name}`);

describe('/proof against a published, recorded attestation', () => {
  it('Keel hands out a proof naming the attestation, with its root', () => {
    expect(proof.attestationId).toBe(attestation.id);
    expect(proof.root.hash).toBe(attestation.liabilities.root);
    expect(attestation.registry).toMatchObject({
      chainId: 31337,
      address: w.chain.world.contracts.attestationRegistry,
      rpcUrl: w.chain.rpcUrl,
    });
  });

  it('the proof verifies, its root is the attestation’s, and the on-chain record matches', async () => {
    await page.goto(`${w.keel.url}/proof#${encodeFragment(JSON.stringify(proof))}`);
    await expect.poll(() => verdict().textContent(), POLL).toBe('Verified: you are included in the liabilities.');
    expect(await step('proof').getAttribute('data-status')).toBe('pass');
    // user-4: 14.5 tUSD of 130.5, 3 tEUR of 15.
    const totals = await page.locator('.pf-totals').first().textContent();
    expect(totals).toContain('tUSD14.5130.5');
    expect(totals).toContain('tEUR315');

    await expect.poll(() => step('attestation').getAttribute('data-status'), POLL).toBe('pass');
    const att = await step('attestation').textContent();
    expect(att).toContain(`Attestation ${attestation.id}`);
    expect(att).toContain(`liabilities root ${attestation.liabilities.root}`);
    expect(att).toContain("root equals the attestation's liabilities root");
    expect(att).toContain('liability totals equal the root sums');
    expect(att).toContain(`signed by the attestation signer ${attestation.signer.address}`);
    expect(att).toContain(`reserve address ${users[0]!.address.toLowerCase()} signed`);

    await expect.poll(() => step('registry').getAttribute('data-status'), POLL).toBe('pass');
    const reg = await step('registry').textContent();
    expect(reg).toContain(
      `Registry ${attestation.registry.address} on chain 31337 (read through ${w.chain.rpcUrl}) holds the attestation's root, totals and digest.`,
    );
    expect(reg).toMatch(/recorded on chain 31337 at \d{4}-\d\d-\d\dT/);

    // The reserves against the liabilities, per asset.
    expect(await page.locator('.pf-totals').nth(1).textContent()).toMatch(/tUSD[\d.]+130\.5/);
    const plain = await page.getByTestId('what-is-proven').textContent();
    expect(plain).toMatch(/your balances, exactly as shown, were counted in the total liabilities/);
    expect(plain).toMatch(/does not show that your provider is solvent/);
    expect(plain).toMatch(/says nothing about balances that are not in the snapshot/);
    await page.screenshot({ path: join(SHOTS, 'proof-attested.png'), fullPage: true });
  });

  it('the proof with a lowered balance, pasted, is not verified and says why', async () => {
    const tampered = structuredClone(proof);
    const usd = proof.assets.findIndex((a: { symbol: string }) => a.symbol === 'tUSD');
    tampered.leaf.balances[usd] = String(BigInt(proof.leaf.balances[usd]) - 10_000_000n); // 4.5 tUSD, not 14.5
    await page.goto(`${w.keel.url}/proof`);
    await page.getByLabel('Proof JSON').fill(JSON.stringify(tampered));
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => verdict().textContent(), POLL).toBe('Not verified.');
    expect(await step('proof').getAttribute('data-status')).toBe('fail');
    expect(await step('proof').textContent()).toMatch(
      /the recomputed root 0x[0-9a-f]{64} differs from the proof's root/,
    );
    expect(await step('attestation').textContent()).toMatch(/proof itself does not verify/);
    expect(await step('registry').getAttribute('data-status')).toBe('skipped');
    await page.screenshot({ path: join(SHOTS, 'proof-attested-tampered.png'), fullPage: true });
  });
});
