import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConfig } from '../config/load.ts';
import { findUpstreamError } from './errors.ts';
import { createChainRegistry, type ChainRegistry } from './registry.ts';
import { freePort, startAnvil, type Anvil } from './test-support.ts';

let anvil: Anvil;
let chains: ChainRegistry;
let metrics: Registry;
let deadUrl: string;

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31337 });
  deadUrl = `http://127.0.0.1:${await freePort()}/v3/SECRETKEY`;
  const config = buildConfig({
    secrets: { encryptionKey: Buffer.alloc(32, 3).toString('base64') },
    // The dead URL refuses at once; the deadline only has to cover anvil on a loaded machine, and the
    // cooldown must outlast the file so the dead endpoint still shows as cooling in a later test.
    rpc: { timeoutMs: 10_000, backoffBaseMs: 10, backoffMaxMs: 50, maxAttempts: 3, cooldownMs: 600_000 },
    chains: {
      '31337': { name: 'Anvil', rpcUrls: [deadUrl, 'ws://127.0.0.1:1', anvil.url], pollIntervalMs: 250 },
      // Configured as chain 31338 but served by the 31337 node: the wrong-network guard must refuse it.
      '31338': { name: 'Mislabelled', rpcUrls: [anvil.url] },
    },
  });
  metrics = new Registry();
  chains = createChainRegistry(config.chains, { registry: metrics });
});

afterAll(async () => {
  chains?.close();
  await anvil?.stop();
});

describe('createChainRegistry', () => {
  it('verifies every endpoint of every chain', async () => {
    const reports = await chains.verifyAll();
    expect(reports.map((r) => [r.chainId, r.ok])).toEqual([
      [31337, true],
      [31338, false],
    ]);
    expect(reports[0]?.endpoints.map((e) => e.status)).toEqual(['unreachable', 'disabled', 'ok']);
    expect(reports[1]?.endpoints).toEqual([{ url: anvil.url, status: 'wrong_chain', actualChainId: 31337 }]);
  });

  it('gives each chain a public client built from its config', async () => {
    const handle = chains.get(31337)!;
    expect(chains.get(1)).toBeUndefined();
    expect(chains.all().map((h) => h.chainId)).toEqual([31337, 31338]);
    expect(await handle.client.getChainId()).toBe(31337);
    expect(await handle.client.getBlockNumber({ cacheTime: 0 })).toBeGreaterThanOrEqual(0n);
    expect(handle.client.chain.contracts?.multicall3?.address).toBe(handle.config.multicall3);
    expect(handle.client.chain.nativeCurrency).toEqual({ name: 'ETH', symbol: 'ETH', decimals: 18 });
    expect(handle.client.batch?.multicall).toBe(false);
    expect(handle.client.transport.retryCount).toBe(0);
    expect(handle.client.pollingInterval).toBe(250);
    expect(JSON.stringify(handle.chain)).not.toContain('SECRETKEY');
    expect(handle.transport.endpoints().map((e) => e.status)).toEqual(['healthy', 'cooling', 'disabled']);
  });

  it('fails requests on a chain whose only endpoint serves another chain', async () => {
    const err = await chains
      .get(31338)!
      .client.getBlockNumber({ cacheTime: 0 })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(findUpstreamError(err)?.code).toBe('rpc_unavailable');
  });

  it('reports both chains under redacted endpoint labels', async () => {
    const text = await metrics.metrics();
    expect(text).toMatch(/keel_rpc_endpoint_up\{chain_id="31337",endpoint="http:\/\/127\.0\.0\.1:\d+\/…"\} 0/);
    expect(text).toContain(`keel_rpc_errors_total{chain_id="31338",endpoint="${anvil.url}",kind="wrong_chain"} 1`);
    expect(text).not.toContain('SECRETKEY');
  });
});
