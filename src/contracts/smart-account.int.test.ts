import { encodeFunctionData, parseEther, type Address, type Hex } from 'viem';
import { entryPoint08Abi } from 'viem/account-abstraction';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import {
  draftOp,
  opEvents,
  sendHandleOps,
  signOp,
  simulateHandleOps,
  sponsor,
  type OpDraft,
} from '../../test/helpers/user-ops.ts';
import { deployer, paymasterSigner, users } from '../devnet/accounts.ts';
import { devClient, type DevClient } from '../devnet/client.ts';
import { DEMO_SEED, type DemoContracts } from '../devnet/world-plan.ts';
import { deployDemoWorld, inspectDemoWorld } from '../devnet/world.ts';
import { SESSION_VIOLATIONS, type SessionScope } from '../smart-accounts/session-scope-logic.ts';
import { paymasterHash } from '../smart-accounts/user-operation-logic.ts';
import { erc20Abi, keelTestTokenAbi } from './abis.ts';
import { keelPaymasterAbi, keelSmartAccountAbi, keelSmartAccountFactoryAbi } from './smart-account-abis.ts';
import { toPackedUserOperation, type UserOperation } from 'viem/account-abstraction';

/**
 * KeelSmartAccount (owner + session keys), its factory and KeelPaymaster on the demo world's
 * EntryPoint v0.8: operations go straight to handleOps from a dev EOA (the beneficiary).
 */
