/**
 * Proof-of-liabilities benchmark (issue #18): the Merkle sum tree of 2^20 users x 3 assets
 * (src/attestations/sum-tree.ts) — build time from the validated in-memory snapshot on 1 thread
 * and on worker threads, proof size (format version 2), verification time per proof (clients/verify,
 * @noble/hashes, as a browser runs it), peak memory — beside baselines measured in the same run:
 * `@openzeppelin/merkle-tree` 1.0.8 (the baseline: StandardMerkleTree.of over the same
 * leaves as [bytes32 userHash, uint256 x3], keccak, no sums) and the fastest plain way to commit to
 * the same leaves without sums, a SHA-256 binary Merkle tree (node:crypto, one thread). Summa's
 * published figures (ZK, 2^20 users on 32 cores) are printed beside ours.
 *
 *   npm run bench:por                                  2^20 users, OpenZeppelin baseline on all of them
 *   npm run bench:por -- --baseline-users 65536        OpenZeppelin baseline on the first 65,536 users
 *   POR_USERS=65536 npm run bench:por                  a smaller tree; POR_THREADS=2 (default: cores, at least 2)
 */
import { hash as nodeHash, randomBytes } from 'node:crypto';
import { StandardMerkleTree } from '@openzeppelin/merkle-tree';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { TAG_LEAF, TAG_NODE, toHex, treeDepth, userHash } from '../clients/verify/src/spec.ts';
import { verifyProof } from '../clients/verify/src/verify.ts';
import { buildSumTree, buildSumTreeSync, type SumTreeLeaf, shuffleLeaves } from '../src/attestations/sum-tree.ts';

const USERS = Number(process.env.POR_USERS ?? 2 ** 20);
const THREADS = Number(process.env.POR_THREADS ?? Math.max(2, availableParallelism()));
const VERIFY_SAMPLES = Number(process.env.POR_VERIFY_SAMPLES ?? 2000);
const flag = process.argv.indexOf('--baseline-users');
const OZ_USERS = Math.min(USERS, flag > 0 ? Number(process.argv[flag + 1]) : USERS);
if (!Number.isInteger(OZ_USERS) || OZ_USERS < 1) throw new Error('--baseline-users takes a positive integer');
const assets = [
  { symbol: 'USDC', decimals: 6 },
  { symbol: 'EURC', decimals: 6 },
  { symbol: 'ETH', decimals: 18 },
];
const SUMMA = { users: 2 ** 20, buildSeconds: 24.5, cores: 32, proofBytes: 1632, verifyMs: 4 };
/** Average balance in base units (5,000 USDC, 2,000 EURC, 2 ETH); each user draws 0..2x the average. */
const AVERAGE = [5_000n * 10n ** 6n, 2_000n * 10n ** 6n, 2n * 10n ** 18n];

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
const sec = (ms: number) => (ms / 1000).toFixed(2);

console.log(
  `proof of liabilities: ${USERS} users x ${assets.length} assets; OpenZeppelin baseline on ${OZ_USERS} users${OZ_USERS < USERS ? ' (--baseline-users)' : ''}`,
);
console.log(
  `machine: ${cpus().length} cores (${cpus()[0]?.model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, load ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')}`,
);

// The snapshot as the server holds it after validation: ids, fresh salts, balances in base units.
let t = performance.now();
const salts = randomBytes(32 * USERS);
const amounts = randomBytes(8 * USERS * assets.length);
const leaves: SumTreeLeaf[] = Array.from({ length: USERS }, (_, i) => ({
  userId: `usr_${i.toString(36).padStart(8, '0')}`,
  salt: salts.subarray(32 * i, 32 * i + 32),
  balances: assets.map((_, a) => (AVERAGE[a]! * amounts.readBigUInt64BE(8 * (i * assets.length + a))) >> 63n),
}));
const prepareMs = performance.now() - t;
t = performance.now();
const shuffled = shuffleLeaves(leaves);
const shuffleMs = performance.now() - t;

// Baseline 1: @openzeppelin/merkle-tree, as the issue measured it (leaves as ABI values, no sums).
t = performance.now();
const ozLeaves = shuffled
  .slice(0, OZ_USERS)
  .map((l) => [toHex(userHash(l.salt, l.userId)), ...l.balances.map(String)] as [string, ...string[]]);
const ozPrepareMs = performance.now() - t;
t = performance.now();
const oz = StandardMerkleTree.of(ozLeaves, ['bytes32', 'uint256', 'uint256', 'uint256']);
const ozMs = performance.now() - t;
const ozProofBytes = Buffer.byteLength(JSON.stringify({ leaf: ozLeaves[0], proof: oz.getProof(0), root: oz.root }));
const ozPathBytes = oz.getProof(0).length * 32;
ozLeaves.length = 0;

// Baseline 2: a plain SHA-256 binary Merkle tree of the same leaves (no sums), one thread.
t = performance.now();
{
  // The same hashing trick as the sum tree (a latin1 string instead of a new Buffer per digest),
  // so the baseline is the fastest plain way, not a slower one.
  const shaInto = (d: Uint8Array, out: Buffer, offset: number) =>
    out.write(nodeHash('sha256', d, 'binary'), offset, 32, 'binary');
  const width = 2 ** treeDepth(USERS);
  let level = Buffer.alloc(32 * width);
  const pre = Buffer.alloc(33 + 32 * assets.length);
  const id = Buffer.alloc(64);
  pre[0] = TAG_LEAF;
  for (let p = 0; p < USERS; p++) {
    const leaf = shuffled[p]!;
    id.set(leaf.salt, 0);
    const n = id.write(leaf.userId, 32, 'utf8');
    shaInto(id.subarray(0, 32 + n), pre, 1);
    pre.fill(0, 33);
    leaf.balances.forEach((b, a) => pre.writeBigUInt64BE(b, 33 + 32 * a + 24));
    shaInto(pre, level, 32 * p);
  }
  const pair = Buffer.alloc(65);
  pair[0] = TAG_NODE;
  for (let w = width; w > 1; w /= 2) {
    const next = Buffer.alloc(16 * w);
    for (let j = 0; j < w / 2; j++) {
      level.copy(pair, 1, 64 * j, 64 * j + 64);
      shaInto(pair, next, 32 * j);
    }
    level = next;
  }
}
const baselineMs = performance.now() - t;

