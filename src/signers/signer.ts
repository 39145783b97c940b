import type { Address, Hex, TransactionSerializable, TypedDataDefinition } from 'viem';
import { PermanentError } from '../lib/errors.ts';

/**
 * The one signing interface of Keel's write path. A signer turns a fully specified
 * transaction (nonce, gas, fees and chain id already decided by the pipeline) into a signed
 * raw transaction; it never chooses fields itself and never broadcasts.
 */

/** A transaction ready to sign. `chainId` is required: Keel signs nothing replayable across chains. */
export type SignableTransaction = TransactionSerializable & { chainId: number };

/** How a signer was configured: an encrypted keystore, a plaintext dev key, or a remote service. */
export type SignerType = 'local' | 'local_dev' | 'remote';

export interface Signer {
  /** Configured name (`treasury`, …): how the API and jobs refer to the account. */
  readonly name: string;
  /** What the account is for (`treasury`, `operations`, …). */
  readonly role: string;
  readonly address: Address;
  /** Where the key lives: in this process (`local`) or behind a JSON-RPC signer (`remote`). */
  readonly kind: 'local' | 'remote';
  /** The configured signer type (`local` keystore, `local_dev` key, `remote`). */
  readonly type: SignerType;
  /** Signs `tx` and returns the serialized signed transaction, ready for `eth_sendRawTransaction`. */
  signTransaction(tx: SignableTransaction): Promise<Hex>;
  /**
   * Signs `message` the EIP-191 way (`personal_sign`: "\x19Ethereum Signed Message:\n" + length
   * + message) and returns the 65-byte signature. Used for proofs of control (attestations),
   * never for anything the chain executes.
   */
  signMessage(args: { message: SignableMessage }): Promise<Hex>;
  /**
   * Signs EIP-712 typed data (`eth_signTypedData_v4`) and returns the 65-byte signature over
   * its hash, without any prefix. Used for what a contract checks against an EIP-712 digest: an
   * ERC-4337 v0.8 user operation, whose userOpHash is the typed-data hash of the operation in
   * the EntryPoint's domain. A signer sees the domain (chain, EntryPoint) and every field it
   * signs, unlike a blind raw-hash signature, which could be any digest (a transaction's too).
   */
  signTypedData(typedData: SignableTypedData): Promise<Hex>;
}

/** EIP-712 typed data to sign: domain, types (without `EIP712Domain`), primary type and message. */
export type SignableTypedData = TypedDataDefinition;

/** A message to sign: UTF-8 text, or raw bytes given as `{ raw: '0x…' }`. */
export type SignableMessage = string | { raw: Hex };

/** The public description of a signer: what `toJSON`, `toString` and `inspect` show. */
export interface SignerDescription {
  name: string;
  role: string;
  address: Address;
  kind: 'local' | 'remote';
  type: SignerType;
}

/** The description of a signer, safe to log and to return from the API. */
export function describeSigner(s: Signer): SignerDescription {
  return { name: s.name, role: s.role, address: s.address, kind: s.kind, type: s.type };
}

/**
 * A signed transaction came back signed by another address than the configured one, or
 * differs from the transaction that was asked for. Permanent: the signer is misconfigured or
 * compromised, and nothing it signed may be broadcast.
 */
export class SignerMismatchError extends PermanentError {
  constructor(signer: string, detail: string, extra: Record<string, unknown> = {}) {
    super('signer_mismatch', `signer ${signer}: ${detail}; the transaction was not broadcast`, {
      extra: { signer, ...extra },
    });
  }
}

/** A transaction the signer refuses before signing (missing chain id, wrong type…). */
export class UnsignableTransactionError extends PermanentError {
  constructor(signer: string, detail: string) {
    super('transaction_unsignable', `signer ${signer}: ${detail}`);
  }
}

/** Refuses transactions without an EIP-155 chain id (they could be replayed on any chain). */
export function assertSignable(signer: string, tx: SignableTransaction): void {
  if (!Number.isSafeInteger(tx.chainId) || tx.chainId <= 0) {
    throw new UnsignableTransactionError(signer, 'a positive chainId is required (EIP-155 replay protection)');
  }
  if (tx.nonce === undefined)
    throw new UnsignableTransactionError(signer, 'the nonce must be set by the pipeline before signing');
  if (tx.gas === undefined) throw new UnsignableTransactionError(signer, 'the gas limit must be set before signing');
}
