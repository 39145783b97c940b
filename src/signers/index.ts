/** Signers: the one signing interface of the write path, local keystores and remote JSON-RPC signers. */
export {
  assertSignable,
  describeSigner,
  SignerMismatchError,
  UnsignableTransactionError,
  type SignableMessage,
  type SignableTransaction,
  type Signer,
  type SignerDescription,
  type SignerType,
} from './signer.ts';
export { LocalSigner, type LocalSignerOptions } from './local-signer.ts';
export { RemoteSigner, type RemoteSignerOptions } from './remote-signer.ts';
export {
  decryptKeystore,
  encryptKeystore,
  KeystoreError,
  type EncryptKeystoreOptions,
  type KeystoreV3,
} from './keystore.ts';
export {
  createSignerRegistry,
  signerForRole,
  type SignerRegistry,
  type SignerRegistryOptions,
  type SignersConfig,
} from './registry.ts';
