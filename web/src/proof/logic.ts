// The /proof page's steps, without React: read a proof (pasted, a file, #<base64url>, ?proof=<url>),
// verify it, then check the published attestation and its on-chain record.
import {
  matchProofToAttestation,
  matchRegistryRecord,
  type PublicAttestation,
  readRegistryRecord,
  verifyAttestation,
} from '../../../clients/verify/src/attestation.ts';
import type { Proof } from '../../../clients/verify/src/spec.ts';
import { type VerifyResult, verifyProof } from '../../../clients/verify/src/verify.ts';

/** The proof in a link's fragment: base64url of its JSON (a fragment never reaches a server). */
export function decodeFragment(hash: string): string | null {
  const raw = hash.replace(/^#/, '');
  if (!raw) return null;
  const b64 = raw
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(raw.length / 4) * 4, '=');
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

export function encodeFragment(json: string): string {
  const bytes = new TextEncoder().encode(json);
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export type StepState = { status: 'pass' | 'fail' | 'skipped'; lines: string[] };

export interface Outcome {
  proof: StepState & { result?: VerifyResult; parsed?: Proof };
  attestation: StepState & { value?: PublicAttestation };
  registry: StepState;
}

export async function runChecks(text: string, origin: string): Promise<Outcome> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      proof: { status: 'fail', lines: ['This is not a proof: the text is not JSON.'] },
      attestation: { status: 'skipped', lines: ['Attestation not checked: the proof could not be read.'] },
      registry: { status: 'skipped', lines: [] },
    };
  }
  const result = verifyProof(parsed);
  const proof: Outcome['proof'] = result.ok
    ? { status: 'pass', lines: [], result, parsed: parsed as Proof }
    : { status: 'fail', lines: result.reasons, result };
  const out: Outcome = {
    proof,
    attestation: { status: 'skipped', lines: [] },
    registry: { status: 'skipped', lines: [] },
  };
  if (!result.ok) {
    out.attestation.lines = ['Attestation not checked: the proof itself does not verify.'];
    return out;
  }
  const p = parsed as Proof;
  if (!p.attestationId) {
    out.attestation.lines = ['Attestation not checked: the proof names no attestation.'];
    return out;
  }
  let attestation: PublicAttestation;
  try {
    const res = await fetch(`${origin}/v1/public/attestations/${encodeURIComponent(p.attestationId)}`, {
      headers: { accept: 'application/json' },
    });
    if (!res.ok) {
      out.attestation.lines = [
        `Attestation not checked: ${p.attestationId} could not be fetched (HTTP ${res.status}).`,
      ];
      return out;
    }
    attestation = (await res.json()) as PublicAttestation;
  } catch (e) {
    out.attestation.lines = [`Attestation not checked: ${(e as Error).message}.`];
    return out;
  }
  const own = await verifyAttestation(attestation);
  const match = matchProofToAttestation(p, attestation);
  const reasons = [...own.reasons, ...match.reasons];
  out.attestation = {
    status: reasons.length === 0 ? 'pass' : 'fail',
    lines:
      reasons.length === 0
        ? [
            `Attestation ${attestation.id}, published ${attestation.publishedAt}, liabilities root ${attestation.liabilities.root}.`,
            ...match.passed,
            ...own.passed,
          ]
        : reasons,
    value: attestation,
  };
  const reg = attestation.registry;
  if (!reg) out.registry.lines = ['Not recorded on chain (the attestation names no registry).'];
  else if (!reg.rpcUrl)
    out.registry.lines = [`Recorded in ${reg.address} on chain ${reg.chainId}; no public RPC named, not read.`];
  else {
    try {
      const record = await readRegistryRecord(reg.rpcUrl, reg, attestation.id);
      const m = matchRegistryRecord(record, attestation);
      out.registry = {
        status: m.ok ? 'pass' : 'fail',
        lines: m.ok
          ? [
              `Registry ${reg.address} on chain ${reg.chainId} (read through ${reg.rpcUrl}) holds the attestation's root, totals and digest.`,
              ...m.passed,
            ]
          : m.reasons,
      };
    } catch (e) {
      out.registry = { status: 'fail', lines: [`The on-chain record could not be read: ${(e as Error).message}`] };
    }
  }
  return out;
}
