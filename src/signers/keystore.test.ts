import { readFileSync } from 'node:fs';
import { type Address, getAddress, type Hex } from 'viem';
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts';
import { describe, expect, it } from 'vitest';
import { decryptKeystore, encryptKeystore, nodeRunsScrypt } from './keystore.ts';

/**
 * Keystores written by other tools (fixtures/README.md says where each comes from). The keys and
 * passwords are public test values.
 */
const FIXTURES: { file: string; password: string; privateKey?: Hex; address: Address }[] = [
  {
    file: 'ox-scrypt.json', // n = 2^18, r = 1, p = 8: node:crypto refuses these, @noble/hashes runs them
    password: 'keel-test-only',
    privateKey: '0xf2c8d965c7840f3a776aa3df43bdd483274a205ccaa3db810739eae4ca15a7b0',
    address: '0x9387C01E7648Eb27E4aD3aDaF0d1c80eF9C2fc79',
  },
  {
    file: 'ox-pbkdf2.json',
    password: 'keel-test-only',
    privateKey: '0x454125c18f12c52d8350d67dd6436d75b126f4a9f844a6f57c89998ad3fb724b',
    address: '0x5cd3C48024738e3E926B842489Af34D7AE5d2b09',
  },
  {
    file: 'ox-scrypt-raw-password.json', // U+FB01: NFKC would turn it into "fi"; ox hashes it as typed
    password: 'keel-\uFB01xture-test-only',
    privateKey: '0x673283b0985d66b49e5f0369024b8cbbc8971e5c1e269eee9c49d07dd95decba',
    address: '0x0A56A14FD3b2eE06e20653761a2D37487f2250e7',
  },
  {
    file: 'ethers-v6-scrypt.json', // `Crypto` capitalised, an `x-ethers` section, n = 2^17, r = 8
    password: 'keel-test-only',
    privateKey: '0x7e17f167be58eb690cb685958a2c39f4350654df26fa97720d82ec96c8753b68',
    address: '0x93A82dD9b7cC7b85aB24a55B76b4d8eca3F65fb4',
  },
  {
    file: 'web3-vector-scrypt.json',
    password: 'testpassword',
    privateKey: '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d',
    address: privateKeyToAddress('0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d'),
  },
  {
    file: 'web3-vector-pbkdf2.json',
    password: 'testpassword',
    privateKey: '0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d',
    address: privateKeyToAddress('0x7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d'),
  },
  {
    file: 'geth-31-byte-key.json',
    password: 'foo',
    privateKey: '0x00fa7b3db73dc7dfdf8c5fbdb796d741e4488628c41fc4febd9160a866ba0f35',
    address: privateKeyToAddress('0x00fa7b3db73dc7dfdf8c5fbdb796d741e4488628c41fc4febd9160a866ba0f35'),
  },
  {
    file: 'geth-30-byte-key.json',
    password: 'foo',
    privateKey: '0x000081c29e8142bb6a81bef5a92bda7a8328a5c85bb2f9542e76f9b0f94fc018',
    address: privateKeyToAddress('0x000081c29e8142bb6a81bef5a92bda7a8328a5c85bb2f9542e76f9b0f94fc018'),
  },
  { file: 'geth-account-file.json', password: 'foobar', address: '0xf466859eAD1932D743d622CB74FC058882E8648A' },
];

const readFixture = (file: string) => readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8');

describe('V3 keystores', () => {
  it.each(FIXTURES)('opens $file', { timeout: 60_000 }, async ({ file, password, privateKey, address }) => {
    const opened = await decryptKeystore(readFixture(file), password);
    if (privateKey) expect(opened.privateKey).toBe(privateKey);
    expect(opened.address).toBe(getAddress(address));
  });

  it('refuses a wrong password for files of other tools, whichever normalisation it tries', async () => {
    for (const [file, password] of [
      ['ox-scrypt-raw-password.json', 'keel-fixture-test-only'], // the NFKC form of the real one
      ['geth-account-file.json', 'foobar '],
    ] as const) {
      await expect(decryptKeystore(readFixture(file), password)).rejects.toMatchObject({ code: 'keystore_locked' });
    }
  });

  it('routes scrypt to node:crypto where OpenSSL runs it and to @noble/hashes where it does not', () => {
    expect(nodeRunsScrypt(2 ** 18, 8)).toBe(true); // geth, cast, MetaMask
    expect(nodeRunsScrypt(2 ** 17, 8)).toBe(true); // ethers
    expect(nodeRunsScrypt(2 ** 18, 1)).toBe(false); // ox / viem, the Web3 Secret Storage vector
    expect(nodeRunsScrypt(2 ** 15, 1)).toBe(true);
    expect(nodeRunsScrypt(2 ** 16, 1)).toBe(false);
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
    for (const over of [{ p: 2 ** 14 }, { r: 2 ** 14 }, { n: 3 }]) {
      const crafted = { ...ks, crypto: { ...ks.crypto, kdfparams: { ...ks.crypto.kdfparams, ...over } } };
      await expect(decryptKeystore(crafted, 'pw')).rejects.toMatchObject({ code: 'keystore_invalid' });
    }
    const lying = { ...ks, address: '70997970c51812dc3a010c7d01b50e0d17dc79c8' };
    await expect(decryptKeystore(lying, 'pw')).rejects.toThrow(/records address/);
  });
});
