import { getAddress, getContractAddress, keccak256, stringToHex, type Address, type Hex } from 'viem';
import { loadArtifacts } from '../contracts/compile.ts';
import { PermanentError } from '../lib/errors.ts';

/**
 * Deposit addresses of payment intents, computed off-chain (docs/payments.md). A deposit
 * address is the CREATE2 address at which `KeelDepositFactory` deploys a
 * `KeelDepositForwarder` for the intent's salt; it can receive funds long before anything is
 * deployed there. No I/O beyond reading the committed contract artifact once per process.
 */

let initCodeHash: Hex | undefined;

/**
 * keccak256 of the forwarder's creation code, read once from the committed artifact. The
 * forwarder takes no constructor arguments, so this one constant (with the factory address
 * and the salt) fixes every deposit address; `KeelDepositFactory.FORWARDER_INIT_CODE_HASH`
 * holds the same value on chain.
 */
export function forwarderInitCodeHash(): Hex {
  initCodeHash ??= keccak256(loadArtifacts().contracts.KeelDepositForwarder.bytecode);
  return initCodeHash;
}

/**
 * The CREATE2 salt of a payment intent: keccak256 of its id's UTF-8 bytes.
 *
 * Why a hash rather than the id itself: a salt is exactly 32 bytes, and ids are strings of
 * any length; hashing maps each id to one salt with no padding or truncation rules (where
 * `"pi_1"` and `"pi_1\0"` could collide), and anyone holding the id (an auditor, a support
 * engineer) can recompute the salt and the address from it alone. The chain id is not part
 * of it on purpose: the same intent gets the same address on every chain.
 */
export function depositSalt(intentId: string): Hex {
  if (intentId.length === 0)
    throw new PermanentError('deposit_salt_invalid', 'a deposit salt needs a non-empty payment intent id');
  return keccak256(stringToHex(intentId));
}

/**
 * The deposit address of `intentId` under the deposit factory at `factory`: where the payer
 * sends funds, and where the factory deploys the intent's forwarder on the first sweep. Equal
 * to `factory.forwarderAddress(depositSalt(intentId))`, but needs no RPC call.
 */
export function depositAddress(factory: Address, intentId: string): Address {
  return getContractAddress({
    opcode: 'CREATE2',
    from: getAddress(factory),
    salt: depositSalt(intentId),
    bytecodeHash: forwarderInitCodeHash(),
  });
}
