import {
  encodeDeployData,
  encodeFunctionData,
  encodePacked,
  getAddress,
  getContractAddress,
  keccak256,
  parseEther,
  parseUnits,
  stringToHex,
  type Address,
  type Hex,
} from 'viem';
import { keelDrillVaultAbi } from '../contracts/abis.ts';
import { loadArtifacts } from '../contracts/compile.ts';
import { vendoredArtifact } from '../contracts/vendored.ts';
import { attestation, deployer, operations, paymasterSigner, treasury } from './accounts.ts';
import { PermanentError } from '../lib/errors.ts';

/**
 * The demo world as data: what is deployed, with which constructor arguments and salts, at
 * which addresses, and how it is seeded. Every address follows from CREATE2 through the
 * deterministic deployer, so it is the same on every chain id and independent of nonces.
 */

/** Arachnid's deterministic deployment proxy, pre-installed by anvil. */
export const CREATE2_DEPLOYER: Address = '0x4e59b44847b379578588920ca78fbf26c0b4956c';
/** Canonical Multicall3 address on public chains; the demo world installs it there too. */
export const MULTICALL3_ADDRESS: Address = '0xcA11bde05977b3631167028862bE2a173976CA11';
/**
 * ERC-4337 EntryPoint v0.8 at its canonical address: the published creation code through the
 * deterministic deployer with the salt the reference deployment used, so bundlers recognise it.
 */
export const ENTRYPOINT_V08_ADDRESS: Address = '0x4337084D9E255Ff0702461CF8895CE9E3b5Ff108';
const ENTRYPOINT_V08_SALT: Hex = '0x0a59dbff790c23c976a548690c27297883cc66b4c67024f9117b0238995e35e9';
/** Bump to move every demo address (e.g. after an incompatible change of the seeding). */
const SALT_PREFIX = 'keel.devnet.v1/';
/** Decimals of every demo price feed (USD quote), as on Chainlink USD feeds. */
export const FEED_DECIMALS = 8;

export interface DemoContracts {
  tUSD: Address;
  tEUR: Address;
  WETH: Address;
  tVOL: Address;
  multicall3: Address;
  uniswapV2Factory: Address;
  uniswapV2Router: Address;
  /** KeelDemoVault (kvUSD), ERC-4626 over tUSD. */
  vault: Address;
  pools: { tUSD_WETH: Address; tUSD_tEUR: Address; tVOL_WETH: Address };
  /** KeelPriceFeed per asset, 8 decimals, USD quote; `ETH` serves WETH and the native coin. */
  priceFeeds: { tUSD: Address; tEUR: Address; ETH: Address; tVOL: Address };
  /**
   * KeelDepositFactory: deposit addresses swept to the dev `treasury` account by the dev
   * `operations` account (docs/payments.md). Same address on every chain, so every deposit
   * address is too.
   */
  depositFactory: Address;
  /** KeelNamedVault "Keel Conservative USD Vault" (kcUSD), a second plain ERC-4626 over tUSD. */
  conservativeVault: Address;
  /**
   * The drill vault (kdUSD, ERC-4626 over tUSD): a KeelDrillVaultProxy (ERC-1967, UUPS) whose
   * owner, the dev deployer, can cause a loss, pause withdrawals and upgrade it (src/devnet/drill.ts).
   */
  drillVault: Address;
  /** KeelDrillVault, the implementation the drill vault starts with (version 1). */
  drillVaultImplementation: Address;
  /** KeelDrillVaultV2, deployed but unused: the target of an upgrade drill (version 2). */
  drillVaultImplementationV2: Address;
  /**
   * KeelBatchPayout: pays many recipients of one token per transaction from the caller's own
   * balance (payout runs, docs/payouts.md). Same address on every chain.
   */
  batchPayout: Address;
  /**
   * KeelAttestationRegistry: write-once records of published attestations; its publisher is the
   * dev `attestation` signer (anvil account 7).
   */
  attestationRegistry: Address;
  /** ERC-4337 EntryPoint v0.8 at its canonical address (docs/account-abstraction.md). */
  entryPoint: Address;
  /**
   * KeelSmartAccountFactory: counterfactual KeelSmartAccounts (owner + session keys) on the
   * EntryPoint above; `createAccount(owner, salt)` / `getAddress(owner, salt)` like SimpleAccountFactory.
   */
  smartAccountFactory: Address;
  /**
   * KeelPaymaster: verifying paymaster whose signer is the dev `paymasterSigner` (anvil account 8)
   * and owner the dev deployer; seeded with an EntryPoint deposit of DEMO_SEED.paymasterDeposit.
   */
  paymaster: Address;
}

