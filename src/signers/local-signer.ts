import { inspect } from 'node:util';
import type { Address, Hex, LocalAccount } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { PermanentError } from '../lib/errors.ts';
import {
  assertSignable,
  describeSigner,
  type SignableMessage,
  type SignableTransaction,
  type SignableTypedData,
  type Signer,
  type SignerDescription,
} from './signer.ts';

export interface LocalSignerOptions {
  name: string;
  role: string;
  /** `local` for a key decrypted from a keystore, `local_dev` for a plaintext development key. */
  type: 'local' | 'local_dev';
  privateKey: Hex;
}

/**
 * A signer whose key lives in this process's memory only. The key sits in a private class
 * field behind viem's account closure: it is not an enumerable property, and `toJSON`,
 * `toString` and `util.inspect` show only the public description, so logging or serialising
 * the signer can never print it.
 */
export class LocalSigner implements Signer {
  readonly name: string;
  readonly role: string;
  readonly address: Address;
  readonly kind = 'local' as const;
  readonly type: 'local' | 'local_dev';
  readonly #account: LocalAccount;

  constructor(opts: LocalSignerOptions) {
    let account: LocalAccount;
    try {
      account = privateKeyToAccount(opts.privateKey);
    } catch {
      // viem's message may quote its input: replace it with one that cannot.
      throw new PermanentError(
        'signer_key_invalid',
        `signer ${opts.name}: the private key is not a valid secp256k1 key`,
      );
    }
    this.name = opts.name;
    this.role = opts.role;
    this.type = opts.type;
    this.address = account.address;
    this.#account = account;
  }

  /** Signs with the in-memory key; refuses transactions without chain id, nonce or gas. */
  async signTransaction(tx: SignableTransaction): Promise<Hex> {
    assertSignable(this.name, tx);
    try {
      return await this.#account.signTransaction(tx);
    } catch (err) {
      // Serialisation errors describe the transaction (public data), never the key.
      throw new PermanentError(
        'transaction_unsignable',
        `signer ${this.name}: ${(err as Error).message.split('\n')[0]}`,
        { cause: err },
      );
    }
  }

  /** EIP-191 signature of `message` with the in-memory key. */
  async signMessage({ message }: { message: SignableMessage }): Promise<Hex> {
    return this.#account.signMessage({ message });
  }

  /** EIP-712 signature of `typedData` with the in-memory key. */
  async signTypedData(typedData: SignableTypedData): Promise<Hex> {
    return this.#account.signTypedData(typedData);
  }

  toJSON(): SignerDescription {
    return describeSigner(this);
  }

  toString(): string {
    return `LocalSigner(${this.name} ${this.address})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
