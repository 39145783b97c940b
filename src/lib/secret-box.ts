import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { PermanentError } from './errors.ts';

/**
 * Encrypts secrets Keel must use again later (webhook signing secrets) with AES-256-GCM
 * under `secrets.encryptionKey`. Stored form: `v1.<iv>.<tag>.<ciphertext>` (base64url).
 * `context` is bound as additional data so a ciphertext cannot be moved to another row.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    this.key = Buffer.from(base64Key, 'base64');
    if (this.key.length !== 32)
      throw new PermanentError('secret_key_invalid', 'secrets.encryptionKey must be 32 bytes (base64)');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join(
      '.',
    );
  }

  open(sealed: string, context: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || !iv || !tag || ct === undefined)
      throw new PermanentError('secret_unreadable', 'stored secret has an unknown format');
    try {
      const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      d.setAAD(Buffer.from(context));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    } catch (err) {
      throw new PermanentError(
        'secret_unreadable',
        'stored secret cannot be decrypted (was secrets.encryptionKey changed?)',
        { cause: err },
      );
    }
  }
}
