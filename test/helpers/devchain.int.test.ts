import { describe, expect, it } from 'vitest';
import { devClient } from '../../src/devnet/client.ts';
import { freePort, startTestChain } from './devchain.ts';

describe('startTestChain', () => {
  it('gives independent chains with the demo world on free ports, quickly', async () => {
    const t0 = Date.now();
    const [a, b] = await Promise.all([startTestChain(), startTestChain({ chainId: 31338 })]);
    try {
      console.log(`two test chains ready in ${Date.now() - t0} ms`);
      expect(a.port).not.toBe(b.port);
      expect([a.port, b.port]).not.toContain(8545);
      expect(await devClient(b.rpcUrl).getChainId()).toBe(31338);
      expect(a.world.contracts).toEqual(b.world.contracts);
      expect(await devClient(a.rpcUrl).getAutomine()).toBe(true);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(() => process.kill(a.pid, 0)).toThrow();
  });

  it('freePort returns distinct usable ports', async () => {
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    for (const p of ports) expect(p).toBeGreaterThan(1024);
  });
});