export const DEMO_TOKENS = {
  tUSD: { name: 'Keel Test USD', symbol: 'tUSD', decimals: 6 },
  tEUR: { name: 'Keel Test EUR', symbol: 'tEUR', decimals: 6 },
  tVOL: { name: 'Keel Test Volatile', symbol: 'tVOL', decimals: 18 },
  WETH: { name: 'Wrapped Ether', symbol: 'WETH', decimals: 18 },
} as const;

/** Initial feed answers (8 decimals). */
export const DEMO_PRICES = {
  tUSD: parseUnits('1', FEED_DECIMALS),
  tEUR: parseUnits('1.08', FEED_DECIMALS),
  ETH: parseUnits('3000', FEED_DECIMALS),
  tVOL: parseUnits('0.5', FEED_DECIMALS),
} as const;

const usd = (v: string) => parseUnits(v, 6);
const eur = (v: string) => parseUnits(v, 6);
const vol = (v: string) => parseUnits(v, 18);

/** Token holdings handed to one account (before its own vault deposit). */
export interface Holdings {
  tUSD: bigint;
  tEUR: bigint;
  tVOL: bigint;
  WETH: bigint;
}

export interface UserSeed extends Holdings {
  /** tUSD allowance left to the Uniswap router. */
  routerAllowance: bigint;
  /** tUSD deposited into the vault (shares minted 1:1 before the yield). */
  vaultDeposit: bigint;
  /** tUSD allowance left to the vault after the deposit. */
  vaultAllowance: bigint;
}

const maxUint256 = 2n ** 256n - 1n;
const userHoldings: Holdings = { tUSD: usd('10000'), tEUR: eur('5000'), tVOL: vol('20000'), WETH: parseEther('2') };

/** How the demo world is seeded; tests compare chain state against these figures. */
export const DEMO_SEED = {
  /** Native balance set on treasury, operations and every user. */
  accountEth: parseEther('100'),
  deployerEth: parseEther('100000'),
  pools: {
    tUSD_WETH: { tUSD: usd('3000000'), WETH: parseEther('1000') },
    tUSD_tEUR: { tUSD: usd('1080000'), tEUR: eur('1000000') },
    tVOL_WETH: { tVOL: vol('6000000'), WETH: parseEther('1000') },
  },
  treasury: {
    tUSD: usd('250000'),
    tEUR: eur('100000'),
    tVOL: vol('50000'),
    WETH: parseEther('50'),
    vaultDeposit: usd('100000'),
  },
  operations: { tUSD: usd('25000'), tEUR: eur('10000'), tVOL: vol('5000'), WETH: parseEther('5') },
  /** One entry per `users` account, in order. */
  users: [
    { ...userHoldings, routerAllowance: usd('1000'), vaultDeposit: 0n, vaultAllowance: 0n },
    { ...userHoldings, routerAllowance: maxUint256, vaultDeposit: 0n, vaultAllowance: 0n },
    { ...userHoldings, routerAllowance: 0n, vaultDeposit: usd('4000'), vaultAllowance: usd('2000') },
    { ...userHoldings, routerAllowance: 0n, vaultDeposit: usd('2500'), vaultAllowance: 0n },
  ] satisfies UserSeed[],
  /** tUSD minted straight into the vault after the deposits: share price 1.05. */
  vaultYield: usd('5325'),
  /**
   * Deposits into the second and the drill vault by one demo user each (`depositor` indexes
   * `users`); the deployer mints the user the deposited tUSD first, so the user's wallet figures
   * above stay as they are. `yield` is minted into the vault afterwards.
   */
  conservativeVault: { depositor: 3, deposit: usd('3000'), yield: usd('60') },
  drillVault: { depositor: 0, deposit: usd('2000'), yield: usd('40') },
  /** The demo paymaster's EntryPoint deposit, paid by the deployer. No stake: it reads no storage. */
  paymasterDeposit: parseEther('10'),
} as const;

