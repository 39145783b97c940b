import { concat, decodeFunctionResult, encodeFunctionData, maxUint256, type Address, type Hex } from 'viem';
import {
  erc20Abi,
  erc4626Abi,
  keelPriceFeedAbi,
  keelTestTokenAbi,
  multicall3Abi,
  uniswapV2Router02Abi,
  weth9Abi,
} from '../contracts/abis.ts';
import { multicall3InitCode } from '../contracts/vendored.ts';
import { PermanentError } from '../lib/errors.ts';
import { deployer, operations, treasury, users, type DevAccount } from './accounts.ts';
import { devClient, rawRequest, sendDevTx, type DevClient, type DevTx } from './client.ts';
import {
  CREATE2_DEPLOYER,
  DEMO_PRICES,
  DEMO_SEED,
  demoWorldPlan,
  type DemoContracts,
  type Deployment,
  type DeploymentKey,
  type Holdings,
} from './world-plan.ts';
import { addedVaultSeedSteps, paymasterSeedSteps, sendAsDevAccounts } from './world-vaults.ts';

export { DEMO_PRICES, DEMO_SEED, DEMO_TOKENS, FEED_DECIMALS, type DemoContracts } from './world-plan.ts';

/** What a chain with the demo world offers: addresses of contracts and role accounts. */
export interface DemoWorld {
  chainId: number;
  contracts: DemoContracts;
  accounts: { deployer: Address; treasury: Address; operations: Address; users: Address[] };
}

export interface DeployDemoWorldOptions {
  log?: (line: string) => void;
}

/**
 * The chain holds some demo contracts but not a finished world (e.g. its state was dumped
 * mid-deployment). Seeding again could double balances, so the caller should reset the chain.
 */
export class DemoWorldIncompleteError extends PermanentError {
  constructor(detail: string) {
    super('demo_world_incomplete', detail);
  }
}

/**
 * `outdated`: a finished world from an older Keel that lacks only contracts nothing else
 * depends on (standalone deployments such as the deposit factory); they can simply be added.
 */
export type DemoWorldStatus =
  | { status: 'complete' }
  | { status: 'empty' }
  | { status: 'partial'; missing: string[] }
  | { status: 'outdated'; missing: DeploymentKey[] };

const FAR_DEADLINE = maxUint256;

function manifest(chainId: number): DemoWorld {
  return {
    chainId,
    contracts: demoWorldPlan().contracts,
    accounts: {
      deployer: deployer.address,
      treasury: treasury.address,
      operations: operations.address,
      users: users.map((u) => u.address),
    },
  };
}

async function hasCode(client: DevClient, address: Address): Promise<boolean> {
  const code = await client.getCode({ address });
  return code !== undefined && code !== '0x';
}

/** CREATE2 deployments through the deterministic deployer, by the dev deployer account. */
async function deployAll(client: DevClient, deployments: Deployment[]): Promise<void> {
  const from = deployer.address;
  const known = (await client.getAddresses()).some((a) => a.toLowerCase() === from.toLowerCase());
  if (!known) await client.impersonateAccount({ address: from });
  try {
    for (const d of deployments) {
      await sendDevTx(client, {
        label: `deploy ${d.key}`,
        from,
        to: CREATE2_DEPLOYER,
        data: concat([d.salt, d.initCode]),
      });
    }
  } finally {
    if (!known) await client.stopImpersonatingAccount({ address: from });
  }
}

/**
 * Tells whether the demo world is fully deployed and seeded on a chain, absent, or half
 * there. Seeding ends with the vault's yield, so a vault holding more assets than shares
 * marks a finished world.
 */
export async function inspectDemoWorld(rpcUrl: string): Promise<DemoWorldStatus> {
  return inspect(devClient(rpcUrl));
}

