import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  BaseError,
  ContractFunctionRevertedError,
  createWalletClient,
  decodeErrorResult,
  defineChain,
  encodeFunctionData,
  getAddress,
  http,
  parseEther,
  parseEventLogs,
  parseUnits,
  zeroAddress,
  type Abi,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config/load.ts';
import { erc20Abi, keelDepositFactoryAbi, keelDepositForwarderAbi } from '../src/contracts/abis.ts';
import { compileSolidity, type ContractArtifact } from '../src/contracts/compile.ts';
import { deployer, operations, treasury, users } from '../src/devnet/accounts.ts';
import { devClient, sendDevTx, type DevClient } from '../src/devnet/client.ts';
import { deployDemoWorld, inspectDemoWorld } from '../src/devnet/world.ts';
import { depositAddress, depositSalt, forwarderInitCodeHash } from '../src/payments/deposit-address.ts';
import { startTestChain, type TestChain } from './helpers/devchain.ts';

/**
 * Deposit addresses on real anvil chains with the demo world: KeelDepositFactory at the same
 * address on 31337 and 31338, payers paying addresses that have no code yet, and the
 * operator sweeping them to the treasury.
 */

interface Side {
  chain: TestChain;
  client: DevClient;
  factory: Address;
  tUSD: Address;
  /** A separate end-user wallet that signs its own transactions (no unlocked account). */
  payer: ReturnType<typeof payerWallet>;
}

function payerWallet(chain: TestChain) {
  const viemChain = defineChain({
    id: chain.chainId,
    name: `test ${chain.chainId}`,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [chain.rpcUrl] } },
  });
  return createWalletClient({
    account: privateKeyToAccount(users[0]!.privateKey),
    chain: viemChain,
    transport: http(chain.rpcUrl),
  });
}

/** A fresh, unique payment intent id per call, so tests never share a deposit address. */
const newIntentId = () => `pi_test_${randomBytes(8).toString('hex')}`;

function logsOf(receipt: TransactionReceipt) {
  return parseEventLogs({ abi: keelDepositFactoryAbi, logs: receipt.logs });
}

/** The custom error a reverted call carried, decoded (name and arguments). */
async function revertOf(p: Promise<unknown>): Promise<{ errorName: string; args: readonly unknown[] }> {
  try {
    await p;
  } catch (err) {
    const reverted = err instanceof BaseError ? err.walk((e) => e instanceof ContractFunctionRevertedError) : null;
    if (reverted instanceof ContractFunctionRevertedError && reverted.data) {
      return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
    }
    throw err;
  }
  throw new Error('expected the call to revert');
}

