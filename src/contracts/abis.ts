import { parseAbi } from 'viem';
/**
 * Minimal, hand-written ABIs of the contracts Keel talks to, typed `as const` so viem infers
 * argument and result types. Only what Keel calls is listed; `abis.test.ts` checks every
 * entry against the compiled or vendored ABI it stands for.
 */

/** Keel's demo token: ERC-20 plus owner-only minting. */
/** ERC-20 and Multicall3 ABIs are viem's own (complete and maintained upstream). */
import { erc20Abi, multicall3Abi } from 'viem';

export { erc20Abi, multicall3Abi };

export const keelTestTokenAbi = [
  ...erc20Abi,
  {
    type: 'function',
    name: 'mint',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'to', type: 'address' },
      { name: 'amount', type: 'uint256' },
    ],
    outputs: [],
  },
  { type: 'function', name: 'owner', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
] as const;

const uint256In = (name: string) => ({ name, type: 'uint256' }) as const;

export const erc4626Abi = [
  { type: 'function', name: 'asset', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  {
    type: 'function',
    name: 'totalAssets',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'totalSupply',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'uint256' }],
  },
  { type: 'function', name: 'decimals', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'uint8' }] },
  { type: 'function', name: 'symbol', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'string' }] },
  { type: 'function', name: 'name', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'string' }] },
  {
    type: 'function',
    name: 'convertToAssets',
    stateMutability: 'view',
    inputs: [uint256In('shares')],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'convertToShares',
    stateMutability: 'view',
    inputs: [uint256In('assets')],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'previewRedeem',
    stateMutability: 'view',
    inputs: [uint256In('shares')],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'maxWithdraw',
    stateMutability: 'view',
    inputs: [{ name: 'owner', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'balanceOf',
    stateMutability: 'view',
    inputs: [{ name: 'account', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'deposit',
    stateMutability: 'nonpayable',
    inputs: [uint256In('assets'), { name: 'receiver', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'redeem',
    stateMutability: 'nonpayable',
    inputs: [uint256In('shares'), { name: 'receiver', type: 'address' }, { name: 'owner', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
  {
    type: 'function',
    name: 'withdraw',
    stateMutability: 'nonpayable',
    inputs: [uint256In('assets'), { name: 'receiver', type: 'address' }, { name: 'owner', type: 'address' }],
    outputs: [{ name: '', type: 'uint256' }],
  },
] as const;

const roundDataOutputs = [
  { name: 'roundId', type: 'uint80' },
  { name: 'answer', type: 'int256' },
  { name: 'startedAt', type: 'uint256' },
  { name: 'updatedAt', type: 'uint256' },
  { name: 'answeredInRound', type: 'uint80' },
] as const;

/** Chainlink's AggregatorV3Interface (read side). */
export const aggregatorV3Abi = [
  { type: 'function', name: 'latestRoundData', stateMutability: 'view', inputs: [], outputs: roundDataOutputs },
  { type: 'function', name: 'decimals', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'uint8' }] },
  {
    type: 'function',
    name: 'description',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'string' }],
  },
] as const;

/** Keel's demo feed: the aggregator interface plus the owner's setters. */
export const keelPriceFeedAbi = [
  ...aggregatorV3Abi,
  { type: 'function', name: 'version', stateMutability: 'pure', inputs: [], outputs: [{ name: '', type: 'uint256' }] },
  {
    type: 'function',
    name: 'getRoundData',
    stateMutability: 'view',
    inputs: [{ name: 'roundId_', type: 'uint80' }],
    outputs: roundDataOutputs,
  },
  {
    type: 'function',
    name: 'setAnswer',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'answer', type: 'int256' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'setRoundData',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'answer', type: 'int256' },
      { name: 'updatedAt', type: 'uint256' },
    ],
    outputs: [],
  },
] as const;

export const uniswapV2PairAbi = [
  {
    type: 'function',
    name: 'getReserves',
    stateMutability: 'view',
    inputs: [],
    outputs: [
      { name: '_reserve0', type: 'uint112' },
      { name: '_reserve1', type: 'uint112' },
      { name: '_blockTimestampLast', type: 'uint32' },
    ],
  },
  { type: 'function', name: 'token0', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  { type: 'function', name: 'token1', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
] as const;

export const uniswapV2FactoryAbi = [
  {
    type: 'function',
    name: 'getPair',
    stateMutability: 'view',
    inputs: [
      { name: '', type: 'address' },
      { name: '', type: 'address' },
    ],
    outputs: [{ name: '', type: 'address' }],
  },
] as const;

const pathAmounts = [uint256In('amountIn'), { name: 'path', type: 'address[]' }] as const;

export const uniswapV2Router02Abi = [
  { type: 'function', name: 'factory', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  { type: 'function', name: 'WETH', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  {
    type: 'function',
    name: 'getAmountsOut',
    stateMutability: 'view',
    inputs: pathAmounts,
    outputs: [{ name: 'amounts', type: 'uint256[]' }],
  },
  {
    type: 'function',
    name: 'getAmountsIn',
    stateMutability: 'view',
    inputs: [uint256In('amountOut'), { name: 'path', type: 'address[]' }],
    outputs: [{ name: 'amounts', type: 'uint256[]' }],
  },
  {
    type: 'function',
    name: 'swapExactTokensForTokens',
    stateMutability: 'nonpayable',
    inputs: [
      uint256In('amountIn'),
      uint256In('amountOutMin'),
      { name: 'path', type: 'address[]' },
      { name: 'to', type: 'address' },
      uint256In('deadline'),
    ],
    outputs: [{ name: 'amounts', type: 'uint256[]' }],
  },
  {
    type: 'function',
    name: 'addLiquidity',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'tokenA', type: 'address' },
      { name: 'tokenB', type: 'address' },
      uint256In('amountADesired'),
      uint256In('amountBDesired'),
      uint256In('amountAMin'),
      uint256In('amountBMin'),
      { name: 'to', type: 'address' },
      uint256In('deadline'),
    ],
    outputs: [uint256In('amountA'), uint256In('amountB'), uint256In('liquidity')],
  },
  {
    type: 'function',
    name: 'addLiquidityETH',
    stateMutability: 'payable',
    inputs: [
      { name: 'token', type: 'address' },
      uint256In('amountTokenDesired'),
      uint256In('amountTokenMin'),
      uint256In('amountETHMin'),
      { name: 'to', type: 'address' },
      uint256In('deadline'),
    ],
    outputs: [uint256In('amountToken'), uint256In('amountETH'), uint256In('liquidity')],
  },
] as const;

/** Router02 swaps the vendored ABI above does not list (exact output, and the native-coin variants). */
export const uniswapV2RouterExtraAbi = parseAbi([
  'function swapTokensForExactTokens(uint256 amountOut, uint256 amountInMax, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
  'function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline) payable returns (uint256[] amounts)',
  'function swapExactTokensForETH(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)',
]);

export const weth9Abi = [
  ...erc20Abi,
  { type: 'function', name: 'deposit', stateMutability: 'payable', inputs: [], outputs: [] },
  { type: 'function', name: 'withdraw', stateMutability: 'nonpayable', inputs: [uint256In('wad')], outputs: [] },
] as const;

/** The parts of Multicall3 Keel uses (batched reads with per-call failure). */

const bytes32In = (name: string) => ({ name, type: 'bytes32' }) as const;
const addressIn = (name: string) => ({ name, type: 'address' }) as const;

/**
 * Keel's deposit-address factory (docs/payments.md): deposit addresses as CREATE2 addresses of
 * forwarders, swept by the operator to the fixed treasury. `token` is the zero address for the
 * native coin in its events.
 */
export const keelDepositFactoryAbi = [
  { type: 'function', name: 'treasury', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  { type: 'function', name: 'operator', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  {
    type: 'function',
    name: 'FORWARDER_INIT_CODE_HASH',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'bytes32' }],
  },
  {
    type: 'function',
    name: 'forwarderAddress',
    stateMutability: 'view',
    inputs: [bytes32In('salt')],
    outputs: [{ name: '', type: 'address' }],
  },
  {
    type: 'function',
    name: 'sweep',
    stateMutability: 'nonpayable',
    inputs: [bytes32In('salt'), { name: 'tokens', type: 'address[]' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'sweepMany',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'salts', type: 'bytes32[]' },
      { name: 'tokens', type: 'address[]' },
    ],
    outputs: [],
  },
  {
    type: 'event',
    name: 'ForwarderDeployed',
    inputs: [
      { name: 'salt', type: 'bytes32', indexed: true },
      { name: 'forwarder', type: 'address', indexed: true },
    ],
    anonymous: false,
  },
  {
    type: 'event',
    name: 'Swept',
    inputs: [
      { name: 'salt', type: 'bytes32', indexed: true },
      { name: 'forwarder', type: 'address', indexed: true },
      { name: 'token', type: 'address', indexed: true },
      { name: 'amount', type: 'uint256', indexed: false },
    ],
    anonymous: false,
  },
  {
    type: 'event',
    name: 'SweepFailed',
    inputs: [
      { name: 'salt', type: 'bytes32', indexed: true },
      { name: 'forwarder', type: 'address', indexed: true },
      { name: 'token', type: 'address', indexed: true },
      { name: 'reason', type: 'bytes', indexed: false },
    ],
    anonymous: false,
  },
  { type: 'error', name: 'ZeroAddress', inputs: [] },
  { type: 'error', name: 'NotSweeper', inputs: [addressIn('caller')] },
] as const;

/** The forwarder behind one deposit address; only its factory may call `sweep`. */
export const keelDepositForwarderAbi = [
  { type: 'function', name: 'factory', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  {
    type: 'function',
    name: 'sweep',
    stateMutability: 'nonpayable',
    inputs: [addressIn('token'), addressIn('to')],
    outputs: [{ name: 'amount', type: 'uint256' }],
  },
  { type: 'receive', stateMutability: 'payable' },
  { type: 'error', name: 'NotFactory', inputs: [addressIn('caller')] },
  { type: 'error', name: 'NativeTransferFailed', inputs: [] },
  /** From OpenZeppelin's SafeERC20: the token returned `false` or is not a contract. */
  { type: 'error', name: 'SafeERC20FailedOperation', inputs: [addressIn('token')] },
] as const;

/**
 * Keel's drill vault (KeelDrillVault behind KeelDrillVaultProxy): ERC-4626 plus the owner's drill
 * levers — a simulated loss, paused withdrawals, UUPS upgrades — and the views that show them.
 */
export const keelDrillVaultAbi = [
  ...erc4626Abi,
  {
    type: 'function',
    name: 'maxRedeem',
    stateMutability: 'view',
    inputs: [addressIn('owner')],
    outputs: [{ name: '', type: 'uint256' }],
  },
  { type: 'function', name: 'owner', stateMutability: 'view', inputs: [], outputs: [{ name: '', type: 'address' }] },
  {
    type: 'function',
    name: 'withdrawalsPaused',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'bool' }],
  },
  { type: 'function', name: 'version', stateMutability: 'pure', inputs: [], outputs: [{ name: '', type: 'uint256' }] },
  {
    type: 'function',
    name: 'initialize',
    stateMutability: 'nonpayable',
    inputs: [addressIn('owner_')],
    outputs: [],
  },
  { type: 'function', name: 'drillLoss', stateMutability: 'nonpayable', inputs: [uint256In('assets')], outputs: [] },
  {
    type: 'function',
    name: 'setWithdrawalsPaused',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'paused_', type: 'bool' }],
    outputs: [],
  },
  {
    type: 'function',
    name: 'upgradeToAndCall',
    stateMutability: 'payable',
    inputs: [addressIn('newImplementation'), { name: 'data', type: 'bytes' }],
    outputs: [],
  },
  {
    type: 'event',
    name: 'DrillLoss',
    inputs: [
      { name: 'to', type: 'address', indexed: true },
      { name: 'assets', type: 'uint256', indexed: false },
    ],
    anonymous: false,
  },
  {
    type: 'event',
    name: 'WithdrawalsPausedSet',
    inputs: [{ name: 'paused', type: 'bool', indexed: false }],
    anonymous: false,
  },
  { type: 'error', name: 'NotOwner', inputs: [addressIn('caller')] },
  { type: 'error', name: 'WithdrawalsPaused', inputs: [] },
  /** From OpenZeppelin's Initializable: `initialize` called twice, or on the implementation. */
  { type: 'error', name: 'InvalidInitialization', inputs: [] },
  {
    type: 'error',
    name: 'ERC4626ExceededMaxWithdraw',
    inputs: [addressIn('owner'), uint256In('assets'), uint256In('max')],
  },
  {
    type: 'error',
    name: 'ERC4626ExceededMaxRedeem',
    inputs: [addressIn('owner'), uint256In('shares'), uint256In('max')],
  },
] as const;

/**
 * KeelAttestationRegistry (ours): write-once records of published attestations, keyed by
 * keccak256 of the attestation id; only its publisher (Keel's attestation signer) records.
 */
export const keelAttestationRegistryAbi = [
  {
    type: 'function',
    name: 'publish',
    stateMutability: 'nonpayable',
    inputs: [
      { name: 'id', type: 'bytes32' },
      { name: 'root', type: 'bytes32' },
      { name: 'totals', type: 'uint256[]' },
      { name: 'digest', type: 'bytes32' },
    ],
    outputs: [],
  },
  {
    type: 'function',
    name: 'recordOf',
    stateMutability: 'view',
    inputs: [{ name: 'id', type: 'bytes32' }],
    outputs: [
      { name: 'root', type: 'bytes32' },
      { name: 'totals', type: 'uint256[]' },
      { name: 'digest', type: 'bytes32' },
      { name: 'publishedAt', type: 'uint64' },
    ],
  },
  {
    type: 'function',
    name: 'publisher',
    stateMutability: 'view',
    inputs: [],
    outputs: [{ name: '', type: 'address' }],
  },
  {
    type: 'event',
    name: 'AttestationPublished',
    inputs: [
      { name: 'id', type: 'bytes32', indexed: true },
      { name: 'root', type: 'bytes32', indexed: false },
      { name: 'totals', type: 'uint256[]', indexed: false },
      { name: 'digest', type: 'bytes32', indexed: false },
      { name: 'publishedAt', type: 'uint64', indexed: false },
    ],
  },
  { type: 'error', name: 'NotPublisher', inputs: [{ name: 'caller', type: 'address' }] },
  { type: 'error', name: 'AlreadyPublished', inputs: [{ name: 'id', type: 'bytes32' }] },
  { type: 'error', name: 'EmptyDigest', inputs: [] },
] as const;