export type DeploymentKey =
  | 'tUSD'
  | 'tEUR'
  | 'tVOL'
  | 'WETH'
  | 'uniswapV2Factory'
  | 'uniswapV2Router'
  | 'feed_tUSD'
  | 'feed_tEUR'
  | 'feed_ETH'
  | 'feed_tVOL'
  | 'vault'
  | 'depositFactory'
  | 'conservativeVault'
  | 'drillVaultImplementation'
  | 'drillVault'
  | 'drillVaultImplementationV2'
  | 'batchPayout'
  | 'attestationRegistry'
  | 'entryPoint'
  | 'smartAccountFactory'
  | 'paymaster';

export interface Deployment {
  key: DeploymentKey;
  salt: Hex;
  initCode: Hex;
  address: Address;
  /**
   * Nothing in the seeding depends on it, so a world saved before it existed (a dev chain
   * state file from an older Keel) is completed by deploying just this contract.
   */
  standalone?: true;
}

export interface DemoWorldPlan {
  contracts: DemoContracts;
  /** CREATE2 deployments in a valid order (the vault reads tUSD's decimals when built). */
  deployments: Deployment[];
}

function create2(key: DeploymentKey, initCode: Hex): Deployment {
  const salt = keccak256(stringToHex(`${SALT_PREFIX}${key}`));
  return {
    key,
    salt,
    initCode,
    address: getContractAddress({ opcode: 'CREATE2', from: CREATE2_DEPLOYER, salt, bytecode: initCode }),
  };
}

/** Uniswap V2 pair address, as `UniswapV2Library.pairFor` computes it. */
export function pairAddress(factory: Address, a: Address, b: Address): Address {
  const [t0, t1] = a.toLowerCase() < b.toLowerCase() ? [a, b] : [b, a];
  return getContractAddress({
    opcode: 'CREATE2',
    from: factory,
    salt: keccak256(encodePacked(['address', 'address'], [t0, t1])),
    bytecodeHash: keccak256(vendoredArtifact('UniswapV2Pair').bytecode),
  });
}

let plan: DemoWorldPlan | undefined;

