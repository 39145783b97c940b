import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { decryptKeystore, encryptKeystore } from './keystore.ts';

// Test vectors of the Web3 Secret Storage definition (ethereum.org / the Ethereum wiki).
const VECTOR_KEY = '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d';
const pbkdf2Vector = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46',
    kdf: 'pbkdf2',
    kdfparams: {
      c: 262144,
      dklen: 32,
      prf: 'hmac-sha256',
      salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd',
    },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};
const scryptVector = {
  crypto: {
    cipher: 'aes-128-ctr',
    cipherparams: { iv: '83dbcc02d8ccb40e466191a123791e0e' },
    ciphertext: 'd172bf743a674da9cdad04534d56926ef8358534d458fffccd4e6ad2fbde479c',
    kdf: 'scrypt',
    kdfparams: {
      dklen: 32,
      n: 262144,
      p: 8,
      r: 1,
      salt: 'ab0c7876052600dd703518d6fc3fe8984592145b591fc8fb5c6d43190334ba19',
    },
    mac: '2103ac29920d71da29f15d75b4a16dbe95cfd7ff8faea1056c33131d846e3097',
  },
  id: '3198bc9c-6672-5ab3-d995-4942343ae5b6',
  version: 3,
};

describe('V3 keystores', () => {
  it('opens the standard pbkdf2 test vector', async () => {
    const { privateKey, address } = await decryptKeystore(JSON.stringify(pbkdf2Vector), 'testpassword');
    expect(privateKey).toBe(VECTOR_KEY);
    expect(address).toBe(privateKeyToAddress(VECTOR_KEY));
  });

  it('explains scrypt parameters node:crypto cannot run (the wiki vector uses r = 1, n = 2^18)', async () => {
    await expect(decryptKeystore(scryptVector, 'testpassword')).rejects.toThrow(/re-encrypt the key with r = 8/);
  });

  it('round-trips a key with scrypt and pbkdf2, and refuses a wrong password without echoing it', async () => {
    const key = generatePrivateKey();
    for (const kdf of ['scrypt', 'pbkdf2'] as const) {
      const ks = await encryptKeystore(key, 'correct horse', { kdf, scryptN: 2 ** 12, pbkdf2Rounds: 1_000 });
      expect(ks.address).toBe(privateKeyToAddress(key).slice(2).toLowerCase());
      expect(JSON.stringify(ks)).not.toContain(key.slice(2));
      const opened = await decryptKeystore(ks, 'correct horse');
      expect(opened.privateKey).toBe(key);
      const err = await decryptKeystore(ks, 'wrong horse battery').catch((e: Error) => e);
      expect(err).toMatchObject({ code: 'keystore_locked' });
      expect(String((err as Error).message)).not.toContain('wrong horse');
    }
  });

  it('refuses damaged files, foreign formats, absurd KDF costs and a recorded address that does not match', async () => {
    const ks = await encryptKeystore(generatePrivateKey(), 'pw', { scryptN: 2 ** 10 });
    const tampered = {
      ...ks,
      crypto: { ...ks.crypto, ciphertext: ks.crypto.ciphertext.replace(/^./, (c) => (c === 'a' ? 'b' : 'a')) },
    };
    await expect(decryptKeystore(tampered, 'pw')).rejects.toMatchObject({ code: 'keystore_locked' });
    await expect(decryptKeystore('{not json', 'pw')).rejects.toMatchObject({ code: 'keystore_invalid' });
    await expect(
      decryptKeystore({ version: 3, crypto: { ...ks.crypto, cipher: 'aes-256-gcm' } }, 'pw'),
    ).rejects.toMatchObject({ code: 'keystore_invalid' });
    const costly = { ...ks, crypto: { ...ks.crypto, kdfparams: { ...ks.crypto.kdfparams, n: 2 ** 24 } } };
    await expect(decryptKeystore(costly, 'pw')).rejects.toMatchObject({ code: 'keystore_invalid' });
    const lying = { ...ks, address: '70997970c51812dc3a010c7d01b50e0d17dc79c8' };
    await expect(decryptKeystore(lying, 'pw')).rejects.toThrow(/records address/);
  });
});
