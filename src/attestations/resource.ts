import { z } from 'zod';
import type { Config } from '../config/schema.ts';
import type { AttestationContent } from './attestation-logic.ts';
import { formatUnits } from './snapshot-logic.ts';
import type { AttestationRow, SnapshotRow } from './store.ts';

/** The API shapes of proof of reserves (docs/proof-of-reserves.md). */

const amount = z.string().describe('A decimal amount in the asset’s units');
const totalSchema = z.object({ asset: z.string(), decimals: z.number().int(), amount });

export const snapshotSchema = z
  .object({
    object: z.literal('liability_snapshot'),
    id: z.string().describe('lsn_…'),
    asOf: z.string(),
    root: z.string().describe('0x…: the Merkle sum tree root hash'),
    leafCount: z.number().int(),
    assets: z.array(z.object({ symbol: z.string(), decimals: z.number().int() })),
    totals: z.array(totalSchema),
    createdAt: z.string(),
  })
  .meta({ id: 'LiabilitySnapshot' });
export type SnapshotResource = z.infer<typeof snapshotSchema>;

export function snapshotResource(r: SnapshotRow): SnapshotResource {
  return {
    object: 'liability_snapshot',
    id: r.id,
    asOf: new Date(r.as_of).toISOString(),
    root: r.root_hash,
    leafCount: r.leaf_count,
    assets: r.assets,
    totals: r.assets.map((a, i) => ({
      asset: a.symbol,
      decimals: a.decimals,
      amount: formatUnits(BigInt(r.totals[i]!), a.decimals),
    })),
    createdAt: new Date(r.created_at).toISOString(),
  };
}

const reserveFields = {
  chainId: z.number().int(),
  blockNumber: z.string(),
  account: z.string(),
  asset: z.string(),
  token: z
    .string()
    .describe('The ERC-20 token; for `kind: native`, 0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE (ERC-7528)'),
  decimals: z.number().int(),
  amount,
  kind: z
    .enum(['balance', 'vault', 'native'])
    .describe(
      '`balance`: an ERC-20 balance; `vault`: an ERC-4626 position valued with convertToAssets; `native`: the chain’s native coin (eth_getBalance), all at `blockNumber`',
    ),
  vault: z.string().optional(),
};
const liabilitiesSchema = z.object({
  snapshotId: z.string(),
  root: z.string(),
  leafCount: z.number().int(),
  asOf: z.string(),
  totals: z.array(totalSchema),
});
const ratioSchema = z.object({
  asset: z.string(),
  reserves: amount,
  liabilities: amount,
  ratio: z.string().nullable().describe('reserves / liabilities, 4 decimals; null when nothing is owed'),
});

export const attestationSchema = z
  .object({
    object: z.literal('attestation'),
    id: z.string().describe('att_…'),
    status: z.enum(['draft', 'published']),
    createdAt: z.string(),
    publishedAt: z.string().nullable(),
    liabilities: liabilitiesSchema,
    reserves: z.array(z.object({ ...reserveFields, signature: z.string().nullable() })),
    ratio: z.array(ratioSchema),
    message: z.string().describe('The EIP-191 message every reserve address signs'),
    digest: z.string(),
    reserveAddresses: z.array(
      z.object({
        address: z.string(),
        holder: z.enum(['keel', 'external']),
        signer: z.string().nullable().describe('Keel’s signer name, for Keel’s own addresses'),
        signed: z.boolean(),
      }),
    ),
    signer: z.object({ address: z.string(), signature: z.string() }).nullable(),
    registry: z
      .object({
        chainId: z.number().int(),
        address: z.string(),
        txId: z.string(),
        txHash: z.string().nullable(),
        status: z.enum(['pending', 'recorded', 'failed']),
        rpcUrl: z.string().nullable(),
      })
      .nullable(),
  })
  .meta({ id: 'Attestation' });
export type AttestationResource = z.infer<typeof attestationSchema>;

export const attestationListSchema = z.object({
  object: z.literal('list'),
  data: z.array(attestationSchema),
  hasMore: z.boolean(),
});

export const publicAttestationSchema = z
  .object({
    object: z.literal('attestation'),
    id: z.string(),
    status: z.literal('published'),
    createdAt: z.string(),
    publishedAt: z.string(),
    liabilities: liabilitiesSchema,
    reserves: z.array(z.object({ ...reserveFields, signature: z.string() })),
    ratio: z.array(ratioSchema),
    message: z.string(),
    digest: z.string(),
    signer: z.object({ address: z.string(), signature: z.string() }),
    registry: z
      .object({ chainId: z.number().int(), address: z.string(), txHash: z.string(), rpcUrl: z.string().nullable() })
      .nullable(),
  })
  .meta({ id: 'PublicAttestation' });
export type PublicAttestation = z.infer<typeof publicAttestationSchema>;

const rpcUrl = (config: Config, chainId: number): string | null =>
  config.attestations.publicRpcUrls[String(chainId)] ?? null;

/** Distinct reserve accounts, in order of first appearance. */
export function reserveAccounts(content: AttestationContent): string[] {
  return [...new Set(content.reserves.map((r) => r.account))];
}

export function attestationResource(
  config: Config,
  r: AttestationRow,
  keelSignerOf: (address: string) => string | null,
): AttestationResource {
  const c = r.content as AttestationContent;
  const sig = (a: string) => r.signatures[a.toLowerCase()] ?? null;
  return {
    object: 'attestation',
    id: r.id,
    status: r.status,
    createdAt: c.createdAt,
    publishedAt: r.published_at ? new Date(r.published_at).toISOString() : null,
    liabilities: c.liabilities,
    reserves: c.reserves.map((x) => ({ ...x, signature: sig(x.account) })),
    ratio: c.ratio,
    message: r.message,
    digest: r.digest,
    reserveAddresses: reserveAccounts(c).map((address) => {
      const signer = keelSignerOf(address);
      return { address, holder: signer ? 'keel' : 'external', signer, signed: sig(address) !== null };
    }),
    signer: r.signer_address && r.signature ? { address: r.signer_address, signature: r.signature } : null,
    registry: r.registry ? { ...r.registry, rpcUrl: rpcUrl(config, r.registry.chainId) } : null,
  };
}

/** The public view: published attestations only (the caller checks), registry only once recorded. */
export function publicAttestation(config: Config, r: AttestationRow): PublicAttestation {
  const c = r.content as AttestationContent;
  const reg = r.registry;
  return {
    object: 'attestation',
    id: r.id,
    status: 'published',
    createdAt: c.createdAt,
    publishedAt: new Date(r.published_at!).toISOString(),
    liabilities: c.liabilities,
    reserves: c.reserves.map((x) => ({ ...x, signature: r.signatures[x.account.toLowerCase()]! })),
    ratio: c.ratio,
    message: r.message,
    digest: r.digest,
    signer: { address: r.signer_address!, signature: r.signature! },
    registry:
      reg?.status === 'recorded' && reg.txHash
        ? { chainId: reg.chainId, address: reg.address, txHash: reg.txHash, rpcUrl: rpcUrl(config, reg.chainId) }
        : null,
  };
}
