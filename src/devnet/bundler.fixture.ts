// Test fixture for bundler.int.test.ts: a parent process that starts a bundler beside a given
// chain, prints the bundler's pid, then waits to be killed (kill -9: its hooks cannot run).
// Run: node --import tsx bundler.fixture.ts <rpcUrl> <chainId> <entryPoint> <port>
import type { Address } from 'viem';
import { startBundler } from './bundler.ts';

const [rpcUrl, chainId, entryPoint, port] = process.argv.slice(2);
const bundler = await startBundler({
  rpcUrl: rpcUrl!,
  chainId: Number(chainId),
  entryPoint: entryPoint as Address,
  port: Number(port),
});
process.stdout.write(`${bundler.pid}\n`);
setInterval(() => {}, 1_000);
