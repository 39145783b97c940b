import { parseEther } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { deploySimpleAccountFactory, toSimpleAccountV08 } from '../../test/helpers/simple-account.ts';
import { buildConfig } from '../config/load.ts';
import { deployer } from '../devnet/accounts.ts';
import { devClient } from '../devnet/client.ts';
import { createChainRegistry, type ChainRegistry } from './registry.ts';

/** `chains[].bundlerUrls`: the chain layer's bundler client over the redundant transport, failing over a dead URL. */
describe('chain bundler (bundlerUrls)', () => {
  let chain: TestChain;
  let chains: ChainRegistry;
  let deadUrl: string;

  beforeAll(async () => {
    chain = await startTestChain();
    const bundler = await chain.bundler();
    deadUrl = `http://127.0.0.1:${await freePort()}/rpc/SECRETKEY`;
    const config = buildConfig({
      secrets: { encryptionKey: Buffer.alloc(32, 3).toString('base64') },
      rpc: { backoffBaseMs: 10, backoffMaxMs: 50, cooldownMs: 600_000 },
      chains: {
        [String(chain.chainId)]: {
          name: 'Test',
          rpcUrls: [chain.rpcUrl],
          bundlerUrls: [deadUrl, bundler.url],
          pollIntervalMs: 100,
        },
      },
    });
    chains = createChainRegistry(config.chains);
  });
  afterAll(async () => {
    chains?.close();
    await chain?.stop();
  });

  it('is absent for a chain without bundlerUrls', () => {
    const config = buildConfig({
      secrets: { encryptionKey: Buffer.alloc(32, 3).toString('base64') },
      chains: { '1': { name: 'No bundler', rpcUrls: ['http://127.0.0.1:1'] } },
    });
    const r = createChainRegistry(config.chains);
    expect(r.get(1)!.bundler).toBeUndefined();
    r.close();
  });

  it('reaches the bundler past a dead endpoint, which is then ranked last', async () => {
    const bundler = chains.get(chain.chainId)!.bundler!;
    expect(await bundler.client().getSupportedEntryPoints()).toEqual([chain.world.contracts.entryPoint]);
    const [first, second] = bundler.transport.endpoints();
    expect(first).toMatchObject({ status: 'healthy', chainVerified: true });
    expect(second).toMatchObject({ status: 'cooling' });
    // The secret path of the URL never appears in what operators see.
    expect(JSON.stringify(bundler.transport.endpoints())).not.toContain('SECRETKEY');
  });

  it('carries a user operation through the failover transport', async () => {
    const handle = chains.get(chain.chainId)!;
    const client = devClient(chain.rpcUrl);
    const entryPoint = chain.world.contracts.entryPoint;
    const factory = await deploySimpleAccountFactory(client, entryPoint);
    const account = await toSimpleAccountV08({
      client: handle.client,
      owner: privateKeyToAccount(generatePrivateKey()),
      factory,
      entryPoint,
    });
    const funding = await client.sendTransaction({
      account: deployer.address,
      chain: null,
      to: await account.getAddress(),
      value: parseEther('1'),
    });
    await client.waitForTransactionReceipt({ hash: funding });
    const bundlerClient = handle.bundler!.client({ account });
    const to = privateKeyToAccount(generatePrivateKey()).address;
    const hash = await bundlerClient.sendUserOperation({ calls: [{ to, value: 7n }] });
    const receipt = await bundlerClient.waitForUserOperationReceipt({ hash, timeout: 60_000 });
    expect(receipt.success).toBe(true);
    expect(await client.getBalance({ address: to })).toBe(7n);
  });
});
