import {
  createCipheriv,
  createDecipheriv,
  pbkdf2,
  randomBytes,
  randomUUID,
  scrypt,
  timingSafeEqual,
  type ScryptOptions,
} from 'node:crypto';
import { bytesToHex, getAddress, hexToBytes, keccak256, type Address, type Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { z } from 'zod';
import { PermanentError } from '../lib/errors.ts';

/**
 * Ethereum V3 keystores (the format of geth, clef, `cast wallet` and MetaMask exports):
 * the key is encrypted with AES-128-CTR under a key derived from a password by scrypt (or
 * PBKDF2-HMAC-SHA256), and a keccak MAC detects a wrong password or a damaged file.
 * Implemented with node:crypto so no key material passes through another dependency.
 */

const hex = z.string().regex(/^(0x)?[0-9a-fA-F]*$/, 'hex');

const cryptoSection = z.object({
  cipher: z.literal('aes-128-ctr'),
  cipherparams: z.object({ iv: hex }),
  ciphertext: hex,
  kdf: z.enum(['scrypt', 'pbkdf2']),
  kdfparams: z.union([
    z.object({
      dklen: z.number().int().min(32).max(64),
      n: z.number().int().min(2),
      r: z.number().int().min(1),
      p: z.number().int().min(1),
      salt: hex,
    }),
    z.object({
      dklen: z.number().int().min(32).max(64),
      c: z.number().int().min(1),
      prf: z.literal('hmac-sha256'),
      salt: hex,
    }),
  ]),
  mac: hex,
});

const keystoreSchema = z
  .object({
    version: z.literal(3),
    id: z.string().optional(),
    address: z.string().optional(),
    crypto: cryptoSection.optional(),
    // Some wallets (MyEtherWallet) write the section capitalised.
    Crypto: cryptoSection.optional(),
  })
  .refine((k) => k.crypto ?? k.Crypto, 'missing crypto section');

/** A V3 keystore document as written to disk. */
export interface KeystoreV3 {
  version: 3;
  id: string;
  /** Lower-case address without 0x, as geth writes it. */
  address: string;
  crypto: {
    cipher: 'aes-128-ctr';
    cipherparams: { iv: string };
    ciphertext: string;
    kdf: 'scrypt' | 'pbkdf2';
    kdfparams:
      | { dklen: number; n: number; r: number; p: number; salt: string }
      | { dklen: number; c: number; prf: 'hmac-sha256'; salt: string };
    mac: string;
  };
}

/** A keystore that cannot be read (malformed, unsupported) or opened (wrong password, damaged). */
export class KeystoreError extends PermanentError {
  constructor(code: 'keystore_invalid' | 'keystore_locked', detail: string) {
    super(code, detail);
  }
}

// Bounds for the KDF cost: high enough for every real keystore (geth: n = 2^18, c = 262144),
// low enough that a crafted file cannot make start-up allocate gigabytes or spin for minutes.
const MAX_SCRYPT_N = 2 ** 20;
const MAX_PBKDF2_ROUNDS = 10_000_000;

const unhex = (s: string): Buffer => Buffer.from(s.replace(/^0x/, ''), 'hex');

function deriveKey(password: string, params: KeystoreV3['crypto']['kdfparams']): Promise<Buffer> {
  const salt = unhex(params.salt);
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, key: Buffer) => (err ? reject(err) : resolve(key));
    if ('n' in params) {
      if (params.n > MAX_SCRYPT_N || (params.n & (params.n - 1)) !== 0) {
        reject(new KeystoreError('keystore_invalid', `scrypt n must be a power of two up to 2^20 (got ${params.n})`));
        return;
      }
      if (params.r < 8 && params.n >= 2 ** (16 * params.r)) {
        // OpenSSL (node:crypto) requires N < 2^(16 r); every geth, clef, cast and MetaMask file uses r = 8.
        reject(
          new KeystoreError(
            'keystore_invalid',
            `scrypt n = ${params.n} with r = ${params.r} is not supported (n must be below 2^(16 r)); re-encrypt the key with r = 8`,
          ),
        );
        return;
      }
      const opts: ScryptOptions = {
        N: params.n,
        r: params.r,
        p: params.p,
        maxmem: 256 * params.n * params.r * params.p + 32 * 1024 * 1024,
      };
      scrypt(password.normalize('NFKC'), salt, params.dklen, opts, done);
    } else {
      if (params.c > MAX_PBKDF2_ROUNDS) {
        reject(new KeystoreError('keystore_invalid', `pbkdf2 rounds above ${MAX_PBKDF2_ROUNDS}`));
        return;
      }
      pbkdf2(password.normalize('NFKC'), salt, params.c, params.dklen, 'sha256', done);
    }
  });
}

