import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, erc20Abi, http, parseUnits, type Address } from 'viem';
import { testDatabase, type TestDatabase } from './helpers/db.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './helpers/keel.ts';
import { api, pipelinePolicy, statusIs, waitForTx } from './helpers/pipeline.ts';

let chain: TestChain;
let db: TestDatabase;
let keel: TestKeel;
let base: string;
let token: string;
const recipient = '0x1111111111111111111111111111111111111111' as Address;

beforeAll(async () => {
  [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
  const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }], {
    policy: { document: pipelinePolicy(chain) },
    pipeline: { pollIntervalMs: 100, stuckAfterSeconds: 3600, nonceCheckSeconds: 3600 },
    chains: { [chain.chainId]: { confirmations: 1, pollIntervalMs: 100 } },
  });
  keel = await startTestKeel(config, db, 'all');
  base = keel.url!;
  token = keel.adminToken;
}, 60_000);

afterAll(async () => {
  await keel?.stop();
  await Promise.all([chain?.stop(), db?.close()]);
});

describe('POST /v1/transactions', () => {
  it('sends an ERC-20 transfer end to end', async () => {
    const client = createPublicClient({ transport: http(chain.rpcUrl) });
    const before = await client.readContract({ address: chain.world.contracts.tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [recipient] });
    const r = await api(base, token, 'POST', '/v1/transactions', { chainId: chain.chainId, signer: 'treasury', kind: 'transfer', to: recipient, asset: 'tUSD', amount: '125.5', userId: 'u1' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('queued');
    const tx = await waitForTx(base, token, r.body.id, statusIs('confirmed'));
    console.log(JSON.stringify(tx, null, 1).slice(0, 3000));
    const after = await client.readContract({ address: chain.world.contracts.tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [recipient] });
    expect(after - before).toBe(parseUnits('125.5', 6));
  });
});