const loadBefore = loadavg()[0]!;
t = performance.now();
const single = buildSumTreeSync({ assets, leaves: shuffled });
const singleMs = performance.now() - t;
const rssAfterSingle = process.memoryUsage().rss;

t = performance.now();
const threaded = await buildSumTree({ assets, leaves: shuffled }, { threads: THREADS });
const threadedMs = performance.now() - t;
if (threaded.root.hash !== single.root.hash) throw new Error('threaded and single-thread roots differ');
const loadAfter = loadavg()[0]!;

// Proofs: size (JSON as handed to a user, minified) and verification time per proof.
const sample = Array.from({ length: VERIFY_SAMPLES }, (_, k) => leaves[(k * 7919) % USERS]!.userId);
const proofs = sample.map((u) => single.proofFor(u, { snapshotId: 'lsn_bench', attestationId: 'att_bench' }));
const jsonBytes = proofs.map((p) => Buffer.byteLength(JSON.stringify(p)));
const meanJson = Math.round(jsonBytes.reduce((s, x) => s + x, 0) / jsonBytes.length);
const maxJson = Math.max(...jsonBytes);
const depth = single.depth;
// The path alone, in bytes (what a ZK proof's byte count is closest to).
const pathBytes = Math.round(proofs.reduce((n, p) => n + Buffer.from(p.path, 'base64url').length, 0) / proofs.length);
for (const p of proofs.slice(0, 50)) verifyProof(p); // warm-up
t = performance.now();
let failures = 0;
for (const p of proofs) if (!verifyProof(p).ok) failures++;
const verifyMs = (performance.now() - t) / proofs.length;
if (failures) throw new Error(`${failures} proofs did not verify`);
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage().rss, process.resourceUsage().maxRSS * 1024);

const row = (what: string, ours: string, base: string, summa: string) =>
  console.log(`${what.padEnd(30)} ${ours.padEnd(26)} ${base.padEnd(30)} ${summa}`);
console.log('');
const ozHead = `OpenZeppelin, ${OZ_USERS === USERS ? 'same' : OZ_USERS} users`;
row('', 'Keel sum tree', `${ozHead} | sha256, no sums`, `Summa (ZK, 2^20, ${SUMMA.cores} cores)`);
row('build, 1 thread', `${sec(singleMs)} s`, `${sec(ozMs)} s | ${sec(baselineMs)} s`, '');
row(`build, ${THREADS} worker threads`, `${sec(threadedMs)} s`, '', `${SUMMA.buildSeconds} s`);
row(
  'proof size (JSON, minified)',
  `${meanJson} B (max ${maxJson})`,
  `${ozProofBytes} B (no sums)`,
  `${SUMMA.proofBytes} B`,
);
row('proof path (bytes)', `${pathBytes} B`, `${ozPathBytes} B | ${depth * 32} B`, '');
row('verify one proof (browser code)', `${verifyMs.toFixed(3)} ms`, '', `${SUMMA.verifyMs} ms`);
row('peak RSS (whole bench)', `${(peakRss / 2 ** 20).toFixed(0)} MiB`, '', '');
console.log(
  `(not in the build figures: snapshot in memory ${sec(prepareMs)} s, shuffle ${sec(shuffleMs)} s, OpenZeppelin leaf encoding ${sec(ozPrepareMs)} s; RSS after the 1-thread build ${(rssAfterSingle / 2 ** 20).toFixed(0)} MiB; 1-minute load average ${loadBefore.toFixed(1)} before the builds, ${loadAfter.toFixed(1)} after)`,
);

const result = {
  bench: 'por',
  users: USERS,
  assets: assets.length,
  depth,
  threads: THREADS,
  machine: { cores: cpus().length, model: cpus()[0]?.model, memoryGiB: totalmem() / 2 ** 30, loadavg: loadavg() },
  keel: {
    buildSingleThreadMs: Math.round(singleMs),
    buildThreadsMs: Math.round(threadedMs),
    proofFormatVersion: 2,
    proofJsonBytes: meanJson,
    proofJsonBytesMax: maxJson,
    proofPathBytes: pathBytes,
    verifyMsPerProof: Number(verifyMs.toFixed(4)),
    verifySamples: proofs.length,
    peakRssMiB: Math.round(peakRss / 2 ** 20),
    shuffleMs: Math.round(shuffleMs),
  },
  loadavgDuringBuilds: { before: loadBefore, after: loadAfter },
  baselines: {
    openzeppelin: {
      what: '@openzeppelin/merkle-tree 1.0.8 StandardMerkleTree.of([bytes32 userHash, uint256 x3]), no sums',
      users: OZ_USERS,
      buildMs: Math.round(ozMs),
      proofJsonBytes: ozProofBytes,
    },
    sha256: {
      what: 'sha256 binary Merkle tree, no sums, node:crypto, one thread',
      users: USERS,
      buildMs: Math.round(baselineMs),
    },
  },
  summa: SUMMA,
  root: single.root.hash,
};
mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
writeFileSync(new URL('./results/por.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
console.log('wrote bench/results/por.json');
