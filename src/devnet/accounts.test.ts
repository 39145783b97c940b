import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { ANVIL_MNEMONIC, deployer, devAccounts, operations, treasury, users } from './accounts.ts';

describe('dev accounts', () => {
  const all = [deployer, treasury, operations, ...users];

  it('each key belongs to its address and to its index on the anvil mnemonic', () => {
    for (const a of all) {
      expect(privateKeyToAccount(a.privateKey).address).toBe(a.address);
      expect(mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: a.index }).address).toBe(a.address);
    }
  });

  it('gives every role its own account, with at least four end users', () => {
    expect(all.map((a) => a.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(new Set(all.map((a) => a.address)).size).toBe(all.length);
    expect(users.length).toBeGreaterThanOrEqual(4);
    expect(devAccounts.treasury).toBe(treasury);
    expect(Object.isFrozen(treasury)).toBe(true);
  });
});