/** Computes (once) every deployment of the demo world and its address, offline. */
export function demoWorldPlan(): DemoWorldPlan {
  if (plan) return plan;
  const { contracts: keel } = loadArtifacts();
  const token = (key: 'tUSD' | 'tEUR' | 'tVOL') => {
    const t = DEMO_TOKENS[key];
    return create2(
      key,
      encodeDeployData({ ...keel.KeelTestToken, args: [t.name, t.symbol, t.decimals, deployer.address] }),
    );
  };
  const feed = (key: 'tUSD' | 'tEUR' | 'ETH' | 'tVOL') =>
    create2(
      `feed_${key}`,
      encodeDeployData({ ...keel.KeelPriceFeed, args: [deployer.address, FEED_DECIMALS, `${key} / USD`] }),
    );

  const tUSD = token('tUSD');
  const tEUR = token('tEUR');
  const tVOL = token('tVOL');
  const weth = create2('WETH', vendoredArtifact('WETH9').bytecode);
  const factoryArt = vendoredArtifact('UniswapV2Factory');
  const factory = create2('uniswapV2Factory', encodeDeployData({ ...factoryArt, args: [deployer.address] }));
  const routerArt = vendoredArtifact('UniswapV2Router02');
  const router = create2('uniswapV2Router', encodeDeployData({ ...routerArt, args: [factory.address, weth.address] }));
  const feeds = { tUSD: feed('tUSD'), tEUR: feed('tEUR'), ETH: feed('ETH'), tVOL: feed('tVOL') };
  const vault = create2('vault', encodeDeployData({ ...keel.KeelDemoVault, args: [tUSD.address] }));
  const depositFactory: Deployment = {
    ...create2(
      'depositFactory',
      encodeDeployData({ ...keel.KeelDepositFactory, args: [treasury.address, operations.address] }),
    ),
    standalone: true,
  };

  // Added after the first worlds were saved: standalone, so an older saved world is completed
  // (their seeding deposits follow, see world-vaults.ts). New salts; no earlier address moves.
  const standalone = (d: Deployment): Deployment => ({ ...d, standalone: true });
  const conservativeVault = standalone(
    create2(
      'conservativeVault',
      encodeDeployData({ ...keel.KeelNamedVault, args: [tUSD.address, 'Keel Conservative USD Vault', 'kcUSD'] }),
    ),
  );
  const drillImpl = standalone(
    create2('drillVaultImplementation', encodeDeployData({ ...keel.KeelDrillVault, args: [tUSD.address] })),
  );
  const drillVault = standalone(
    create2(
      'drillVault',
      encodeDeployData({
        ...keel.KeelDrillVaultProxy,
        args: [
          drillImpl.address,
          encodeFunctionData({ abi: keelDrillVaultAbi, functionName: 'initialize', args: [deployer.address] }),
        ],
      }),
    ),
  );
  const drillImplV2 = standalone(
    create2('drillVaultImplementationV2', encodeDeployData({ ...keel.KeelDrillVaultV2, args: [tUSD.address] })),
  );
  const batchPayout = standalone(create2('batchPayout', encodeDeployData({ ...keel.KeelBatchPayout })));
  const attestationRegistry = standalone(
    create2('attestationRegistry', encodeDeployData({ ...keel.KeelAttestationRegistry, args: [attestation.address] })),
  );

  const entryPointInit = vendoredArtifact('EntryPointV08').bytecode;
  const entryPoint: Deployment = {
    key: 'entryPoint',
    salt: ENTRYPOINT_V08_SALT,
    initCode: entryPointInit,
    address: getContractAddress({
      opcode: 'CREATE2',
      from: CREATE2_DEPLOYER,
      salt: ENTRYPOINT_V08_SALT,
      bytecode: entryPointInit,
    }),
    standalone: true,
  };
  if (entryPoint.address !== ENTRYPOINT_V08_ADDRESS) {
    throw new PermanentError(
      'vendored_artifact_missing',
      `the installed @account-abstraction/contracts EntryPoint would deploy at ${entryPoint.address}, not the canonical v0.8 address ${ENTRYPOINT_V08_ADDRESS}`,
    );
  }

  // After the EntryPoint: both constructors call it (senderCreator(), supportsInterface()).
  const smartAccountFactory = standalone(
    create2('smartAccountFactory', encodeDeployData({ ...keel.KeelSmartAccountFactory, args: [entryPoint.address] })),
  );
  const paymaster = standalone(
    create2(
      'paymaster',
      encodeDeployData({
        ...keel.KeelPaymaster,
        args: [entryPoint.address, deployer.address, paymasterSigner.address],
      }),
    ),
  );

  const contracts: DemoContracts = {
    tUSD: tUSD.address,
    tEUR: tEUR.address,
    WETH: weth.address,
    tVOL: tVOL.address,
    multicall3: getAddress(MULTICALL3_ADDRESS),
    uniswapV2Factory: factory.address,
    uniswapV2Router: router.address,
    vault: vault.address,
    pools: {
      tUSD_WETH: pairAddress(factory.address, tUSD.address, weth.address),
      tUSD_tEUR: pairAddress(factory.address, tUSD.address, tEUR.address),
      tVOL_WETH: pairAddress(factory.address, tVOL.address, weth.address),
    },
    priceFeeds: {
      tUSD: feeds.tUSD.address,
      tEUR: feeds.tEUR.address,
      ETH: feeds.ETH.address,
      tVOL: feeds.tVOL.address,
    },
    depositFactory: depositFactory.address,
    conservativeVault: conservativeVault.address,
    drillVault: drillVault.address,
    drillVaultImplementation: drillImpl.address,
    drillVaultImplementationV2: drillImplV2.address,
    batchPayout: batchPayout.address,
    attestationRegistry: attestationRegistry.address,
    entryPoint: entryPoint.address,
    smartAccountFactory: smartAccountFactory.address,
    paymaster: paymaster.address,
  };
  plan = {
    contracts,
    deployments: [
      tUSD,
      tEUR,
      tVOL,
      weth,
      factory,
      router,
      feeds.tUSD,
      feeds.tEUR,
      feeds.ETH,
      feeds.tVOL,
      vault,
      depositFactory,
      conservativeVault,
      drillImpl,
      drillVault,
      drillImplV2,
      batchPayout,
      attestationRegistry,
      entryPoint,
      smartAccountFactory,
      paymaster,
    ],
  };
  return plan;
}
