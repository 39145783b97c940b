import { keccak256, parseAbi, parseEther, stringToHex, type Address, type Hex } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  matchProofToAttestation,
  matchRegistryRecord,
  readRegistryRecord,
  verifyAttestation,
} from '../clients/verify/src/attestation.ts';
import { verifyReserves } from '../clients/verify/src/reserves.ts';
import { verifyProof } from '../clients/verify/src/verify.ts';
import { attestation as attestationAccount, users } from '../src/devnet/accounts.ts';
import { canonicalJson } from '../src/attestations/attestation-logic.ts';
import { startAttestationWorld, untilRecorded } from './helpers/attestations.ts';
import type { ApiCall, TreasuryWorld } from './helpers/treasury.ts';

/**
 * Proof of reserves end to end on the demo chain, under the development policy as shipped: a
 * liability snapshot is uploaded (JSON and a 100,000-row CSV), an attestation drafted from it
 * and the reserves at one block (Keel's accounts signing by themselves, an external holder
 * signing afterwards), published, recorded in the demo registry contract, read publicly, and
 * every user's proof verified with the standalone verifier. Bad uploads and forged signatures
 * are refused with nothing written.
 */
const registryAbi = parseAbi([
  'function recordOf(bytes32 id) view returns (bytes32 root, uint256[] totals, bytes32 digest, uint64 publishedAt)',
]);