describe('KeelSmartAccount, KeelSmartAccountFactory and KeelPaymaster', () => {
  let chain: TestChain;
  let client: DevClient;
  let c: DemoContracts;
  let ep: Address;
  const bundler = deployer.address;
  const gas: Record<string, bigint> = {};
  const fresh = () => privateKeyToAccount(generatePrivateKey()).address;
  const transfer = (token: Address, to: Address, amount: bigint) => ({
    target: token,
    value: 0n,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
  });
  const approve = (token: Address, to: Address, amount: bigint) => ({
    target: token,
    value: 0n,
    data: encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [to, amount] }),
  });
  type Call = { target: Address; value: bigint; data: Hex };
  const execute = (call: Call) =>
    encodeFunctionData({
      abi: keelSmartAccountAbi,
      functionName: 'execute',
      args: [call.target, call.value, call.data],
    });
  const batch = (calls: Call[]) =>
    encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'executeBatch', args: [calls] });
  const balance = (token: Address, who: Address) =>
    client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] });
  const mint = async (to: Address, amount: bigint) => {
    const hash = await client.writeContract({
      account: deployer.address,
      chain: null,
      address: c.tUSD,
      abi: keelTestTokenAbi,
      functionName: 'mint',
      args: [to, amount],
    });
    await client.waitForTransactionReceipt({ hash });
  };
  const now = async () => Number((await client.getBlock()).timestamp);

  /** A counterfactual account of a fresh owner key (not deployed). */
  const newAccount = async (salt = 0n) => {
    const ownerKey = generatePrivateKey();
    const owner = privateKeyToAccount(ownerKey).address;
    const address = await client.readContract({
      address: c.smartAccountFactory,
      abi: keelSmartAccountFactoryAbi,
      functionName: 'getAddress',
      args: [owner, salt],
    });
    const factoryData = encodeFunctionData({
      abi: keelSmartAccountFactoryAbi,
      functionName: 'createAccount',
      args: [owner, salt],
    });
    return { ownerKey, owner, address, factoryData };
  };
  type Acct = Awaited<ReturnType<typeof newAccount>>;

  /** Sends ops and expects each to succeed; returns the handleOps receipt. */
  const run = async (...ops: Awaited<ReturnType<typeof signOp>>[]) => {
    expect(await simulateHandleOps(client, ep, ops, bundler)).toBeUndefined();
    const receipt = await sendHandleOps(client, ep, ops, bundler);
    expect(receipt.status).toBe('success');
    const events = opEvents(receipt);
    expect(events.map((e) => e.success)).toEqual(ops.map(() => true));
    return receipt;
  };
  const ownerOp = async (a: Acct, draft: Promise<OpDraft> | OpDraft) =>
    signOp(await draft, a.ownerKey, 'owner', ep, chain.chainId);

  beforeAll(async () => {
    chain = await startTestChain();
    client = devClient(chain.rpcUrl);
    c = chain.world.contracts;
    ep = c.entryPoint;
  });
  afterAll(async () => {
    if (Object.keys(gas).length > 0) console.log('KeelSmartAccount gas (handleOps tx gasUsed):', gas);
    await chain?.stop();
  });

  it('deploys an account with its first operation, then runs an owner batch of two ERC-20 transfers', async () => {
    const a = await newAccount(7n);
    expect(await client.getCode({ address: a.address })).toBeUndefined();
    await mint(a.address, 1_000n);
    await client.setBalance({ address: a.address, value: parseEther('1') });
    const [r1, r2, r3] = [fresh(), fresh(), fresh()];

    const first = await ownerOp(
      a,
      draftOp(client, ep, {
        sender: a.address,
        factory: c.smartAccountFactory,
        factoryData: a.factoryData,
        callData: execute(transfer(c.tUSD, r1, 100n)),
      }),
    );
    const r = await run(first);
    gas.deployAndFirstOp = r.gasUsed;
    expect(await client.getCode({ address: a.address })).toBeDefined();
    expect(await client.readContract({ address: a.address, abi: keelSmartAccountAbi, functionName: 'owner' })).toBe(
      a.owner,
    );
    expect(await balance(c.tUSD, r1)).toBe(100n);

    const second = await ownerOp(
      a,
      draftOp(client, ep, {
        sender: a.address,
        callData: batch([transfer(c.tUSD, r2, 200n), transfer(c.tUSD, r3, 300n)]),
      }),
    );
    gas.ownerBatchOf2Transfers = (await run(second)).gasUsed;
    expect([await balance(c.tUSD, r2), await balance(c.tUSD, r3), await balance(c.tUSD, a.address)]).toEqual([
      200n,
      300n,
      400n,
    ]);

    // A stranger's signature is refused; so is deploying an account other than through the EntryPoint.
    const forged = await signOp(
      await draftOp(client, ep, { sender: a.address, callData: execute(transfer(c.tUSD, r1, 1n)) }),
      generatePrivateKey(),
      'owner',
      ep,
      chain.chainId,
    );
    expect(await simulateHandleOps(client, ep, [forged], bundler)).toMatchObject({ reason: 'AA24 signature error' });
    await expect(
      client.simulateContract({
        account: bundler,
        address: c.smartAccountFactory,
        abi: keelSmartAccountFactoryAbi,
        functionName: 'createAccount',
        args: [a.owner, 8n],
      }),
    ).rejects.toThrow(/OnlySenderCreator/);
  });

  it('the paymaster sponsors a new account holding no ETH, on the hash it exposes', async () => {
    const a = await newAccount();
    await mint(a.address, 500n);
    const r1 = fresh();
    const depositBefore = await client.readContract({
      address: c.paymaster,
      abi: keelPaymasterAbi,
      functionName: 'getDeposit',
    });
    expect(depositBefore).toBeGreaterThan(0n);
    const t = await now();
    const draft = await sponsor(
      await draftOp(client, ep, {
        sender: a.address,
        factory: c.smartAccountFactory,
        factoryData: a.factoryData,
        callData: execute(transfer(c.tUSD, r1, 500n)),
      }),
      {
        paymaster: c.paymaster,
        signerKey: paymasterSigner.privateKey,
        chainId: chain.chainId,
        validUntil: t + 3600,
        validAfter: 0,
      },
    );
    // Keel's off-chain hash is the contract's.
    const packed = toPackedUserOperation({ ...draft, signature: '0x' } as UserOperation<'0.8'>);
    expect(
      await client.readContract({
        address: c.paymaster,
        abi: keelPaymasterAbi,
        functionName: 'getHash',
        args: [packed, t + 3600, 0],
      }),
    ).toBe(
      paymasterHash({
        userOp: packed,
        validUntil: t + 3600,
        validAfter: 0,
        chainId: chain.chainId,
        paymaster: c.paymaster,
      }),
    );
    const receipt = await run(await ownerOp(a, draft));
    gas.sponsoredDeployAndFirstOp = receipt.gasUsed;
    expect(await balance(c.tUSD, r1)).toBe(500n);
    expect(await client.getBalance({ address: a.address })).toBe(0n);
    const depositAfter = await client.readContract({
      address: c.paymaster,
      abi: keelPaymasterAbi,
      functionName: 'getDeposit',
    });
    expect(depositBefore - depositAfter).toBe(opEvents(receipt)[0]!.actualGasCost);
    expect(opEvents(receipt)[0]!.paymaster).toBe(c.paymaster);
  });

  it('the paymaster refuses a wrong signer, an expired sponsorship and an operation changed after signing', async () => {
    const a = await newAccount();
    const t = await now();
    const base = await draftOp(client, ep, {
      sender: a.address,
      factory: c.smartAccountFactory,
      factoryData: a.factoryData,
      callData: execute(transfer(c.tUSD, fresh(), 0n)),
    });
    const pm = { paymaster: c.paymaster, chainId: chain.chainId, validAfter: 0 };
    const wrongSigner = await sponsor(base, { ...pm, signerKey: users[0]!.privateKey, validUntil: t + 3600 });
    expect(await simulateHandleOps(client, ep, [await ownerOp(a, wrongSigner)], bundler)).toMatchObject({
      reason: 'AA34 signature error',
    });
    const expired = await sponsor(base, { ...pm, signerKey: paymasterSigner.privateKey, validUntil: t - 1 });
    expect(await simulateHandleOps(client, ep, [await ownerOp(a, expired)], bundler)).toMatchObject({
      reason: 'AA32 paymaster expired or not due',
    });
    const good = await sponsor(base, { ...pm, signerKey: paymasterSigner.privateKey, validUntil: t + 3600 });
    const changed = { ...good, callData: execute(transfer(c.tUSD, fresh(), 0n)) };
    expect(await simulateHandleOps(client, ep, [await ownerOp(a, changed)], bundler)).toMatchObject({
      reason: 'AA34 signature error',
    });
    // The untouched one is accepted (the refusals above are about the paymaster data only).
    expect(await simulateHandleOps(client, ep, [await ownerOp(a, good)], bundler)).toBeUndefined();
  });

  describe('session keys', () => {
    let a: Acct;
    const sessionKey = generatePrivateKey();
    const key = privateKeyToAccount(sessionKey).address;
    const [r1, r2, r3] = [fresh(), fresh(), fresh()];
    let scope: SessionScope;

    const grant = async (k: Address, s: SessionScope) =>
      run(
        await ownerOp(
          a,
          draftOp(client, ep, {
            sender: a.address,
            callData: encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'grantSession', args: [k, s] }),
          }),
        ),
      );
    const sessionOp = async (callData: Hex, k: Hex = sessionKey, nonce?: bigint) =>
      signOp(await draftOp(client, ep, { sender: a.address, callData, nonce }), k, 'session', ep, chain.chainId);
    const spent = async (k: Address = key) =>
      (
        await client.readContract({ address: a.address, abi: keelSmartAccountAbi, functionName: 'sessions', args: [k] })
      )[6];
    const violation = (name: (typeof SESSION_VIOLATIONS)[number], index = 0n) => ({
      reason: 'AA23 reverted',
      inner: { errorName: 'SessionScopeViolation', args: [SESSION_VIOLATIONS.indexOf(name), index] },
    });

    beforeAll(async () => {
      a = await newAccount(1n);
      await mint(a.address, 10_000n);
      await client.setBalance({ address: a.address, value: parseEther('1') });
      await run(
        await ownerOp(
          a,
          draftOp(client, ep, {
            sender: a.address,
            factory: c.smartAccountFactory,
            factoryData: a.factoryData,
            callData: '0x',
          }),
        ),
      );
      scope = {
        validAfter: (await now()) - 10,
        validUntil: (await now()) + 86_400,
        token: c.tUSD,
        perOpCap: 500n,
        totalCap: 800n,
        valuePerCall: 0n,
        targets: [c.tEUR],
        selectors: ['0x095ea7b3'], // approve
        recipients: [r1, r2],
      };
      await grant(key, scope);
    });

    it('an operation within scope runs and its spend is recorded', async () => {
      const receipt = await run(await sessionOp(batch([transfer(c.tUSD, r1, 300n), approve(c.tEUR, r3, 5n)])));
      gas.sessionKeyOp = receipt.gasUsed;
      expect(await balance(c.tUSD, r1)).toBe(300n);
      expect(await spent()).toBe(300n);
    });

    it('refuses at validation every use outside the scope', async () => {
      const cases: [string, Hex, ReturnType<typeof violation>][] = [
        ['wrong target', execute(approve(c.tVOL, r3, 1n)), violation('call_not_allowed')],
        ['wrong selector', execute(transfer(c.tEUR, r1, 1n)), violation('call_not_allowed')],
        ['wrong recipient', execute(transfer(c.tUSD, r3, 1n)), violation('recipient_not_allowed')],
        ['over the per-op cap (one call)', execute(transfer(c.tUSD, r1, 501n)), violation('over_per_op_cap')],
        [
          'over the per-op cap (summed)',
          batch([transfer(c.tUSD, r1, 250n), transfer(c.tUSD, r2, 251n)]),
          violation('over_per_op_cap'),
        ],
        [
          'a call to the account itself',
          batch([
            approve(c.tEUR, r3, 1n),
            {
              target: a.address,
              value: 0n,
              data: encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'revokeSession', args: [key] }),
            },
          ]),
          violation('self_or_entry_point', 1n),
        ],
        [
          'a call to the EntryPoint (its deposit)',
          execute({
            target: ep,
            value: 0n,
            data: encodeFunctionData({ abi: entryPoint08Abi, functionName: 'withdrawTo', args: [r3, 1n] }),
          }),
          violation('self_or_entry_point'),
        ],
        ['ETH value', execute({ ...approve(c.tEUR, r3, 1n), value: 1n }), violation('value_not_allowed')],
        ['ETH to the token', execute({ ...transfer(c.tUSD, r1, 1n), value: 1n }), violation('token_call_not_transfer')],
        ['another token call', execute(approve(c.tUSD, r1, 1n)), violation('token_call_not_transfer')],
        [
          'callData other than execute',
          encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'revokeSession', args: [key] }),
          violation('not_execute'),
        ],
      ];
      for (const [name, callData, expected] of cases) {
        expect(await simulateHandleOps(client, ep, [await sessionOp(callData)], bundler), name).toMatchObject(expected);
      }
      // The owner may do the same things (the refusals are about the session key).
      expect(
        await simulateHandleOps(
          client,
          ep,
          [await ownerOp(a, draftOp(client, ep, { sender: a.address, callData: execute(transfer(c.tUSD, r3, 1n)) }))],
          bundler,
        ),
      ).toBeUndefined();
    });

    it('keeps a running total across operations, also two operations of one bundle', async () => {
      expect(await spent()).toBe(300n);
      const nonce = await client.readContract({
        address: ep,
        abi: entryPoint08Abi,
        functionName: 'getNonce',
        args: [a.address, 0n],
      });
      // Each alone fits the total (300 + 400, 300 + 200), together they do not: the second is
      // refused at validation because the first reserved its amount when validated.
      const opA = await sessionOp(execute(transfer(c.tUSD, r1, 400n)), sessionKey, nonce);
      const opB = await sessionOp(execute(transfer(c.tUSD, r2, 200n)), sessionKey, nonce + 1n);
      const opBAlone = await sessionOp(execute(transfer(c.tUSD, r2, 200n)), sessionKey, nonce);
      expect(await simulateHandleOps(client, ep, [opA], bundler)).toBeUndefined();
      expect(await simulateHandleOps(client, ep, [opBAlone], bundler)).toBeUndefined();
      expect(await simulateHandleOps(client, ep, [opA, opB], bundler)).toMatchObject({
        opIndex: 1n,
        ...violation('over_total_cap'),
      });
      await run(opA);
      expect(await spent()).toBe(700n);
      expect(
        await simulateHandleOps(client, ep, [await sessionOp(execute(transfer(c.tUSD, r2, 101n)))], bundler),
      ).toMatchObject(violation('over_total_cap'));
      await run(await sessionOp(execute(transfer(c.tUSD, r2, 100n))));
      expect(await spent()).toBe(800n);
    });

    it('the EntryPoint refuses a session before validAfter and after validUntil', async () => {
      const t = await now();
      const early = generatePrivateKey();
      const late = generatePrivateKey();
      await grant(privateKeyToAccount(early).address, { ...scope, validAfter: t + 86_400, validUntil: t + 2 * 86_400 });
      await grant(privateKeyToAccount(late).address, { ...scope, validAfter: 0, validUntil: t - 1 });
      const op = execute(approve(c.tEUR, r3, 1n));
      expect(await simulateHandleOps(client, ep, [await sessionOp(op, early)], bundler)).toMatchObject({
        reason: 'AA22 expired or not due',
      });
      expect(await simulateHandleOps(client, ep, [await sessionOp(op, late)], bundler)).toMatchObject({
        reason: 'AA22 expired or not due',
      });
    });

    it('a revoked key is refused; a grant from anyone but the owner, the account or the EntryPoint reverts', async () => {
      const op = execute(approve(c.tEUR, r3, 1n));
      expect(await simulateHandleOps(client, ep, [await sessionOp(op)], bundler)).toBeUndefined();
      await run(
        await ownerOp(
          a,
          draftOp(client, ep, {
            sender: a.address,
            callData: encodeFunctionData({ abi: keelSmartAccountAbi, functionName: 'revokeSession', args: [key] }),
          }),
        ),
      );
      expect(await simulateHandleOps(client, ep, [await sessionOp(op)], bundler)).toMatchObject({
        reason: 'AA24 signature error',
      });
      await expect(
        client.simulateContract({
          account: users[0]!.address,
          address: a.address,
          abi: keelSmartAccountAbi,
          functionName: 'grantSession',
          args: [key, scope],
        }),
      ).rejects.toThrow(/NotAuthorized/);
    });
  });

  // Last: it removes and re-adds the contracts on this chain.
  it('a dev chain saved before the factory and paymaster existed gets both added, and the deposit seeded', async () => {
    const implementation = await client.readContract({
      address: c.smartAccountFactory,
      abi: keelSmartAccountFactoryAbi,
      functionName: 'accountImplementation',
    });
    const deposit = () =>
      client.readContract({ address: c.paymaster, abi: keelPaymasterAbi, functionName: 'getDeposit' });
    const before = await deposit();
    for (const address of [c.smartAccountFactory, implementation, c.paymaster]) {
      await client.setCode({ address, bytecode: '0x' });
      await client.setNonce({ address, nonce: 0 });
    }
    expect(await inspectDemoWorld(chain.rpcUrl)).toEqual({
      status: 'outdated',
      missing: ['smartAccountFactory', 'paymaster'],
    });
    const world = await deployDemoWorld(chain.rpcUrl);
    expect(world).toEqual(chain.world);
    expect(await inspectDemoWorld(chain.rpcUrl)).toEqual({ status: 'complete' });
    // The EntryPoint kept the old deposit (it is keyed by address); the seeding added its own.
    expect((await deposit()) - before).toBe(DEMO_SEED.paymasterDeposit);
    expect(
      await client.readContract({ address: c.paymaster, abi: keelPaymasterAbi, functionName: 'verifyingSigner' }),
    ).toBe(paymasterSigner.address);
    expect(await client.readContract({ address: c.paymaster, abi: keelPaymasterAbi, functionName: 'owner' })).toBe(
      deployer.address,
    );
  });
});
