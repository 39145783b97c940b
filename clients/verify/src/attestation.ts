// Checks a published attestation (GET /v1/public/attestations/:id) on its own and against a
// proof: its digest recomputed from its content, the EIP-191 signatures of Keel's attestation
// signer and of every reserve address, the liabilities root and totals equal to the proof's root,
// and (readRegistryRecord) the record in the on-chain registry. Pure apart from the JSON-RPC
// fetch; runs in a browser. Signature recovery and ABI coding use viem.
import {
  decodeFunctionResult,
  encodeFunctionData,
  type Hex,
  keccak256,
  recoverMessageAddress,
  stringToHex,
} from 'viem';
import type { Proof, ProofV1 } from './spec.ts';

export interface PublicAttestation {
  object: 'attestation';
  id: string;
  status: 'published';
  createdAt: string;
  publishedAt: string;
  liabilities: {
    snapshotId: string;
    root: string;
    leafCount: number;
    asOf: string;
    totals: { asset: string; decimals: number; amount: string }[];
  };
  reserves: {
    chainId: number;
    blockNumber: string;
    account: string;
    asset: string;
    token: string;
    decimals: number;
    amount: string;
    kind: 'balance' | 'vault' | 'native';
    vault?: string;
    signature: string;
  }[];
  ratio: { asset: string; reserves: string; liabilities: string; ratio: string | null }[];
  message: string;
  digest: string;
  signer: { address: string; signature: string };
  registry: null | { chainId: number; address: string; txHash: string; rpcUrl: string | null };
}

export interface CheckResult {
  ok: boolean;
  reasons: string[];
  /** What was checked and held, in words. */
  passed: string[];
}

/** JSON with object keys sorted (recursively), no whitespace, undefined members left out. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v !== null && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${canonicalJson(x)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** keccak256 of the canonical JSON of what the attestation states (signatures and registry excluded). */
export function attestationDigest(a: PublicAttestation): Hex {
  const content = {
    id: a.id,
    createdAt: a.createdAt,
    liabilities: a.liabilities,
    reserves: a.reserves.map(({ signature: _, ...line }) => line),
    ratio: a.ratio,
  };
  return keccak256(stringToHex(canonicalJson(content)));
}

/** The EIP-191 message Keel's attestation signer and each reserve address sign. */
export function attestationMessage(id: string, digest: string): string {
  return `Keel proof of reserves\nattestation: ${id}\ndigest: ${digest}`;
}

/** The registry's key for an attestation: keccak256 of its id's UTF-8 bytes. */
export const registryId = (attestationId: string): Hex => keccak256(stringToHex(attestationId));

/** Parses "12.5" with 6 decimals into 12500000n; undefined when malformed or over-precise. */
export function parseDecimal(amount: string, decimals: number): bigint | undefined {
  const m = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/.exec(amount);
  if (!m) return undefined;
  const frac = m[2] ?? '';
  if (frac.length > decimals) return undefined;
  return BigInt(m[1]!) * 10n ** BigInt(decimals) + BigInt(frac.padEnd(decimals, '0') || '0');
}

async function recovers(message: string, signature: string, address: string): Promise<boolean> {
  try {
    const recovered = await recoverMessageAddress({ message, signature: signature as Hex });
    return recovered.toLowerCase() === address.toLowerCase();
  } catch {
    return false;
  }
}

/** The attestation on its own: digest, message, Keel's signature and each reserve address's signature. */
export async function verifyAttestation(a: PublicAttestation): Promise<CheckResult> {
  const reasons: string[] = [];
  const passed: string[] = [];
  if (a?.object !== 'attestation' || typeof a.id !== 'string' || !a.liabilities || !Array.isArray(a.reserves)) {
    return { ok: false, reasons: ['not a public attestation (object, id, liabilities, reserves expected)'], passed };
  }
  if (a.status !== 'published') reasons.push(`attestation ${a.id} is ${a.status}, not published`);
  const digest = attestationDigest(a);
  if (digest !== a.digest)
    reasons.push(`the attestation's content hashes to ${digest}, not its stated digest ${a.digest}`);
  else passed.push(`content digest ${digest} recomputed`);
  const message = attestationMessage(a.id, a.digest);
  if (message !== a.message) reasons.push('the signed message is not the expected one for this id and digest');
  if (await recovers(message, a.signer?.signature ?? '', a.signer?.address ?? '')) {
    passed.push(`signed by the attestation signer ${a.signer.address}`);
  } else {
    reasons.push(`the attestation signature does not recover to the signer ${a.signer?.address}`);
  }
  const accounts = new Map<string, string>();
  for (const r of a.reserves) accounts.set(r.account.toLowerCase(), r.signature);
  for (const r of a.reserves) {
    if (r.signature !== accounts.get(r.account.toLowerCase())) {
      reasons.push(`reserve account ${r.account} carries two different signatures`);
    }
  }
  for (const [account, signature] of accounts) {
    if (await recovers(message, signature, account)) passed.push(`reserve address ${account} signed (controls it)`);
    else reasons.push(`the signature of reserve address ${account} does not recover to it`);
  }
  return { ok: reasons.length === 0, reasons, passed };
}