async function inspect(client: DevClient): Promise<DemoWorldStatus> {
  const { contracts, deployments } = demoWorldPlan();
  const targets: Array<[string, Address]> = [
    ...deployments.map((d) => [d.key, d.address] as [string, Address]),
    ...Object.entries(contracts.pools).map(([k, a]) => [`pool ${k}`, a] as [string, Address]),
    ['multicall3', contracts.multicall3],
  ];
  const present = await Promise.all(targets.map(([, a]) => hasCode(client, a)));
  const ours = present.slice(0, deployments.length);
  if (ours.every((p) => !p)) return { status: 'empty' };
  const missing = targets.filter((_, i) => !present[i]).map(([k]) => k);
  const addable = deployments.filter((d, i) => d.standalone && !present[i]).map((d) => d.key);
  if (missing.length > addable.length) return { status: 'partial', missing };
  const [supply, assets] = await Promise.all([
    client.readContract({ address: contracts.vault, abi: erc4626Abi, functionName: 'totalSupply' }),
    client.readContract({ address: contracts.vault, abi: erc4626Abi, functionName: 'totalAssets' }),
  ]);
  if (!(supply > 0n && assets > supply)) return { status: 'partial', missing: [...missing, 'seeding (vault yield)'] };
  if (addable.length > 0) return { status: 'outdated', missing: addable };
  return { status: 'complete' };
}

/**
 * Deploys and seeds the demo world on an anvil chain, or verifies it when the chain already
 * has it (e.g. restored from a state file) and then sends nothing. Addresses are identical
 * on every chain id. Throws {@link DemoWorldIncompleteError} for a half-deployed world.
 */
export async function deployDemoWorld(rpcUrl: string, opts: DeployDemoWorldOptions = {}): Promise<DemoWorld> {
  const log = opts.log ?? (() => {});
  const client = devClient(rpcUrl);
  const chainId = await client.getChainId();
  const before = await inspect(client);
  if (before.status === 'complete') {
    log(`chain ${chainId}: demo world already deployed, verified`);
    return manifest(chainId);
  }
  if (before.status === 'outdated') {
    const add = demoWorldPlan().deployments.filter((d) => before.missing.includes(d.key));
    await withAutomine(client, async () => {
      await deployAll(client, add);
      const c = demoWorldPlan().contracts;
      await sendAsDevAccounts(client, [
        ...addedVaultSeedSteps(c, before.missing),
        ...paymasterSeedSteps(c, before.missing),
      ]);
    });
    const after = await inspect(client);
    if (after.status !== 'complete') {
      throw new DemoWorldIncompleteError(
        `demo world on chain ${chainId} is not complete after adding ${before.missing.join(', ')}: ${JSON.stringify(after)}`,
      );
    }
    log(`chain ${chainId}: demo world already deployed; added ${before.missing.join(', ')}`);
    return manifest(chainId);
  }
  if (before.status === 'partial') {
    throw new DemoWorldIncompleteError(
      `chain ${chainId} at ${rpcUrl} holds a partly deployed demo world (missing: ${before.missing.join(', ')}); reset the dev chain state`,
    );
  }
  if (!(await hasCode(client, CREATE2_DEPLOYER))) {
    throw new PermanentError(
      'devnet_no_create2_deployer',
      `chain ${chainId} has no deterministic CREATE2 deployer at ${CREATE2_DEPLOYER}; start anvil without --disable-default-create2-deployer`,
    );
  }
  const started = Date.now();
  await withAutomine(client, () => seed(client));
  const after = await inspect(client);
  if (after.status !== 'complete') {
    throw new DemoWorldIncompleteError(
      `demo world on chain ${chainId} is not complete after deployment: ${JSON.stringify(after)}`,
    );
  }
  await checkMulticall3(client);
  log(`chain ${chainId}: demo world deployed in ${Date.now() - started} ms`);
  return manifest(chainId);
}

/** Mines each step at once while deploying, then restores the chain's mining mode. */
async function withAutomine<T>(client: DevClient, fn: () => Promise<T>): Promise<T> {
  if (await client.getAutomine()) return fn();
  const interval = await rawRequest<number | null>(client, 'anvil_getIntervalMining').catch(() => null);
  await client.setAutomine(true);
  try {
    return await fn();
  } finally {
    if (interval) await client.setIntervalMining({ interval });
    else await client.setAutomine(false);
  }
}

