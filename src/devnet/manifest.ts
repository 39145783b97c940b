import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Address, Hex } from 'viem';
import { z } from 'zod';
import { addressSchema } from '../config/schema.ts';
import { PermanentError } from '../lib/errors.ts';
import { operations, treasury, users } from './accounts.ts';
import type { DemoContracts, DemoWorld } from './world.ts';

/**
 * The dev manifest (`.keel/dev.json`): everything a developer or a demo script needs to
 * talk to a running `keel dev` stack — API URL and key, chains with their demo contracts,
 * and the dev accounts with their (public, test-only) private keys.
 */

export interface DevKey {
  address: Address;
  privateKey: Hex;
}

export interface DevManifestChain {
  chainId: number;
  name: string;
  rpcUrl: string;
  /** The chain's dev ERC-4337 bundler (alto on 127.0.0.1) for `contracts.entryPoint`; absent when `keel dev` runs none. */
  bundlerUrl?: string;
  contracts: DemoContracts;
}

/** One dev operator: a principal of its own with a key holding every scope. */
export interface DevOperator {
  name: string;
  principalId: string;
  apiKey: string;
}

export interface DevManifest {
  apiBaseUrl: string;
  /** A dev API key with full scopes: the first operator's (filled by whoever creates it at `keel dev` start). */
  apiKey: string;
  /**
   * Three operators (alice, bob, carol), each a distinct principal with an all-scope key, so
   * that four-eyes flows can be shown: a transfer created with one is reviewed with another.
   */
  operators: DevOperator[];
  chains: DevManifestChain[];
  accounts: { treasury: DevKey; operations: DevKey };
  users: DevKey[];
  /** UTC ISO-8601. */
  createdAt: string;
}

const hexKey = z
  .string()
  .regex(/^0x[0-9a-fA-F]{64}$/, 'must be a 32-byte hex private key') as unknown as z.ZodType<Hex>;
const devKey = z.object({ address: addressSchema, privateKey: hexKey });
const contracts = z.object({
  tUSD: addressSchema,
  tEUR: addressSchema,
  WETH: addressSchema,
  tVOL: addressSchema,
  multicall3: addressSchema,
  uniswapV2Factory: addressSchema,
  uniswapV2Router: addressSchema,
  vault: addressSchema,
  pools: z.object({ tUSD_WETH: addressSchema, tUSD_tEUR: addressSchema, tVOL_WETH: addressSchema }),
  priceFeeds: z.object({ tUSD: addressSchema, tEUR: addressSchema, ETH: addressSchema, tVOL: addressSchema }),
  depositFactory: addressSchema,
  conservativeVault: addressSchema,
  drillVault: addressSchema,
  drillVaultImplementation: addressSchema,
  drillVaultImplementationV2: addressSchema,
  batchPayout: addressSchema,
  // Optional: manifests written before the registry existed still read.
  attestationRegistry: addressSchema.optional(),
  entryPoint: addressSchema.optional(),
  smartAccountFactory: addressSchema.optional(),
  paymaster: addressSchema.optional(),
});
const manifestSchema = z.object({
  apiBaseUrl: z.string().url(),
  apiKey: z.string(),
  operators: z.array(z.object({ name: z.string(), principalId: z.string(), apiKey: z.string() })).default([]),
  chains: z.array(
    z.object({
      chainId: z.number().int().positive(),
      name: z.string(),
      rpcUrl: z.string().url(),
      // Optional: manifests written before the dev bundler existed still read.
      bundlerUrl: z.string().url().optional(),
      contracts,
    }),
  ),
  accounts: z.object({ treasury: devKey, operations: devKey }),
  users: z.array(devKey),
  createdAt: z.string().datetime(),
});

/**
 * Assembles a manifest from started dev chains; the dev role keys come from `accounts.ts`.
 * `createdAt` defaults to now.
 */
export function buildDevManifest(input: {
  apiBaseUrl: string;
  apiKey: string;
  operators?: DevOperator[];
  chains: Array<{ name: string; rpcUrl: string; bundlerUrl?: string | undefined; world: DemoWorld }>;
  createdAt?: Date;
}): DevManifest {
  const key = (a: { address: Address; privateKey: Hex }): DevKey => ({ address: a.address, privateKey: a.privateKey });
  return {
    apiBaseUrl: input.apiBaseUrl,
    apiKey: input.apiKey,
    operators: input.operators ?? [],
    chains: input.chains.map((c) => ({
      chainId: c.world.chainId,
      name: c.name,
      rpcUrl: c.rpcUrl,
      ...(c.bundlerUrl ? { bundlerUrl: c.bundlerUrl } : {}),
      contracts: c.world.contracts,
    })),
    accounts: { treasury: key(treasury), operations: key(operations) },
    users: users.map(key),
    createdAt: (input.createdAt ?? new Date()).toISOString(),
  };
}

/**
 * Writes the manifest atomically with mode 0600: it holds a dev API key and private keys,
 * so it must not be readable by other users of the machine even though the keys are test-only.
 * Synchronous (a small file), so a caller cannot leave the write floating.
 */
export function writeDevManifest(path: string, manifest: DevManifest): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600); // a stale tmp file keeps its old mode; be explicit
  renameSync(tmp, path);
}

/** Reads and validates a manifest written by {@link writeDevManifest}. */
export function readDevManifest(path: string): DevManifest {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PermanentError('dev_manifest_missing', `cannot read dev manifest ${path}: is \`keel dev\` running?`, {
      cause: err,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new PermanentError('dev_manifest_invalid', `dev manifest ${path} is not valid JSON`, { cause: err });
  }
  const parsed = manifestSchema.safeParse(doc);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`).join('\n');
    throw new PermanentError('dev_manifest_invalid', `dev manifest ${path} is invalid:\n${lines}`);
  }
  return parsed.data as DevManifest;
}
