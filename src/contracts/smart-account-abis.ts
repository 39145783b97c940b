import { parseAbi } from 'viem';

/**
 * Typed ABIs of Keel's account-abstraction contracts (KeelSmartAccount, its factory and
 * KeelPaymaster), in viem's human-readable form so argument and result types are inferred.
 * `abis.test.ts` checks each against the compiled artifact. Kept apart from abis.ts (size).
 * The EntryPoint's ABI is viem's `entryPoint08Abi` (viem/account-abstraction).
 */

const packedUserOperation =
  'struct PackedUserOperation { address sender; uint256 nonce; bytes initCode; bytes callData; bytes32 accountGasLimits; uint256 preVerificationGas; bytes32 gasFees; bytes paymasterAndData; bytes signature; }';

export const keelSmartAccountAbi = parseAbi([
  packedUserOperation,
  'function validateUserOp(PackedUserOperation userOp, bytes32 userOpHash, uint256 missingAccountFunds) returns (uint256 validationData)',
  'struct SessionScope { uint48 validAfter; uint48 validUntil; address token; uint128 perOpCap; uint128 totalCap; uint128 valuePerCall; address[] targets; bytes4[] selectors; address[] recipients; }',
  'struct Call { address target; uint256 value; bytes data; }',
  'function execute(address target, uint256 value, bytes data)',
  'function executeBatch(Call[] calls)',
  'function grantSession(address key, SessionScope scope)',
  'function revokeSession(address key)',
  'function sessions(address key) view returns (uint64 grantId, uint48 validAfter, uint48 validUntil, address token, uint128 perOpCap, uint128 totalCap, uint128 spent, uint128 valuePerCall)',
  'function isCallAllowed(address key, address target, bytes4 selector) view returns (bool)',
  'function isRecipientAllowed(address key, address recipient) view returns (bool)',
  'function owner() view returns (address)',
  'function entryPoint() view returns (address)',
  'function getNonce() view returns (uint256)',
  'function getDeposit() view returns (uint256)',
  'function addDeposit() payable',
  'function withdrawDepositTo(address withdrawAddress, uint256 amount)',
  'event SessionGranted(address indexed key, uint64 grantId, SessionScope scope)',
  'event SessionRevoked(address indexed key, uint64 grantId)',
  'event SessionSpent(address indexed key, uint64 grantId, uint256 amount, uint256 spentTotal)',
  'error SessionScopeViolation(uint8 reason, uint256 callIndex)',
  'error InvalidSessionGrant()',
  'error NotAuthorized()',
  'error ExecuteError(uint256 index, bytes reason)',
]);

export const keelSmartAccountFactoryAbi = parseAbi([
  'function createAccount(address owner, uint256 salt) returns (address account)',
  'function getAddress(address owner, uint256 salt) view returns (address)',
  'function accountImplementation() view returns (address)',
  'function senderCreator() view returns (address)',
  'error OnlySenderCreator()',
]);

export const keelPaymasterAbi = parseAbi([
  packedUserOperation,
  'function getHash(PackedUserOperation userOp, uint48 validUntil, uint48 validAfter) view returns (bytes32)',
  'function parsePaymasterAndData(bytes paymasterAndData) pure returns (uint48 validUntil, uint48 validAfter, bytes signature)',
  'function verifyingSigner() view returns (address)',
  'function entryPoint() view returns (address)',
  'function owner() view returns (address)',
  'function deposit() payable',
  'function getDeposit() view returns (uint256)',
  'function withdrawTo(address withdrawAddress, uint256 amount)',
  'function addStake(uint32 unstakeDelaySec) payable',
  'error InvalidPaymasterData(uint256 length)',
]);