async function checkMulticall3(client: DevClient): Promise<void> {
  const { contracts } = demoWorldPlan();
  const calls = [
    {
      target: contracts.tUSD,
      allowFailure: false,
      callData: encodeFunctionData({ abi: erc20Abi, functionName: 'decimals' }),
    },
  ];
  // aggregate3 is payable, so it goes through a plain eth_call rather than readContract.
  const { data } = await client.call({
    to: contracts.multicall3,
    data: encodeFunctionData({ abi: multicall3Abi, functionName: 'aggregate3', args: [calls] }),
  });
  const [res] = decodeFunctionResult({ abi: multicall3Abi, functionName: 'aggregate3', data: data ?? '0x' });
  if (!res?.success || BigInt(res.returnData) !== 6n) {
    throw new PermanentError(
      'devnet_multicall3_broken',
      `Multicall3 at ${contracts.multicall3} did not answer aggregate3 correctly`,
    );
  }
}

async function installMulticall3(client: DevClient, at: Address): Promise<void> {
  // Running the creation code in eth_call returns the runtime code without a transaction.
  const { data } = await client.call({ data: multicall3InitCode() });
  if (!data || data === '0x')
    throw new PermanentError('devnet_multicall3_broken', 'Multicall3 creation code returned no runtime code');
  await client.setCode({ address: at, bytecode: data });
}