function mac(derived: Buffer, ciphertext: Buffer): Buffer {
  return Buffer.from(hexToBytes(keccak256(Buffer.concat([derived.subarray(16, 32), ciphertext]))));
}

/**
 * Parses and decrypts a V3 keystore. Returns the key and its address; throws a
 * `KeystoreError` (without any secret in its message) for a malformed file, a wrong password
 * or a file whose recorded address does not match its key.
 */
export async function decryptKeystore(
  source: string | object,
  password: string,
): Promise<{ privateKey: Hex; address: Address }> {
  let doc: unknown = source;
  if (typeof source === 'string') {
    try {
      doc = JSON.parse(source);
    } catch {
      throw new KeystoreError('keystore_invalid', 'the keystore is not JSON');
    }
  }
  const parsed = keystoreSchema.safeParse(doc);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
    throw new KeystoreError(
      'keystore_invalid',
      `not a supported V3 keystore (scrypt or pbkdf2 with aes-128-ctr); check: ${fields}`,
    );
  }
  const c = (parsed.data.crypto ?? parsed.data.Crypto)!;
  const ciphertext = unhex(c.ciphertext);
  const derived = await deriveKey(password, c.kdfparams);
  try {
    const expected = unhex(c.mac);
    const actual = mac(derived, ciphertext);
    if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
      throw new KeystoreError(
        'keystore_locked',
        'the keystore password is wrong or the file is damaged (MAC check failed)',
      );
    }
    const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), unhex(c.cipherparams.iv));
    const keyBytes = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    if (keyBytes.length !== 32)
      throw new KeystoreError('keystore_invalid', 'the keystore does not hold a 32-byte secp256k1 key');
    const privateKey = bytesToHex(keyBytes);
    keyBytes.fill(0);
    const address = privateKeyToAddress(privateKey);
    if (parsed.data.address) {
      const recorded = parsed.data.address.startsWith('0x') ? parsed.data.address : `0x${parsed.data.address}`;
      if (recorded.toLowerCase() !== address.toLowerCase()) {
        throw new KeystoreError(
          'keystore_invalid',
          `the keystore records address ${recorded} but its key belongs to ${address}`,
        );
      }
    }
    return { privateKey, address: getAddress(address) };
  } finally {
    derived.fill(0);
  }
}

export interface EncryptKeystoreOptions {
  kdf?: 'scrypt' | 'pbkdf2';
  /** scrypt cost (default 2^18, geth's "standard"); tests may use less. */
  scryptN?: number;
  /** PBKDF2 rounds (default 262144). */
  pbkdf2Rounds?: number;
}

/**
 * Encrypts a key into a V3 keystore any Ethereum wallet opens (for `keel` tooling and
 * tests). The result holds no plaintext; write it with mode 0600 all the same.
 */
export async function encryptKeystore(
  privateKey: Hex,
  password: string,
  opts: EncryptKeystoreOptions = {},
): Promise<KeystoreV3> {
  const salt = randomBytes(32).toString('hex');
  const iv = randomBytes(16);
  const kdfparams: KeystoreV3['crypto']['kdfparams'] =
    opts.kdf === 'pbkdf2'
      ? { dklen: 32, c: opts.pbkdf2Rounds ?? 262_144, prf: 'hmac-sha256', salt }
      : { dklen: 32, n: opts.scryptN ?? 2 ** 18, r: 8, p: 1, salt };
  const derived = await deriveKey(password, kdfparams);
  const keyBytes = Buffer.from(hexToBytes(privateKey));
  try {
    if (keyBytes.length !== 32) throw new KeystoreError('keystore_invalid', 'a private key is 32 bytes');
    const cipher = createCipheriv('aes-128-ctr', derived.subarray(0, 16), iv);
    const ciphertext = Buffer.concat([cipher.update(keyBytes), cipher.final()]);
    return {
      version: 3,
      id: randomUUID(),
      address: privateKeyToAddress(privateKey).slice(2).toLowerCase(),
      crypto: {
        cipher: 'aes-128-ctr',
        cipherparams: { iv: iv.toString('hex') },
        ciphertext: ciphertext.toString('hex'),
        kdf: opts.kdf ?? 'scrypt',
        kdfparams,
        mac: mac(derived, ciphertext).toString('hex'),
      },
    };
  } finally {
    derived.fill(0);
    keyBytes.fill(0);
  }
}