describe('proof of reserves: snapshot → draft → signatures → publish → registry → proofs', () => {
  let w: TreasuryWorld;
  let call: ApiCall;
  let token: string;
  let registry: Address;
  const external = users[0]!;
  const rows = Array.from({ length: 40 }, (_, i) => [
    { userId: `user-${i}`, asset: 'tUSD', balance: `${100 + i}.25` },
    ...(i % 3 === 0 ? [{ userId: `user-${i}`, asset: 'tEUR', balance: '7' }] : []),
  ]).flat();

  beforeAll(async () => {
    w = await startAttestationWorld();
    registry = w.chain.world.contracts.attestationRegistry;
    call = w.call;
    token = await w.keel.tokenWith(['attestations:read', 'attestations:write', 'transactions:read']);
  }, 90_000);
  afterAll(async () => {
    await w?.stop();
  });

  const snapshotCount = async () =>
    Number(
      (await w.db.db
        .selectFrom('liability_snapshots')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst())!.n,
    );
  const leafCount = async () =>
    Number(
      (await w.db.db
        .selectFrom('liability_leaves')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirst())!.n,
    );

  it('the registry is deployed with the attestation signer as its publisher', async () => {
    expect(registry).toBe('0xa29f6E2C4eC6046C8C62DaC836f922f6740fa315');
    const publisher = await w.client.readContract({
      address: registry,
      abi: parseAbi(['function publisher() view returns (address)']),
      functionName: 'publisher',
    });
    expect(publisher).toBe(attestationAccount.address);
  });

  it('rejects each kind of bad upload as a whole, naming line and field, and writes nothing', async () => {
    const before = [await snapshotCount(), await leafCount()];
    const cases: Array<[unknown, string, number]> = [
      [{ userId: 'u1', asset: 'tUSD', balance: '-1' }, 'negative_balance', 2],
      [{ userId: 'u1', asset: 'DOGE', balance: '1' }, 'unknown_asset', 2],
      [{ userId: 'u1', asset: 'tUSD', balance: '1.0000001' }, 'too_many_decimals', 2],
      [{ userId: 'bad id', asset: 'tUSD', balance: '1' }, 'invalid_user_id', 2],
      [{ userId: 'u0', asset: 'tUSD', balance: '3' }, 'duplicate_row', 2],
    ];
    for (const [bad, code, line] of cases) {
      const r = await call('POST', '/v1/liability-snapshots', token, {
        asOf: '2026-12-01T00:00:00Z',
        rows: [{ userId: 'u0', asset: 'tUSD', balance: '5' }, bad],
      });
      expect(r.status, code).toBe(422);
      expect(r.body.code).toBe('snapshot_invalid');
      expect(r.body.errors).toEqual([
        expect.objectContaining({ code, line, field: expect.stringContaining('rows[1]') }),
      ]);
    }
    // CSV: line numbers are the file's.
    const csv = 'user_id,asset,balance\nu1,tUSD,1\nu2,tUSD,-4\nu3,XYZ,1\n';
    const r = await fetch(`${w.keel.url}/v1/liability-snapshots?asOf=2026-12-01T00:00:00Z`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(r.status).toBe(422);
    const body = (await r.json()) as any;
    expect(body.errors.map((e: any) => [e.line, e.code])).toEqual([
      [3, 'negative_balance'],
      [4, 'unknown_asset'],
    ]);
    expect([await snapshotCount(), await leafCount()]).toEqual(before);
  });

  it('takes a 100,000-row CSV upload and answers a proof from it', async () => {
    const lines = ['user_id,asset,balance'];
    for (let i = 0; i < 100_000; i++) lines.push(`csv-${i},tUSD,${i % 1000}.5`);
    const r = await fetch(`${w.keel.url}/v1/liability-snapshots?asOf=2026-12-01T00:00:00Z`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
      body: `${lines.join('\n')}\n`,
    });
    const body = (await r.json()) as any;
    expect(r.status, JSON.stringify(body).slice(0, 500)).toBe(201);
    expect(body).toMatchObject({ leafCount: 100_000, totals: [{ asset: 'tUSD', amount: '50000000' }] });
    const p = await call('GET', `/v1/liability-snapshots/${body.id}/proofs/csv-77`, token);
    expect(p.status).toBe(200);
    const v = verifyProof(p.body);
    expect(v.reasons).toEqual([]);
    expect(v.ok).toBe(true);
    expect(p.body.root.hash).toBe(body.root);
    expect(p.body.attestationId).toBeUndefined(); // not attested
  }, 120_000);

  it('drafts, collects signatures, refuses forgeries, publishes and records on chain; every proof verifies', async () => {
    const snap = await call('POST', '/v1/liability-snapshots', token, { asOf: '2026-12-01T00:00:00Z', rows });
    expect(snap.status, JSON.stringify(snap.body)).toBe(201);
    expect(snap.body).toMatchObject({ object: 'liability_snapshot', leafCount: 40 });
    expect(snap.body.totals).toEqual([
      { asset: 'tUSD', decimals: 6, amount: String(40 * 100 + (39 * 40) / 2 + 40 * 0.25) },
      { asset: 'tEUR', decimals: 6, amount: String(14 * 7) },
    ]);

    const draft = await call('POST', '/v1/attestations', token, {
      snapshotId: snap.body.id,
      chains: [{ chainId: 31337 }],
      extraReserves: [{ chainId: 31337, address: external.address }],
    });
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    const a = draft.body;
    expect(a).toMatchObject({ object: 'attestation', status: 'draft', signer: null, registry: null });
    expect(a.message).toBe(`Keel proof of reserves\nattestation: ${a.id}\ndigest: ${a.digest}`);
    // The digest is re-computable from what the attestation shows.
    const content = {
      id: a.id,
      createdAt: a.createdAt,
      liabilities: a.liabilities,
      reserves: a.reserves.map(({ signature: _s, ...r }: any) => r),
      ratio: a.ratio,
    };
    expect(keccak256(stringToHex(canonicalJson(content)))).toBe(a.digest);
    const byAddress = Object.fromEntries(a.reserveAddresses.map((x: any) => [x.address, x]));
    expect(byAddress[w.treasury]).toMatchObject({ holder: 'keel', signer: 'treasury', signed: true });
    expect(byAddress[external.address]).toMatchObject({ holder: 'external', signed: false });
    // Vault positions valued at the same block as the balances.
    const blocks = new Set(a.reserves.map((r: any) => r.blockNumber));
    expect(blocks.size).toBe(1);
    expect(a.reserves.some((r: any) => r.kind === 'vault' && r.account === w.treasury && r.vault === w.kv)).toBe(true);
    // The native coin of each reserve address, at that same block, named by the chain's nativeSymbol.
    const native = a.reserves.filter((r: any) => r.kind === 'native');
    expect(native.map((r: any) => r.account).sort()).toEqual(
      expect.arrayContaining([w.treasury, external.address].sort()),
    );
    for (const r of native) {
      expect(r).toMatchObject({ asset: 'ETH', decimals: 18, token: '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE' });
      const onChain = await w.client.getBalance({ address: r.account, blockNumber: BigInt(r.blockNumber) });
      expect(parseEther(r.amount), r.account).toBe(onChain);
    }
    expect(a.ratio.find((x: any) => x.asset === 'tUSD').ratio).toMatch(/^\d+\.\d{4}$/);

    const unsigned = await call('POST', `/v1/attestations/${a.id}/publish`, token, {});
    expect(unsigned.status).toBe(409);
    expect(unsigned.body).toMatchObject({ code: 'attestation_unsigned', missing: [external.address] });

    // A forged signature (another key), and a signature for an address that is not a reserve.
    const forger = privateKeyToAccount(users[1]!.privateKey);
    const forged = await forger.signMessage({ message: a.message });
    const f = await call('POST', `/v1/attestations/${a.id}/signatures`, token, {
      address: external.address,
      signature: forged,
    });
    expect(f.status).toBe(422);
    expect(f.body).toMatchObject({ code: 'reserve_signature_invalid', recovered: forger.address });
    const stranger = await call('POST', `/v1/attestations/${a.id}/signatures`, token, {
      address: forger.address,
      signature: forged,
    });
    expect(stranger.status).toBe(422);

    const good = await privateKeyToAccount(external.privateKey).signMessage({ message: a.message });
    const s = await call('POST', `/v1/attestations/${a.id}/signatures`, token, {
      address: external.address,
      signature: good,
    });
    expect(s.status, JSON.stringify(s.body)).toBe(200);
    expect(s.body.reserveAddresses.every((x: any) => x.signed)).toBe(true);

    // Tampering on the server side: a stored signature replaced by a forgery is refused at publish.
    const row = await w.db.db
      .selectFrom('attestations')
      .select('signatures')
      .where('id', '=', a.id)
      .executeTakeFirstOrThrow();
    const stored = typeof row.signatures === 'string' ? JSON.parse(row.signatures) : (row.signatures as any);
    await w.db.db
      .updateTable('attestations')
      .set({ signatures: JSON.stringify({ ...stored, [external.address.toLowerCase()]: forged }) })
      .where('id', '=', a.id)
      .execute();
    const tampered = await call('POST', `/v1/attestations/${a.id}/publish`, token, {});
    expect(tampered.status).toBe(422);
    expect(tampered.body.code).toBe('reserve_signature_invalid');
    await w.db.db
      .updateTable('attestations')
      .set({ signatures: JSON.stringify(stored) })
      .where('id', '=', a.id)
      .execute();
    expect((await call('GET', `/v1/public/attestations/${a.id}`, '')).status).toBe(404);

    const pub = await call('POST', `/v1/attestations/${a.id}/publish`, token, {});
    expect(pub.status, JSON.stringify(pub.body)).toBe(200);
    expect(pub.body).toMatchObject({
      status: 'published',
      signer: { address: attestationAccount.address },
      registry: { chainId: 31337, address: registry, status: 'pending' },
    });
    const again = await call('POST', `/v1/attestations/${a.id}/publish`, token, {});
    expect(again.body.code).toBe('attestation_not_draft');

    const recorded = await untilRecorded(w, token, a.id);
    expect(recorded.registry.status).toBe('recorded');
    const [root, totals, digest, publishedAt] = await w.client.readContract({
      address: registry,
      abi: registryAbi,
      functionName: 'recordOf',
      args: [keccak256(stringToHex(a.id))],
    });
    expect(root).toBe(snap.body.root);
    expect(digest).toBe(a.digest);
    expect(totals.map(String)).toEqual(['4790000000', '98000000']);
    expect(publishedAt).toBeGreaterThan(0n);

    // The public read: no key, the pinned shape.
    const pr = await fetch(`${w.keel.url}/v1/public/attestations/${a.id}`);
    expect(pr.status).toBe(200);
    const p = (await pr.json()) as any;
    expect(Object.keys(p).sort()).toEqual(
      [
        'object',
        'id',
        'status',
        'createdAt',
        'publishedAt',
        'liabilities',
        'reserves',
        'ratio',
        'message',
        'digest',
        'signer',
        'registry',
      ].sort(),
    );
    expect(p.registry).toEqual({
      chainId: 31337,
      address: registry,
      txHash: recorded.registry.txHash,
      rpcUrl: w.chain.rpcUrl,
    });
    expect(p.reserves.every((r: any) => /^0x[0-9a-f]{130}$/.test(r.signature))).toBe(true);
    const { recoverMessageAddress } = await import('viem');
    expect(await recoverMessageAddress({ message: p.message, signature: p.signer.signature as Hex })).toBe(
      attestationAccount.address,
    );

    // The standalone verifier accepts the public attestation and its on-chain record.
    const att = await verifyAttestation(p);
    expect(att.reasons).toEqual([]);
    const rec = matchRegistryRecord(
      await readRegistryRecord(w.chain.rpcUrl, { chainId: 31337, address: registry }, a.id),
      p,
    );
    expect(rec.reasons).toEqual([]);
    // …and re-reads every reserve line (native coin, balances, vault positions) at its block.
    const reread = await verifyReserves(p, w.chain.rpcUrl);
    expect(reread.reasons).toEqual([]);
    expect(reread.checked).toBe(p.reserves.length);
    expect(new Set(p.reserves.map((r: any) => r.kind))).toEqual(new Set(['native', 'balance', 'vault']));
    // A line the chain contradicts is named.
    const forgedLine = {
      ...p,
      reserves: p.reserves.map((r: any) => (r.kind === 'native' ? { ...r, amount: '1' } : r)),
    };
    expect((await verifyReserves(forgedLine, w.chain.rpcUrl)).reasons[0]).toMatch(/^reserve line native 1 ETH of 0x/);
    // Every user's proof verifies against the attested root.
    for (let i = 0; i < 40; i++) {
      const r = await call('GET', `/v1/liability-snapshots/${snap.body.id}/proofs/user-${i}`, token);
      expect(r.status).toBe(200);
      const v = verifyProof(r.body);
      expect(v.ok, v.reasons.join('; ')).toBe(true);
      expect(r.body.root.hash).toBe(p.liabilities.root);
      expect(r.body.attestationId).toBe(a.id); // the published attestation over the snapshot
      expect(matchProofToAttestation(r.body, p).reasons).toEqual([]);
    }
    const none = await call('GET', `/v1/liability-snapshots/${snap.body.id}/proofs/nobody`, token);
    expect(none.status).toBe(404);
    expect(none.body.code).toBe('proof_not_found');

    const types = (
      await w.db.db.selectFrom('events').select('type').where('type', 'like', '%attestation%').execute()
    ).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['attestation.created', 'attestation.published', 'attestation.recorded']),
    );
  }, 120_000);
});
