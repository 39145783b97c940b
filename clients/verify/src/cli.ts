// Standalone verifier: npm run verify-proof -- proof.json [--attestation attestation.json] [--rpc <url>]
//   [--reserves-rpc <url>]… (re-reads the attestation's reserve lines of that node's chain at their block)
// Exit codes: 0 verified, 1 not verified (reasons printed), 2 bad input (usage, unreadable file, not JSON).
// Depends on nothing of Keel's server: this folder, @noble/hashes and viem.
import { readFileSync } from 'node:fs';
import {
  matchProofToAttestation,
  matchRegistryRecord,
  type PublicAttestation,
  readRegistryRecord,
  verifyAttestation,
} from './attestation.ts';
import { verifyReserves } from './reserves.ts';
import { formatUnits, type Proof } from './spec.ts';
import { verifyProof } from './verify.ts';

const usage =
  'usage: verify-proof <proof.json> [--attestation <attestation.json>] [--rpc <url>] [--reserves-rpc <url>]...';

function badInput(message: string): never {
  console.error(`verify-proof: ${message}`);
  process.exit(2);
}

function parseArgs(argv: string[]): { proof: string; attestation?: string; rpc?: string; reservesRpc: string[] } {
  const out: { proof?: string; attestation?: string; rpc?: string; reservesRpc: string[] } = { reservesRpc: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--reserves-rpc') {
      const v = argv[++i];
      if (!v) badInput(`${a} needs a value\n${usage}`);
      out.reservesRpc.push(v);
    } else if (a === '--attestation' || a === '--rpc') {
      const v = argv[++i];
      if (!v) badInput(`${a} needs a value\n${usage}`);
      out[a === '--rpc' ? 'rpc' : 'attestation'] = v;
    } else if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (a.startsWith('-')) badInput(`unknown option ${a}\n${usage}`);
    else if (out.proof) badInput(`one proof file at a time\n${usage}`);
    else out.proof = a;
  }
  if (!out.proof) badInput(usage);
  return out as typeof out & { proof: string };
}

function readJson(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    badInput(`cannot read the ${what} ${path}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    badInput(`the ${what} ${path} is not JSON`);
  }
}

const args = parseArgs(process.argv.slice(2));
const proof = readJson(args.proof, 'proof');
const reasons: string[] = [];
const result = verifyProof(proof);
reasons.push(...result.reasons);
if (result.ok) {
  const p = proof as Proof;
  console.log(`✓ proof: user ${p.leaf.userId} is included in liabilities root ${p.root.hash} (${p.leafCount} users)`);
  for (const t of result.totals) {
    console.log(
      `    ${t.asset}: your balance ${formatUnits(BigInt(t.balance), t.decimals)} of total ${formatUnits(BigInt(t.total), t.decimals)}`,
    );
  }
}

if (args.attestation) {
  const attestation = readJson(args.attestation, 'attestation') as PublicAttestation;
  const own = await verifyAttestation(attestation);
  reasons.push(...own.reasons);
  for (const line of own.passed) console.log(`✓ attestation: ${line}`);
  if (result.ok) {
    const match = matchProofToAttestation(proof as Proof, attestation);
    reasons.push(...match.reasons);
    for (const line of match.passed) console.log(`✓ attestation ${attestation.id}: ${line}`);
  }
  if (args.rpc) {
    if (!attestation.registry) reasons.push('--rpc given but the attestation names no registry record');
    else {
      try {
        const record = await readRegistryRecord(args.rpc, attestation.registry, attestation.id);
        const match = matchRegistryRecord(record, attestation);
        reasons.push(...match.reasons);
        for (const line of match.passed) console.log(`✓ registry ${attestation.registry.address}: ${line}`);
      } catch (e) {
        reasons.push(`could not read the registry record: ${(e as Error).message}`);
      }
    }
  }
  for (const url of args.reservesRpc) {
    try {
      const r = await verifyReserves(attestation, url);
      reasons.push(...r.reasons);
      for (const line of r.passed) console.log(`✓ reserves: ${line}`);
      if (r.checked === 0) console.log(`  reserves: no line of the attestation is on chain ${r.chainId}`);
    } catch (e) {
      reasons.push(`could not re-read the reserves at ${url}: ${(e as Error).message}`);
    }
  }
} else if (args.rpc || args.reservesRpc.length) {
  badInput('--rpc and --reserves-rpc need --attestation (the registry and the reserves come from it)');
}

if (reasons.length > 0) {
  console.log('✗ NOT VERIFIED');
  for (const r of reasons) console.log(`  - ${r}`);
  process.exit(1);
}
console.log('VERIFIED');
console.log(
  'Note: this shows you were counted in the liabilities with these balances. It does not by itself prove ' +
    'solvency: that needs reserves ≥ liabilities at the same time (see the attestation).',
);
