// The standalone verifier as an auditor runs it: `node --import tsx clients/verify/src/cli.ts`, a
// real process, on proofs built by Keel's tree builder and an attestation signed with real keys.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSumTreeSync } from '../src/attestations/sum-tree.ts';
import { type Anvil, startAnvil } from '../src/chain/test-support.ts';
import { attestationDigest, attestationMessage, type PublicAttestation } from '../clients/verify/src/attestation.ts';
import { formatUnits } from '../clients/verify/src/spec.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const cli = join(root, 'clients/verify/src/cli.ts');

function run(args: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, out: stdout + stderr });
    });
  });
}

const keelSigner = privateKeyToAccount(`0x${'11'.repeat(32)}`);
const reserveHolder = privateKeyToAccount(`0x${'22'.repeat(32)}`);
const assets = [
  { symbol: 'USDC', decimals: 6 },
  { symbol: 'ETH', decimals: 18 },
];
const tree = buildSumTreeSync({
  assets,
  leaves: Array.from({ length: 9 }, (_, i) => ({
    userId: `user_${i}`,
    salt: new Uint8Array(32).fill(i + 3),
    balances: [BigInt(i) * 1_500_000n, 10n ** 17n * BigInt(i)],
  })),
});

async function attestation(over: { registry?: PublicAttestation['registry'] } = {}): Promise<PublicAttestation> {
  const base = {
    object: 'attestation' as const,
    id: 'att_01TEST',
    status: 'published' as const,
    createdAt: '2026-12-06T00:00:00.000Z',
    publishedAt: '2026-12-06T00:01:00.000Z',
    liabilities: {
      snapshotId: 'lsn_01TEST',
      root: tree.root.hash,
      leafCount: tree.leafCount,
      asOf: '2026-12-05T23:59:59.000Z',
      totals: assets.map((a, i) => ({
        asset: a.symbol,
        decimals: a.decimals,
        amount: formatUnits(tree.root.sums[i]!, a.decimals),
      })),
    },
    reserves: [
      {
        chainId: 31337,
        blockNumber: '12',
        account: reserveHolder.address,
        asset: 'USDC',
        token: `0x${'ab'.repeat(20)}`,
        decimals: 6,
        amount: '100',
        kind: 'balance' as const,
        signature: '',
      },
    ],
    ratio: [{ asset: 'USDC', reserves: '100', liabilities: '54', ratio: '1.8518' }],
    message: '',
    digest: '',
    signer: { address: keelSigner.address, signature: '' },
    registry: over.registry ?? null,
  };
  base.digest = attestationDigest(base);
  base.message = attestationMessage(base.id, base.digest);
  base.signer.signature = await keelSigner.signMessage({ message: base.message });
  base.reserves[0]!.signature = await reserveHolder.signMessage({ message: base.message });
  return base;
}

describe('npm run verify-proof', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keel-verify-'));
  const file = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof value === 'string' ? value : JSON.stringify(value));
    return path;
  };
  let anvil: Anvil;
  beforeAll(async () => {
    anvil = await startAnvil({ chainId: 31337 });
  });
  afterAll(async () => {
    await anvil?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const proof = tree.proofFor('user_4', { snapshotId: 'lsn_01TEST', attestationId: 'att_01TEST' });

  it('exit 0 for a good proof, alone and with its attestation', async () => {
    const alone = await run([file('good.json', proof)]);
    expect(alone.code, alone.out).toBe(0);
    expect(alone.out).toMatch(/user user_4 is included/);
    expect(alone.out).toMatch(/USDC: your balance 6 of total 54/);
    const withAtt = await run([file('good2.json', proof), '--attestation', file('att.json', await attestation())]);
    expect(withAtt.code, withAtt.out).toBe(0);
    expect(withAtt.out).toMatch(/root equals the attestation's liabilities root/);
    expect(withAtt.out).toMatch(new RegExp(`reserve address ${reserveHolder.address.toLowerCase()} signed`));
    expect(withAtt.out).toMatch(/does not by itself prove solvency/);
  });

  it('exit 1 with the reason: a lowered balance, another root, a forged reserve signature', async () => {
    const lowered = structuredClone(proof);
    lowered.leaf.balances[0] = '1';
    const r1 = await run([file('lowered.json', lowered)]);
    expect(r1.code, r1.out).toBe(1);
    expect(r1.out).toMatch(/NOT VERIFIED[\s\S]*recomputed root/);

    const other = structuredClone(await attestation());
    other.liabilities.root = `0x${'00'.repeat(32)}`;
    const r2 = await run([file('p.json', proof), '--attestation', file('other.json', other)]);
    expect(r2.code, r2.out).toBe(1);
    expect(r2.out).toMatch(/is not the attestation's liabilities root/);
    expect(r2.out).toMatch(/hashes to .* not its stated digest/);

    const forged = await attestation();
    forged.reserves[0]!.signature = await privateKeyToAccount(`0x${'33'.repeat(32)}`).signMessage({
      message: forged.message,
    });
    const r3 = await run([file('p.json', proof), '--attestation', file('forged.json', forged)]);
    expect(r3.code, r3.out).toBe(1);
    expect(r3.out).toMatch(/signature of reserve address .* does not recover/);
  });

  it('exit 1 when the registry record cannot be read from the chain (--rpc, a real anvil)', async () => {
    const att = await attestation({
      registry: { chainId: 31337, address: `0x${'cd'.repeat(20)}`, txHash: `0x${'01'.repeat(32)}`, rpcUrl: null },
    });
    const r = await run([file('p.json', proof), '--attestation', file('reg.json', att), '--rpc', anvil.url]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/could not read the registry record/);
    const wrongChain = { ...att, registry: { ...att.registry!, chainId: 1 } };
    const r2 = await run([file('p.json', proof), '--attestation', file('reg2.json', wrongChain), '--rpc', anvil.url]);
    expect(r2.code).toBe(1);
    expect(r2.out).toMatch(/the RPC serves chain 31337, the registry is on 1/);
  });

  it('exit 2 for bad input: no file, not JSON, unknown option', async () => {
    expect((await run([])).code).toBe(2);
    expect((await run([join(dir, 'missing.json')])).code).toBe(2);
    const notJson = await run([file('bad.json', '{nope')]);
    expect(notJson.code).toBe(2);
    expect(notJson.out).toMatch(/is not JSON/);
    expect((await run([file('p.json', proof), '--frob'])).code).toBe(2);
  });
});
