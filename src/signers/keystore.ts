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
import { scryptAsync as nobleScryptAsync } from '@noble/hashes/scrypt';
import { bytesToHex, getAddress, hexToBytes, keccak256, type Address, type Hex } from 'viem';
import { privateKeyToAddress } from 'viem/accounts';
import { z } from 'zod';
import { PermanentError } from '../lib/errors.ts';

/**
 * Ethereum V3 keystores (the format of geth, clef, `cast wallet` and MetaMask exports):
 * the key is encrypted with AES-128-CTR under a key derived from a password by scrypt (or
 * PBKDF2-HMAC-SHA256), and a keccak MAC detects a wrong password or a damaged file.
 * Implemented with node:crypto, plus @noble/hashes' scrypt (audited, and already what viem and ox
 * run) for parameters OpenSSL refuses.
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

// Bounds for the KDF cost: high enough for every real keystore (geth: n = 2^18, r = 8, p = 1; ox and
// the Web3 Secret Storage vector: n = 2^18, r = 1, p = 8; pbkdf2 c = 262144), low enough that a
// crafted file cannot make start-up allocate gigabytes or spin for minutes.
const MAX_SCRYPT_N = 2 ** 20;
/** 128·n·r bytes of scrypt memory: 1 GiB at most. */
const MAX_SCRYPT_NR = 2 ** 23;
/** Work grows with n·r·p: 4 times geth's standard at most. */
const MAX_SCRYPT_NRP = 2 ** 23;
const MAX_PBKDF2_ROUNDS = 10_000_000;

type ScryptParams = { dklen: number; n: number; r: number; p: number; salt: string };

const unhex = (s: string): Buffer => Buffer.from(s.replace(/^0x/, ''), 'hex');

/**
 * OpenSSL (behind node:crypto) refuses scrypt unless n < 2^(16 r): with r = 1 that excludes the
 * n = 2^18 of ox/viem's default and of the Web3 Secret Storage vector. It reports this as
 * "memory limit exceeded" whatever `maxmem` says.
 */
export function nodeRunsScrypt(n: number, r: number): boolean {
  return n < 2 ** (16 * r);
}

function nodeScrypt(password: Uint8Array, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const opts: ScryptOptions = {
    N: params.n,
    r: params.r,
    p: params.p,
    maxmem: 128 * params.n * params.r + 128 * params.r * params.p + 32 * 1024 * 1024,
  };
  return new Promise((resolve, reject) =>
    scrypt(password, salt, params.dklen, opts, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/**
 * scrypt in node:crypto (OpenSSL, on the libuv thread pool: about 1.5 times faster than JS and off the
 * event loop) when it accepts the parameters, else @noble/hashes (pure JS; its async form yields to the
 * event loop every few milliseconds). Both compute the same function.
 */
async function scryptKey(password: Uint8Array, params: ScryptParams): Promise<Buffer> {
  const { n, r, p } = params;
  if (n > MAX_SCRYPT_N || n < 2 || (n & (n - 1)) !== 0 || n * r > MAX_SCRYPT_NR || n * r * p > MAX_SCRYPT_NRP) {
    throw new KeystoreError(
      'keystore_invalid',
      `scrypt parameters out of bounds (n a power of two up to 2^20, n·r up to 2^23, n·r·p up to 2^23; got n = ${n}, r = ${r}, p = ${p})`,
    );
  }
  const salt = unhex(params.salt);
  if (nodeRunsScrypt(n, r)) {
    try {
      return await nodeScrypt(password, salt, params);
    } catch (err) {
      // Another OpenSSL build may draw its limits elsewhere: the JS implementation has none of them.
      if ((err as { code?: string }).code !== 'ERR_CRYPTO_INVALID_SCRYPT_PARAMS') throw err;
    }
  }
  const key = await nobleScryptAsync(password, salt, {
    N: n,
    r,
    p,
    dkLen: params.dklen,
    maxmem: 128 * n * r + 128 * r * p + 1024,
  });
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength);
}

function deriveKey(password: Uint8Array, params: KeystoreV3['crypto']['kdfparams']): Promise<Buffer> {
  if ('n' in params) return scryptKey(password, params);
  if (params.c > MAX_PBKDF2_ROUNDS) {
    return Promise.reject(new KeystoreError('keystore_invalid', `pbkdf2 rounds above ${MAX_PBKDF2_ROUNDS}`));
  }
  return new Promise((resolve, reject) =>
    pbkdf2(password, unhex(params.salt), params.c, params.dklen, 'sha256', (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  );
}

/**
 * The password bytes to try, in order. ethers (and Keel's own `encryptKeystore`) NFKC-normalise the
 * password; geth and ox use its UTF-8 bytes as given. The two differ only for compatibility
 * characters (ligatures, full-width forms), and only then is a second derivation tried.
 */
function passwordCandidates(password: string): Uint8Array[] {
  const normalised = Buffer.from(password.normalize('NFKC'), 'utf8');
  const raw = Buffer.from(password, 'utf8');
  return normalised.equals(raw) ? [normalised] : [normalised, raw];
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
  const expected = unhex(c.mac);
  let derived: Buffer | undefined;
  for (const candidate of passwordCandidates(password)) {
    const key = await deriveKey(candidate, c.kdfparams);
    candidate.fill(0);
    const actual = mac(key, ciphertext);
    // Constant time: how much of the MAC matched must not leak through timing.
    if (expected.length === actual.length && timingSafeEqual(expected, actual)) {
      derived = key;
      break;
    }
    key.fill(0);
  }
  if (!derived) {
    throw new KeystoreError(
      'keystore_locked',
      'the keystore password is wrong or the file is damaged (MAC check failed)',
    );
  }
  try {
    const decipher = createDecipheriv('aes-128-ctr', derived.subarray(0, 16), unhex(c.cipherparams.iv));
    const plain = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    if (plain.length === 0 || plain.length > 32)
      throw new KeystoreError('keystore_invalid', 'the keystore does not hold a 32-byte secp256k1 key');
    // Old tools wrote the key as a big-endian integer without its leading zero bytes (go-ethereum's
    // 30- and 31-byte test vectors); geth reads it back as that integer, and so does Keel.
    const keyBytes = Buffer.alloc(32);
    plain.copy(keyBytes, 32 - plain.length);
    plain.fill(0);
    const privateKey = bytesToHex(keyBytes);
    keyBytes.fill(0);
    let address: Address;
    try {
      address = privateKeyToAddress(privateKey);
    } catch {
      throw new KeystoreError('keystore_invalid', 'the keystore holds a value that is not a secp256k1 private key');
    }
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
  const derived = await deriveKey(Buffer.from(password.normalize('NFKC'), 'utf8'), kdfparams);
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
