import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { inspect } from 'node:util';
import type { Address, Hex } from 'viem';
import type { SignerSettings } from '../config/schema.ts';
import { ConfigError, KeelError, ValidationError, type FieldError } from '../lib/errors.ts';
import { silentLogger, type Logger } from '../lib/logger.ts';
import { decryptKeystore } from './keystore.ts';
import { LocalSigner } from './local-signer.ts';
import { RemoteSigner } from './remote-signer.ts';
import { describeSigner, type Signer, type SignerDescription } from './signer.ts';

/** The accounts Keel signs for, by name and by address. */
export interface SignerRegistry {
  get(name: string): Signer | undefined;
  /** The signer named `name`, or a 422 `validation_failed` naming the field `signer`. */
  require(name: string): Signer;
  byAddress(address: Address): Signer | undefined;
  byRole(role: string): Signer[];
  all(): Signer[];
  /** Public descriptions only (what `GET /v1/accounts` may show). */
  toJSON(): SignerDescription[];
}

export interface SignerRegistryOptions {
  /** Where keystore passwords are read (`passwordEnv`); default `process.env`. */
  vars?: Record<string, string | undefined>;
  /** Base directory of relative keystore paths; default the working directory. */
  cwd?: string;
  logger?: Logger;
  fetchFn?: typeof fetch;
}

/** The part of the configuration the registry needs. */
export interface SignersConfig {
  env: 'development' | 'test' | 'production';
  signers: readonly SignerSettings[];
}

/**
 * Builds every configured signer once, at start: keystores are decrypted here (their keys
 * then live in memory only), dev keys are refused in production, and addresses must be
 * unique. Every problem is reported in one `ConfigError`, one line per signer, none of them
 * quoting a key or a password.
 */
export async function createSignerRegistry(
  config: SignersConfig,
  opts: SignerRegistryOptions = {},
): Promise<SignerRegistry> {
  const vars = opts.vars ?? process.env;
  const logger = (opts.logger ?? silentLogger()).child({ module: 'signers' });
  const errors: FieldError[] = [];
  const built = await Promise.all(
    config.signers.map(async (s, i): Promise<Signer | undefined> => {
      const field = (f: string) => `signers.${i}.${f}`;
      try {
        switch (s.type) {
          case 'local_dev':
            if (config.env === 'production') {
              errors.push({
                field: field('type'),
                code: 'dev_key_in_production',
                message: `signer ${s.name}: local_dev keys are refused in production`,
              });
              return undefined;
            }
            return new LocalSigner({ name: s.name, role: s.role, type: 'local_dev', privateKey: s.privateKey as Hex });
          case 'local': {
            const password = vars[s.passwordEnv];
            if (password === undefined || password === '') {
              errors.push({
                field: field('passwordEnv'),
                code: 'missing_env',
                message: `signer ${s.name}: environment variable ${s.passwordEnv} (the keystore password) is not set`,
              });
              return undefined;
            }
            const path = resolve(opts.cwd ?? process.cwd(), s.keystore);
            let text: string;
            try {
              text = await readFile(path, 'utf8');
            } catch (err) {
              errors.push({
                field: field('keystore'),
                code: 'unreadable',
                message: `signer ${s.name}: cannot read keystore ${path} (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
              });
              return undefined;
            }
            const { privateKey } = await decryptKeystore(text, password);
            return new LocalSigner({ name: s.name, role: s.role, type: 'local', privateKey });
          }
          case 'remote':
            return new RemoteSigner({
              name: s.name,
              role: s.role,
              url: s.url,
              address: s.address,
              headers: s.headers,
              timeoutMs: s.timeoutMs,
              fetchFn: opts.fetchFn,
            });
        }
      } catch (err) {
        const code = err instanceof KeelError ? err.code : 'signer_invalid';
        const detail = err instanceof KeelError ? err.message : 'the signer could not be created';
        errors.push({
          field: field(s.type === 'local' ? 'keystore' : 'type'),
          code,
          message: `signer ${s.name}: ${detail}`,
        });
        return undefined;
      }
    }),
  );
  const signers = built.filter((s): s is Signer => s !== undefined);
  const byAddress = new Map<string, Signer>();
  for (const s of signers) {
    const other = byAddress.get(s.address.toLowerCase());
    if (other)
      errors.push({
        field: 'signers',
        code: 'duplicate_address',
        message: `signers ${other.name} and ${s.name} both sign for ${s.address}`,
      });
    byAddress.set(s.address.toLowerCase(), s);
  }
  if (errors.length > 0) {
    throw new ConfigError(`invalid signers:\n${errors.map((e) => `  - ${e.field}: ${e.message}`).join('\n')}`, errors);
  }
  for (const s of signers) {
    if (s.type === 'local_dev')
      logger.warn({ signer: describeSigner(s) }, `signer ${s.name} uses a plaintext development key`);
    else logger.info({ signer: describeSigner(s) }, `signer ${s.name} ready`);
  }
  const byName = new Map(signers.map((s) => [s.name, s]));
  const registry: SignerRegistry = {
    get: (name) => byName.get(name),
    require(name) {
      const s = byName.get(name);
      if (!s) {
        throw new ValidationError(`no signer named ${name}`, [
          {
            field: 'signer',
            code: 'unknown_signer',
            message: `unknown signer ${name}; configured: ${[...byName.keys()].join(', ') || 'none'}`,
          },
        ]);
      }
      return s;
    },
    byAddress: (address) => byAddress.get(address.toLowerCase()),
    byRole: (role) => signers.filter((s) => s.role === role),
    all: () => [...signers],
    toJSON: () => signers.map(describeSigner),
  };
  Object.defineProperty(registry, inspect.custom, {
    value: () => `SignerRegistry(${signers.map((s) => s.name).join(', ')})`,
  });
  return Object.freeze(registry);
}

/**
 * The signer a capability signs with: the one its setting names (`setting` is the setting's path,
 * for the message), else the only signer with `role`. Returns the signer, or why there is none
 * (the caller turns that into its own "not configured" error).
 */
export function signerForRole(
  signers: SignerRegistry,
  role: string,
  named: { setting: string; name: string | undefined },
): Signer | { problem: string } {
  if (named.name) {
    return (
      signers.get(named.name) ?? {
        problem: `${named.setting} names ${named.name}, which is not a configured signer`,
      }
    );
  }
  const byRole = signers.byRole(role);
  if (byRole.length === 1) return byRole[0]!;
  return {
    problem: `exactly one signer with role ${role} is needed (or ${named.setting}); ${byRole.length} configured`,
  };
}