/** The proof's root, leaf count and totals against the attestation's liabilities. */
export function matchProofToAttestation(proof: Proof | ProofV1, a: PublicAttestation): CheckResult {
  const reasons: string[] = [];
  const passed: string[] = [];
  const l = a.liabilities;
  if (proof.root.hash.toLowerCase() !== String(l.root).toLowerCase()) {
    reasons.push(`the proof's root ${proof.root.hash} is not the attestation's liabilities root ${l.root}`);
  } else passed.push(`root equals the attestation's liabilities root`);
  if (proof.leafCount !== l.leafCount) reasons.push(`leaf count ${proof.leafCount} ≠ attestation's ${l.leafCount}`);
  if (proof.snapshotId !== l.snapshotId) reasons.push(`snapshot ${proof.snapshotId} ≠ attestation's ${l.snapshotId}`);
  if (proof.attestationId && proof.attestationId !== a.id)
    reasons.push(`the proof names attestation ${proof.attestationId}, not ${a.id}`);
  if (l.totals.length !== proof.assets.length) reasons.push('the attestation lists other assets than the proof');
  proof.assets.forEach((asset, i) => {
    const t = l.totals[i];
    const amount =
      t && t.asset === asset.symbol && t.decimals === asset.decimals ? parseDecimal(t.amount, t.decimals) : undefined;
    if (amount === undefined)
      reasons.push(`the attestation's total #${i + 1} is not ${asset.symbol} with ${asset.decimals} decimals`);
    else if (amount !== BigInt(proof.root.sums[i]!)) {
      reasons.push(`the attestation's ${asset.symbol} total ${t!.amount} differs from the root's sum`);
    }
  });
  if (reasons.length === 0) passed.push('liability totals equal the root sums');
  return { ok: reasons.length === 0, reasons, passed };
}

export const registryAbi = [
  {
    type: 'function',
    name: 'recordOf',
    stateMutability: 'view',
    inputs: [{ name: 'id', type: 'bytes32' }],
    outputs: [
      { name: 'root', type: 'bytes32' },
      { name: 'totals', type: 'uint256[]' },
      { name: 'digest', type: 'bytes32' },
      { name: 'publishedAt', type: 'uint64' },
    ],
  },
] as const;

export interface RegistryRecord {
  root: Hex;
  totals: readonly bigint[];
  digest: Hex;
  publishedAt: bigint;
}

/** One JSON-RPC call over HTTP; throws on an HTTP or JSON-RPC error. */
export async function rpc(url: string, method: string, params: unknown[], fetchFn: typeof fetch): Promise<unknown> {
  const res = await fetchFn(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  if (!res.ok) throw new Error(`${method}: HTTP ${res.status} from ${url}`);
  const body = (await res.json()) as { result?: unknown; error?: { message?: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message ?? 'JSON-RPC error'}`);
  return body.result;
}

/** Reads the registry's record of an attestation with eth_call (checking the chain id first). */
export async function readRegistryRecord(
  rpcUrl: string,
  registry: { chainId: number; address: string },
  attestationId: string,
  fetchFn: typeof fetch = fetch,
): Promise<RegistryRecord> {
  const chainId = Number(BigInt((await rpc(rpcUrl, 'eth_chainId', [], fetchFn)) as string));
  if (chainId !== registry.chainId)
    throw new Error(`the RPC serves chain ${chainId}, the registry is on ${registry.chainId}`);
  const data = encodeFunctionData({ abi: registryAbi, functionName: 'recordOf', args: [registryId(attestationId)] });
  const raw = (await rpc(rpcUrl, 'eth_call', [{ to: registry.address, data }, 'latest'], fetchFn)) as Hex;
  const [root, totals, digest, publishedAt] = decodeFunctionResult({
    abi: registryAbi,
    functionName: 'recordOf',
    data: raw,
  });
  return { root, totals, digest, publishedAt };
}

/** The on-chain record against the attestation: recorded, same root, totals and digest. */
export function matchRegistryRecord(record: RegistryRecord, a: PublicAttestation): CheckResult {
  const reasons: string[] = [];
  const passed: string[] = [];
  if (record.publishedAt === 0n) reasons.push(`the registry holds no record of ${a.id}`);
  else {
    if (record.root.toLowerCase() !== a.liabilities.root.toLowerCase())
      reasons.push(`the registry's root ${record.root} differs`);
    if (record.digest.toLowerCase() !== a.digest.toLowerCase())
      reasons.push(`the registry's digest ${record.digest} differs`);
    const totals = a.liabilities.totals.map((t) => parseDecimal(t.amount, t.decimals));
    if (record.totals.length !== totals.length || record.totals.some((v, i) => v !== totals[i])) {
      reasons.push("the registry's totals differ from the attestation's");
    }
  }
  if (reasons.length === 0) {
    passed.push(
      `recorded on chain ${a.registry?.chainId} at ${new Date(Number(record.publishedAt) * 1000).toISOString()}`,
    );
  }
  return { ok: reasons.length === 0, reasons, passed };
}
