import { getAddress, type Address, type Hex } from 'viem';

/**
 * Roles on anvil's well-known development accounts. These keys come from the public
 * "test … junk" mnemonic: anyone can sign with them, so they exist only on local chains.
 */

/** anvil's default mnemonic; account i is derived at m/44'/60'/0'/0/i. */
export const ANVIL_MNEMONIC = 'test test test test test test test test test test test junk';

export interface DevAccount {
  /** Index on the anvil mnemonic. */
  index: number;
  address: Address;
  privateKey: Hex;
}

const keys: readonly (readonly [Address, Hex])[] = [
  ['0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266', '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'],
  ['0x70997970C51812dc3A010C7d01b50e0d17dc79C8', '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'],
  ['0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC', '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'],
  ['0x90F79bf6EB2c4f870365E785982E1f101E93b906', '0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6'],
  ['0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65', '0x47e179ec197488593b187f80a00eb0da91f1b9d0b13f8733639f19c30a34926a'],
  ['0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc', '0x8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba'],
  ['0x976EA74026E726554dB657fA54763abd0C3a0aa9', '0x92db14e403b83dfe3df233f83dfa3a0d7096f21ca9b0d6d6b8d88b2b4ec1564e'],
  ['0x14dC79964da2C08b23698B3D3cc7Ca32193d9955', '0x4bbbf85ce3377467afe5d46f804f221813b2bb87f24d81f60f1fcdbf7cbf4356'],
  ['0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f', '0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97'],
];

function account(index: number): DevAccount {
  const entry = keys[index];
  if (!entry) throw new Error(`no dev key for anvil account ${index}`);
  return Object.freeze({ index, address: getAddress(entry[0]), privateKey: entry[1] });
}

/** Owns the test tokens and price feeds and deploys the demo world (index 0). */
export const deployer: DevAccount = account(0);
/** Keel's treasury signer on dev chains (index 1). */
export const treasury: DevAccount = account(1);
/** Keel's operations signer on dev chains: payouts, refunds, gas (index 2). */
export const operations: DevAccount = account(2);
/** Independent end-user wallets (indexes 3..6) seeded with tokens, allowances and vault shares. */
export const users: readonly DevAccount[] = Object.freeze([account(3), account(4), account(5), account(6)]);

/**
 * Keel's attestation signer on dev chains (index 7): signs proof-of-reserves attestations and is
 * the publisher of the dev attestation registry (docs/proof-of-reserves.md).
 */
export const attestation: DevAccount = account(7);

/**
 * Keel's paymaster sponsor on dev chains (index 8): the `verifyingSigner` of the demo
 * KeelPaymaster, signing which user operations it pays for (docs/account-abstraction.md).
 */
export const paymasterSigner: DevAccount = account(8);

/**
 * Owns custodial smart accounts on dev chains (index 12, past anvil's ten funded accounts: it
 * signs user operations and never pays gas, so it holds nothing): role `smart_account_owner`.
 */
export const smartAccountOwner: DevAccount = Object.freeze({
  index: 12,
  address: getAddress('0xFABB0ac9d68B0B445fB7357272Ff202C5651694a'),
  privateKey: '0xa267530f49f8280200edf313ee7af6b827f2a8bce2897751d06a843f644967b1',
});

/** Every dev role in one object, e.g. for writing the dev manifest. */
export const devAccounts = Object.freeze({
  deployer,
  treasury,
  operations,
  users,
  attestation,
  paymasterSigner,
  smartAccountOwner,
});
