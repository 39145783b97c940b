import { createPublicClient, createWalletClient, defineChain, erc20Abi, http, getAddress } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { startTestChain } from '../test/helpers/devchain.ts';
const chain = await startTestChain();
const account = privateKeyToAccount('0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d');
const c = defineChain({ id: chain.chainId, name: 'b', nativeCurrency: { name: 'E', symbol: 'E', decimals: 18 }, rpcUrls: { default: { http: [chain.rpcUrl] } } });
let calls = 0;
const transport = http(chain.rpcUrl, { batch: false, onFetchRequest: () => void calls++ });
const w = createWalletClient({ account, chain: c, transport, pollingInterval: 50 });
const r = createPublicClient({ chain: c, transport, pollingInterval: 50 });
const mode = process.argv[2] ?? 'wait';
let t = performance.now(); let c0 = 0;
for (let i = 0; i < 1500; i++) {
  const to = getAddress(`0xbe7c${(i + 1).toString(16).padStart(36, '0')}`);
  const hash = await w.writeContract({ address: chain.world.contracts.tUSD, abi: erc20Abi, functionName: 'transfer', args: [to, 1000000n] });
  if (mode === 'wait') await r.waitForTransactionReceipt({ hash });
  else { for (;;) { const rc = await r.request({ method: 'eth_getTransactionReceipt', params: [hash] }); if (rc) break; await new Promise((x) => setTimeout(x, 2)); } }
  if ((i + 1) % 250 === 0) { const now = performance.now(); console.log(mode, i + 1, `${(250 / ((now - t) / 1000)).toFixed(0)} tx/s`, `${((calls - c0) / 250).toFixed(1)} calls/tx`); t = now; c0 = calls; }
}
await chain.stop();