describe('deposit addresses on two dev chains', () => {
  const sides: Side[] = [];
  let a: Side;
  let b: Side;
  let testTokens: { PausableTestToken: ContractArtifact; NoReturnTestToken: ContractArtifact };
  const gas: Record<string, bigint> = {};

  beforeAll(async () => {
    const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
    const [chainA, chainB, compiled] = await Promise.all([
      startTestChain({ chainId: 31337 }),
      startTestChain({ chainId: 31338 }),
      compileSolidity(
        {
          'PausableTestToken.sol': fixture('PausableTestToken.sol'),
          'NoReturnTestToken.sol': fixture('NoReturnTestToken.sol'),
        },
        ['PausableTestToken', 'NoReturnTestToken'] as const,
      ),
    ]);
    testTokens = compiled.contracts;
    for (const chain of [chainA, chainB]) {
      const c = chain.world.contracts;
      sides.push({
        chain,
        client: devClient(chain.rpcUrl),
        factory: c.depositFactory,
        tUSD: c.tUSD,
        payer: payerWallet(chain),
      });
    }
    [a, b] = sides as [Side, Side];
  });

  afterAll(async () => {
    await Promise.all(sides.map((s) => s.chain.stop()));
    if (Object.keys(gas).length > 0) {
      console.log(
        `deposit sweep gas: ${Object.entries(gas)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ')}`,
      );
    }
  });

  const balanceOf = (s: Side, token: Address, owner: Address) =>
    s.client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });
  const codeAt = async (s: Side, address: Address) => (await s.client.getCode({ address })) ?? '0x';
  const pay = async (s: Side, token: Address, to: Address, amount: bigint) => {
    const hash = await s.payer.writeContract({
      address: token,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [to, amount],
    });
    const receipt = await s.client.waitForTransactionReceipt({ hash });
    expect(receipt.status).toBe('success');
    return receipt;
  };
  /** The operator (an unlocked dev account, as Keel's operations signer) sweeps, unless `from` says otherwise. */
  const sweep = (s: Side, salts: Hex[], tokens: Address[], from: Address = operations.address) =>
    sendDevTx(s.client, {
      label: `sweep ${salts.length}`,
      from,
      to: s.factory,
      data:
        salts.length === 1
          ? encodeFunctionData({ abi: keelDepositFactoryAbi, functionName: 'sweep', args: [salts[0]!, tokens] })
          : encodeFunctionData({ abi: keelDepositFactoryAbi, functionName: 'sweepMany', args: [salts, tokens] }),
    });

  it('the factory is at one address on both chains, with the dev treasury and operations signers', async () => {
    expect(a.factory).toBe(b.factory);
    const cfg = loadConfig({ file: 'config/development.yaml', vars: {} });
    const signer = (role: string) => {
      const s = cfg.signers.find((x) => x.role === role);
      if (s?.type !== 'local_dev') throw new Error(`no local_dev ${role} signer in config/development.yaml`);
      return privateKeyToAccount(s.privateKey as Hex).address;
    };
    for (const s of sides) {
      expect(await codeAt(s, s.factory)).not.toBe('0x');
      const read = <F extends 'treasury' | 'operator'>(functionName: F) =>
        s.client.readContract({ address: s.factory, abi: keelDepositFactoryAbi, functionName });
      expect(await read('treasury')).toBe(signer('treasury'));
      expect(await read('operator')).toBe(signer('operations'));
      expect(await read('treasury')).toBe(treasury.address);
      expect(await read('operator')).toBe(operations.address);
      const hash = await s.client.readContract({
        address: s.factory,
        abi: keelDepositFactoryAbi,
        functionName: 'FORWARDER_INIT_CODE_HASH',
      });
      expect(hash).toBe(forwarderInitCodeHash());
    }
  });

  it('the off-chain deposit address equals forwarderAddress on both chains', async () => {
    for (const id of [newIntentId(), newIntentId(), 'pi_é_unicode']) {
      const expected = depositAddress(a.factory, id);
      for (const s of sides) {
        const onChain = await s.client.readContract({
          address: s.factory,
          abi: keelDepositFactoryAbi,
          functionName: 'forwarderAddress',
          args: [depositSalt(id)],
        });
        expect(onChain).toBe(expected);
      }
    }
  });

  it('a payment to an address without code is swept to the treasury, on each chain, and the forwarder is deployed there', async () => {
    const id = newIntentId();
    const address = depositAddress(a.factory, id);
    const salt = depositSalt(id);
    for (const [i, s] of sides.entries()) {
      const amount = parseUnits('123.45', 6) + BigInt(i);
      expect(await codeAt(s, address)).toBe('0x');
      const paid = await pay(s, s.tUSD, address, amount);
      gas.plainTransfer = paid.gasUsed;
      expect(await balanceOf(s, s.tUSD, address)).toBe(amount);
      const before = await balanceOf(s, s.tUSD, treasury.address);

      const receipt = await sweep(s, [salt], [s.tUSD, s.chain.world.contracts.tEUR]);
      gas.firstSweep = receipt.gasUsed;
      expect(await balanceOf(s, s.tUSD, treasury.address)).toBe(before + amount);
      expect(await balanceOf(s, s.tUSD, address)).toBe(0n);
      expect(await codeAt(s, address)).not.toBe('0x');
      expect(await s.client.readContract({ address, abi: keelDepositForwarderAbi, functionName: 'factory' })).toBe(
        s.factory,
      );
      // One deployment and one Swept for tUSD; nothing for tEUR, which the address never held.
      expect(logsOf(receipt).map((l) => [l.eventName, l.args])).toEqual([
        ['ForwarderDeployed', { salt, forwarder: address }],
        ['Swept', { salt, forwarder: address, token: s.tUSD, amount }],
      ]);
    }
  });

  it('a second payment to a deployed forwarder is swept without deploying again; an empty sweep emits nothing', async () => {
    const id = newIntentId();
    const address = depositAddress(a.factory, id);
    const salt = depositSalt(id);
    await pay(a, a.tUSD, address, parseUnits('10', 6));
    await sweep(a, [salt], [a.tUSD]);

    const second = parseUnits('7.5', 6);
    await pay(a, a.tUSD, address, second);
    const before = await balanceOf(a, a.tUSD, treasury.address);
    const receipt = await sweep(a, [salt], [a.tUSD]);
    gas.repeatSweep = receipt.gasUsed;
    expect(logsOf(receipt).map((l) => [l.eventName, l.args])).toEqual([
      ['Swept', { salt, forwarder: address, token: a.tUSD, amount: second }],
    ]);
    expect(await balanceOf(a, a.tUSD, treasury.address)).toBe(before + second);

    const empty = await sweep(a, [salt], [a.tUSD, a.chain.world.contracts.tEUR, a.chain.world.contracts.WETH]);
    expect(empty.status).toBe('success');
    expect(empty.logs).toEqual([]);
  });

  it('native coin sent before and after deployment is swept to the treasury', async () => {
    const id = newIntentId();
    const address = depositAddress(a.factory, id);
    const salt = depositSalt(id);
    const sendEth = async (value: bigint) => {
      const hash = await a.payer.sendTransaction({ to: address, value });
      expect((await a.client.waitForTransactionReceipt({ hash })).status).toBe('success');
    };
    for (const value of [parseEther('0.25'), parseEther('0.125')]) {
      await sendEth(value); // first before any code is there, then into the forwarder's receive()
      const before = await a.client.getBalance({ address: treasury.address });
      const receipt = await sweep(a, [salt], []); // the native coin needs no listing
      const swept = logsOf(receipt).filter((l) => l.eventName === 'Swept');
      expect(swept.map((l) => l.args)).toEqual([{ salt, forwarder: address, token: zeroAddress, amount: value }]);
      // The operator pays the gas, so the treasury gains exactly the payment.
      expect(await a.client.getBalance({ address: treasury.address })).toBe(before + value);
      expect(await a.client.getBalance({ address })).toBe(0n);
    }
  });

  it('only the operator or the treasury can sweep, and only the factory can move a forwarder’s funds', async () => {
    const id = newIntentId();
    const address = depositAddress(a.factory, id);
    const salt = depositSalt(id);
    await pay(a, a.tUSD, address, parseUnits('5', 6));
    await sweep(a, [salt], [a.tUSD]); // deploys the forwarder
    const held = parseUnits('3', 6);
    await pay(a, a.tUSD, address, held);

    const attacker = users[1]!.address;
    for (const caller of [attacker, deployer.address]) {
      const failure = await revertOf(
        a.client.simulateContract({
          account: caller,
          address: a.factory,
          abi: keelDepositFactoryAbi,
          functionName: 'sweep',
          args: [salt, [a.tUSD]],
        }),
      );
      expect(failure).toEqual({ errorName: 'NotSweeper', args: [caller] });
    }
    const many = await revertOf(
      a.client.simulateContract({
        account: attacker,
        address: a.factory,
        abi: keelDepositFactoryAbi,
        functionName: 'sweepMany',
        args: [[salt], [a.tUSD]],
      }),
    );
    expect(many.errorName).toBe('NotSweeper');
    // Straight to the forwarder, naming another recipient: refused, even for the operator.
    for (const caller of [attacker, operations.address]) {
      const direct = await revertOf(
        a.client.simulateContract({
          account: caller,
          address,
          abi: keelDepositForwarderAbi,
          functionName: 'sweep',
          args: [a.tUSD, caller],
        }),
      );
      expect(direct).toEqual({ errorName: 'NotFactory', args: [caller] });
    }
    // A real transaction, not only a simulation: it reverts on chain and moves nothing.
    const hash = await a.payer.writeContract({
      address,
      abi: keelDepositForwarderAbi,
      functionName: 'sweep',
      args: [a.tUSD, users[0]!.address],
      gas: 200_000n,
    });
    expect((await a.client.waitForTransactionReceipt({ hash })).status).toBe('reverted');
    expect(await balanceOf(a, a.tUSD, address)).toBe(held);
  });

  it('the treasury can sweep too (the recovery path when the operator key is lost); the funds still land in the treasury', async () => {
    const ids = [newIntentId(), newIntentId()];
    const addresses = ids.map((id) => depositAddress(a.factory, id));
    const value = parseUnits('7', 6);
    for (const address of addresses) await pay(a, a.tUSD, address, value);
    const before = await balanceOf(a, a.tUSD, treasury.address);
    const one = await sweep(a, [depositSalt(ids[0]!)], [a.tUSD], treasury.address);
    expect(one.from.toLowerCase()).toBe(treasury.address.toLowerCase());
    expect(await balanceOf(a, a.tUSD, treasury.address)).toBe(before + value);
    const many = await sweep(a, ids.map(depositSalt), [a.tUSD], treasury.address);
    expect(many.status).toBe('success');
    expect(await balanceOf(a, a.tUSD, treasury.address)).toBe(before + 2n * value);
    for (const address of addresses) expect(await balanceOf(a, a.tUSD, address)).toBe(0n);
  });

  it('a token whose transfer reverts does not block the others; a token without a return value is swept', async () => {
    const deploy = async (art: ContractArtifact, args: unknown[]) => {
      const hash = await a.client.deployContract({
        abi: art.abi,
        bytecode: art.bytecode,
        args,
        account: deployer.address,
        chain: null,
      });
      const receipt = await a.client.waitForTransactionReceipt({ hash });
      return getAddress(receipt.contractAddress!);
    };
    const paused = await deploy(testTokens.PausableTestToken, [deployer.address]);
    const noReturn = await deploy(testTokens.NoReturnTestToken, []);
    const ownerCall = async (token: Address, abi: Abi, functionName: string, args: unknown[] = []) =>
      sendDevTx(a.client, {
        label: functionName,
        from: deployer.address,
        to: token,
        data: encodeFunctionData({ abi, functionName, args }),
      });
    const pauseAbi = testTokens.PausableTestToken.abi;
    const noReturnAbi = testTokens.NoReturnTestToken.abi;

    const id = newIntentId();
    const address = depositAddress(a.factory, id);
    const salt = depositSalt(id);
    await ownerCall(paused, pauseAbi, 'mint', [address, 100n]);
    await ownerCall(noReturn, noReturnAbi, 'mint', [address, 200n]);
    await pay(a, a.tUSD, address, 50n);
    await ownerCall(paused, pauseAbi, 'pause');

    const receipt = await sweep(a, [salt], [paused, noReturn, a.tUSD]);
    const logs = logsOf(receipt);
    expect(logs.map((l) => l.eventName)).toEqual(['ForwarderDeployed', 'SweepFailed', 'Swept', 'Swept']);
    const failed = logs[1]!;
    if (failed.eventName !== 'SweepFailed') throw new Error('unreachable');
    expect([failed.args.salt, failed.args.forwarder, failed.args.token]).toEqual([salt, address, paused]);
    expect(decodeErrorResult({ abi: pauseAbi, data: failed.args.reason }).errorName).toBe('EnforcedPause');
    expect(logs.slice(2).map((l) => l.args)).toEqual([
      { salt, forwarder: address, token: noReturn, amount: 200n },
      { salt, forwarder: address, token: a.tUSD, amount: 50n },
    ]);
    const noReturnBalance = (owner: Address) =>
      a.client.readContract({ address: noReturn, abi: erc20Abi, functionName: 'balanceOf', args: [owner] });
    expect(await noReturnBalance(treasury.address)).toBe(200n);
    expect(await balanceOf(a, paused, address)).toBe(100n); // stays put while paused

    await ownerCall(paused, pauseAbi, 'unpause');
    const retry = await sweep(a, [salt], [paused, noReturn, a.tUSD]);
    expect(logsOf(retry).map((l) => [l.eventName, l.args])).toEqual([
      ['Swept', { salt, forwarder: address, token: paused, amount: 100n }],
    ]);
    expect(await balanceOf(a, paused, treasury.address)).toBe(100n);
  });

  it('sweepMany over 20 deposit addresses: first deploy + sweep, then repeat sweeps (gas per address)', async () => {
    const ids = Array.from({ length: 20 }, newIntentId);
    const salts = ids.map(depositSalt);
    const addresses = ids.map((id) => depositAddress(b.factory, id));
    const amounts = ids.map((_, i) => parseUnits('1', 6) + BigInt(i) * 1_000n);
    const total = amounts.reduce((x, y) => x + y, 0n);

    const round = async (expectDeploys: boolean) => {
      for (const [i, to] of addresses.entries()) await pay(b, b.tUSD, to, amounts[i]!);
      const before = await balanceOf(b, b.tUSD, treasury.address);
      const receipt = await sweep(b, salts, [b.tUSD]);
      const logs = logsOf(receipt);
      expect(logs.filter((l) => l.eventName === 'ForwarderDeployed')).toHaveLength(expectDeploys ? 20 : 0);
      expect(logs.filter((l) => l.eventName === 'Swept').map((l) => [l.args.forwarder, l.args.amount])).toEqual(
        addresses.map((addr, i) => [addr, amounts[i]]),
      );
      expect(await balanceOf(b, b.tUSD, treasury.address)).toBe(before + total);
      for (const addr of addresses) expect(await codeAt(b, addr)).not.toBe('0x');
      return receipt.gasUsed;
    };
    const first = await round(true);
    const repeat = await round(false);
    gas.manyFirstPerAddress = first / 20n;
    gas.manyRepeatPerAddress = repeat / 20n;
    console.log(
      `sweepMany x20 (one token): first deploy+sweep ${first} gas (${first / 20n}/address), ` +
        `repeat sweep ${repeat} gas (${repeat / 20n}/address); a plain tUSD transfer costs ${gas.plainTransfer ?? '?'} gas`,
    );
    expect(first).toBeGreaterThan(repeat);
  });

  it('a dev chain saved before the deposit factory existed gets it added, nothing else changes', async () => {
    // Make chain B look like a world from an older Keel: no code, no nonce at the factory.
    await b.client.setCode({ address: b.factory, bytecode: '0x' });
    await b.client.setNonce({ address: b.factory, nonce: 0 });
    expect(await inspectDemoWorld(b.chain.rpcUrl)).toEqual({ status: 'outdated', missing: ['depositFactory'] });
    const lines: string[] = [];
    const world = await deployDemoWorld(b.chain.rpcUrl, { log: (l) => lines.push(l) });
    expect(world).toEqual(b.chain.world);
    expect(lines.join('\n')).toMatch(/added depositFactory/);
    expect(await inspectDemoWorld(b.chain.rpcUrl)).toEqual({ status: 'complete' });
    expect(
      await b.client.readContract({ address: b.factory, abi: keelDepositFactoryAbi, functionName: 'treasury' }),
    ).toBe(treasury.address);
  });
});
