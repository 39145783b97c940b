import type { Abi, Address, Hex } from 'viem';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { users } from '../devnet/accounts.ts';
import { devClient, type DevClient } from '../devnet/client.ts';
import { erc20Abi } from './abis.ts';
import { loadArtifacts } from './compile.ts';

/** KeelBatchPayout on anvil (the demo world deploys it): who can spend, all or nothing, gas per new recipient. */
describe('KeelBatchPayout', () => {
  let chain: TestChain;
  let client: DevClient;
  let abi: Abi;
  let batch: Address;
  let tUSD: Address;
  const fresh = () => privateKeyToAccount(generatePrivateKey()).address;
  const balance = (who: Address) =>
    client.readContract({ address: tUSD, abi: erc20Abi, functionName: 'balanceOf', args: [who] });
  const send = async (from: Address, to: Address, a: Abi, functionName: string, args: unknown[]) => {
    const hash = await client.writeContract({
      account: from,
      chain: null,
      address: to,
      abi: a,
      functionName,
      args,
    } as never);
    return client.waitForTransactionReceipt({ hash: hash as Hex });
  };

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    abi = loadArtifacts().contracts.KeelBatchPayout.abi;
    batch = chain.world.contracts.batchPayout;
    tUSD = chain.world.contracts.tUSD;
  });
  afterAll(async () => chain?.stop());

  it('pays every line from the caller, and an allowance given to it serves only its owner', async () => {
    const [payer, stranger] = [users[0]!.address, users[1]!.address];
    await send(payer, tUSD, erc20Abi, 'approve', [batch, 300n]);
    const [r1, r2] = [fresh(), fresh()];
    const receipt = await send(payer, batch, abi, 'payout', [tUSD, [r1, r2], [100n, 200n]]);
    expect(receipt.status).toBe('success');
    expect([await balance(r1), await balance(r2)]).toEqual([100n, 200n]);
    // The payer approves again; a stranger's call moves the stranger's own tokens only: it has no
    // allowance, so it reverts, and the payer's allowance is untouched.
    await send(payer, tUSD, erc20Abi, 'approve', [batch, 1_000n]);
    await expect(
      client.simulateContract({
        account: stranger,
        address: batch,
        abi,
        functionName: 'payout',
        args: [tUSD, [stranger], [1_000n]],
      }),
    ).rejects.toThrow(/TransferFailed/);
    expect(
      await client.readContract({ address: tUSD, abi: erc20Abi, functionName: 'allowance', args: [payer, batch] }),
    ).toBe(1_000n);
  });

  it('reverts the whole batch when one transfer fails, naming the line', async () => {
    const payer = users[2]!.address;
    await send(payer, tUSD, erc20Abi, 'approve', [batch, 500n]);
    const rs = [fresh(), fresh(), fresh()];
    // The third line is over the allowance: nothing is paid.
    await expect(
      client.simulateContract({
        account: payer,
        address: batch,
        abi,
        functionName: 'payout',
        args: [tUSD, rs, [100n, 100n, 301n]],
      }),
    ).rejects.toThrow(/TransferFailed/);
    await expect(
      client.simulateContract({ account: payer, address: batch, abi, functionName: 'payout', args: [tUSD, rs, [1n]] }),
    ).rejects.toThrow(/LengthMismatch/);
    for (const r of rs) expect(await balance(r)).toBe(0n);
  });

  it('costs about 27–29k gas per new recipient', async () => {
    const payer = users[3]!.address;
    await send(payer, tUSD, erc20Abi, 'approve', [batch, 10n ** 12n]);
    const gasFor = async (n: number) => {
      const rs = Array.from({ length: n }, fresh);
      const r = await send(payer, batch, abi, 'payout', [tUSD, rs, rs.map(() => 1_000n)]);
      return r.gasUsed;
    };
    const one = await gasFor(1);
    const many = await gasFor(101);
    const perRecipient = Number(many - one) / 100;
    console.log(`KeelBatchPayout: ${perRecipient} gas per new recipient (1 recipient: ${one})`);
    expect(perRecipient).toBeGreaterThan(22_100); // the cold write of a new balance is the floor
    expect(perRecipient).toBeLessThan(29_000);
  });
});
