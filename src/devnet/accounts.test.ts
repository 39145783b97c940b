import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/load.ts';
import {
  ANVIL_MNEMONIC,
  attestation,
  deployer,
  devAccounts,
  operations,
  paymasterSigner,
  smartAccountOwner,
  treasury,
  users,
} from './accounts.ts';

describe('dev accounts', () => {
  const all = [deployer, treasury, operations, ...users, attestation, paymasterSigner, smartAccountOwner];

  it('each key belongs to its address and to its index on the anvil mnemonic', () => {
    for (const a of all) {
      expect(privateKeyToAccount(a.privateKey).address).toBe(a.address);
      expect(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: a.index }).address).toBe(a.address);
    }
  });

  it('gives every role its own account, with at least four end users', () => {
    expect(all.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 12]);
    expect(new Set(all.map((a) => a.address)).size).toBe(all.length);
    expect(users.length).toBeGreaterThanOrEqual(4);
    expect(devAccounts.treasury).toBe(treasury);
    expect(Object.isFrozen(treasury)).toBe(true);
  });

  it('the dev config names every end user as a demo user on each dev chain', () => {
    const cfg = loadConfig({ file: 'config/development.yaml', vars: {} });
    for (const chain of cfg.chains)
      expect(
        chain.demoUsers.map((u) => u.address),
        `chain ${chain.chainId}`,
      ).toEqual(users.map((u) => u.address));
  });
});