async function seed(client: DevClient): Promise<void> {
  const { contracts: c, deployments } = demoWorldPlan();
  const s = DEMO_SEED;
  const accounts = await client.getAddresses();
  const known = new Set(accounts.map((a) => a.toLowerCase()));
  for (const a of [deployer, treasury, operations, ...users]) {
    if (!known.has(a.address.toLowerCase())) await client.impersonateAccount({ address: a.address });
  }
  await client.setBalance({ address: deployer.address, value: s.deployerEth });
  await Promise.all(
    [treasury, operations, ...users].map((a) => client.setBalance({ address: a.address, value: s.accountEth })),
  );
  await installMulticall3(client, c.multicall3);

  const steps: DevTx[] = [];
  const call = (label: string, from: DevAccount, to: Address, data: Hex, value?: bigint) =>
    steps.push({ label, from: from.address, to, data, ...(value ? { value } : {}) });
  const mint = (token: Address, to: Address, amount: bigint, label: string) =>
    call(
      label,
      deployer,
      token,
      encodeFunctionData({ abi: keelTestTokenAbi, functionName: 'mint', args: [to, amount] }),
    );
  const approve = (from: DevAccount, token: Address, spender: Address, amount: bigint, label: string) =>
    call(label, from, token, encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [spender, amount] }));
  const depositToVault = (from: DevAccount, amount: bigint) =>
    call(
      `vault deposit by ${from.address}`,
      from,
      c.vault,
      encodeFunctionData({ abi: erc4626Abi, functionName: 'deposit', args: [amount, from.address] }),
    );

  for (const d of deployments) call(`deploy ${d.key}`, deployer, CREATE2_DEPLOYER, concat([d.salt, d.initCode]));
  for (const [key, answer] of Object.entries(DEMO_PRICES) as Array<[keyof typeof DEMO_PRICES, bigint]>) {
    call(
      `set ${key} price`,
      deployer,
      c.priceFeeds[key],
      encodeFunctionData({ abi: keelPriceFeedAbi, functionName: 'setAnswer', args: [answer] }),
    );
  }

  // Pools, priced by their reserves.
  const p = s.pools;
  mint(c.tUSD, deployer.address, p.tUSD_WETH.tUSD + p.tUSD_tEUR.tUSD, 'mint pool tUSD');
  mint(c.tEUR, deployer.address, p.tUSD_tEUR.tEUR, 'mint pool tEUR');
  mint(c.tVOL, deployer.address, p.tVOL_WETH.tVOL, 'mint pool tVOL');
  for (const t of [c.tUSD, c.tEUR, c.tVOL])
    approve(deployer, t, c.uniswapV2Router, maxUint256, `approve router for ${t}`);
  const addEth = (token: Address, amount: bigint, eth: bigint, label: string) =>
    call(
      label,
      deployer,
      c.uniswapV2Router,
      encodeFunctionData({
        abi: uniswapV2Router02Abi,
        functionName: 'addLiquidityETH',
        args: [token, amount, amount, eth, deployer.address, FAR_DEADLINE],
      }),
      eth,
    );
  addEth(c.tUSD, p.tUSD_WETH.tUSD, p.tUSD_WETH.WETH, 'add tUSD/WETH liquidity');
  call(
    'add tUSD/tEUR liquidity',
    deployer,
    c.uniswapV2Router,
    encodeFunctionData({
      abi: uniswapV2Router02Abi,
      functionName: 'addLiquidity',
      args: [
        c.tUSD,
        c.tEUR,
        p.tUSD_tEUR.tUSD,
        p.tUSD_tEUR.tEUR,
        p.tUSD_tEUR.tUSD,
        p.tUSD_tEUR.tEUR,
        deployer.address,
        FAR_DEADLINE,
      ],
    }),
  );
  addEth(c.tVOL, p.tVOL_WETH.tVOL, p.tVOL_WETH.WETH, 'add tVOL/WETH liquidity');

  // Token holdings of Keel's own accounts and the end users.
  const holders: Array<[DevAccount, Holdings]> = [
    [treasury, s.treasury],
    [operations, s.operations],
    ...users.map((u, i) => [u, s.users[i]!] as [DevAccount, Holdings]),
  ];
  const wethTotal = holders.reduce((sum, [, h]) => sum + h.WETH, 0n);
  call(
    'wrap ETH for funding',
    deployer,
    c.WETH,
    encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' }),
    wethTotal,
  );
  for (const [acct, h] of holders) {
    mint(c.tUSD, acct.address, h.tUSD, `fund ${acct.address} tUSD`);
    mint(c.tEUR, acct.address, h.tEUR, `fund ${acct.address} tEUR`);
    mint(c.tVOL, acct.address, h.tVOL, `fund ${acct.address} tVOL`);
    call(
      `fund ${acct.address} WETH`,
      deployer,
      c.WETH,
      encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [acct.address, h.WETH] }),
    );
  }

  // Existing allowances and vault positions, sent by the holders themselves.
  approve(treasury, c.tUSD, c.vault, s.treasury.vaultDeposit, 'treasury approves vault');
  depositToVault(treasury, s.treasury.vaultDeposit);
  users.forEach((u, i) => {
    const seedOf = s.users[i]!;
    if (seedOf.routerAllowance > 0n)
      approve(u, c.tUSD, c.uniswapV2Router, seedOf.routerAllowance, `user ${i} approves router`);
    if (seedOf.vaultDeposit > 0n || seedOf.vaultAllowance > 0n) {
      approve(u, c.tUSD, c.vault, seedOf.vaultDeposit + seedOf.vaultAllowance, `user ${i} approves vault`);
    }
    if (seedOf.vaultDeposit > 0n) depositToVault(u, seedOf.vaultDeposit);
  });

  // The conservative and the drill vault: a user's deposit and some yield each.
  steps.push(...addedVaultSeedSteps(c));
  // The paymaster's EntryPoint deposit.
  steps.push(...paymasterSeedSteps(c));

  // Last step on purpose: its effect (assets > shares) marks a finished world.
  mint(c.tUSD, c.vault, s.vaultYield, 'vault yield');

  for (const step of steps) await sendDevTx(client, step);

  for (const a of [deployer, treasury, operations, ...users]) {
    if (!known.has(a.address.toLowerCase())) await client.stopImpersonatingAccount({ address: a.address });
  }
}
