import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Abi, Hex } from 'viem';
import { PermanentError } from '../lib/errors.ts';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** Directory of Keel's own Solidity sources. */
export const SOURCES_DIR = join(here, 'sources');
/** The one committed artifact file; the app reads it and never compiles at start. */
export const ARTIFACT_PATH = join(here, 'build', 'keel-contracts.json');

/** Names of the contracts Keel deploys from its own sources. */
export type KeelContractName =
  | 'KeelTestToken'
  | 'KeelPriceFeed'
  | 'KeelDemoVault'
  | 'KeelDepositFactory'
  | 'KeelDepositForwarder'
  | 'KeelNamedVault'
  | 'KeelDrillVault'
  | 'KeelDrillVaultV2'
  | 'KeelDrillVaultProxy'
  | 'KeelBatchPayout'
  | 'KeelAttestationRegistry'
  | 'KeelSmartAccount'
  | 'KeelSmartAccountFactory'
  | 'KeelPaymaster';

/** Every {@link KeelContractName}, in the order the artifact lists them. */
export const KEEL_CONTRACT_NAMES: readonly KeelContractName[] = [
  'KeelTestToken',
  'KeelPriceFeed',
  'KeelDemoVault',
  'KeelDepositFactory',
  'KeelDepositForwarder',
  'KeelNamedVault',
  'KeelDrillVault',
  'KeelDrillVaultV2',
  'KeelDrillVaultProxy',
  'KeelBatchPayout',
  'KeelAttestationRegistry',
  'KeelSmartAccount',
  'KeelSmartAccountFactory',
  'KeelPaymaster',
];

export interface ContractArtifact {
  abi: Abi;
  /** Creation (init) bytecode, 0x-prefixed. */
  bytecode: Hex;
}

export interface KeelArtifacts {
  /** Full solc version string the bytecode came from. */
  solcVersion: string;
  evmVersion: string;
  optimizerRuns: number;
  openzeppelinVersion: string;
  /** sha256 over every `sources/*.sol` file (name and content), see {@link sourcesHash}. */
  sourcesHash: string;
  contracts: Record<KeelContractName, ContractArtifact>;
}

/**
 * `cancun` runs on anvil's default hardfork (it is the newest fork every current EVM chain
 * runs, and OpenZeppelin 5 uses `mcopy`). The CBOR metadata is left out of the bytecode so
 * an edited comment does not move the demo world's CREATE2 addresses.
 */
const EVM_VERSION = 'cancun';
const OPTIMIZER_RUNS = 200;

let cached: KeelArtifacts | undefined;

interface SourceFile {
  name: string;
  content: string;
}

function readSources(): SourceFile[] {
  return readdirSync(SOURCES_DIR)
    .filter((f) => f.endsWith('.sol'))
    .sort()
    .map((name) => ({ name, content: readFileSync(join(SOURCES_DIR, name), 'utf8') }));
}

/**
 * sha256 (hex) over Keel's Solidity sources in name order. The artifact records it so a
 * source edit without a rebuild is caught at load time instead of deploying stale code.
 */
export function sourcesHash(): string {
  const h = createHash('sha256');
  for (const s of readSources()) {
    h.update(s.name).update('\0').update(s.content).update('\0');
  }
  return h.digest('hex');
}

/** Resolves `@scope/pkg/path/File.sol` to a file under that package in node_modules. */
function findImport(path: string): { contents: string } | { error: string } {
  const parts = path.split('/');
  const pkgLen = path.startsWith('@') ? 2 : 1;
  const pkg = parts.slice(0, pkgLen).join('/');
  const rest = parts.slice(pkgLen).join('/');
  try {
    const root = dirname(require.resolve(`${pkg}/package.json`));
    return { contents: readFileSync(join(root, rest), 'utf8') };
  } catch (err) {
    return { error: `cannot resolve import ${path}: ${(err as Error).message}` };
  }
}

interface SolcOutput {
  errors?: Array<{ severity: string; formattedMessage: string }>;
  contracts?: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
}

type Solc = {
  compile(input: string, opts: { import: (p: string) => { contents: string } | { error: string } }): string;
  version(): string;
};

async function loadSolc(): Promise<Solc> {
  // solc is large (an emscripten build): load it only when compiling.
  return (await import('solc')).default as Solc;
}

/**
 * Compiles Solidity sources (file name → content; imports of `@scope/pkg/…` resolve in
 * node_modules) with exactly the settings of Keel's artifact, and returns abi + creation
 * bytecode of each wanted contract, expected in the file of the same name (`Name.sol`).
 * Used by the build step and by tests that need a test-only contract (never shipped).
 */
export async function compileSolidity<N extends string>(
  sources: Record<string, string>,
  wanted: readonly N[],
): Promise<{ solcVersion: string; contracts: Record<N, ContractArtifact> }> {
  const solc = await loadSolc();
  const input = {
    language: 'Solidity',
    sources: Object.fromEntries(Object.entries(sources).map(([name, content]) => [name, { content }])),
    settings: {
      optimizer: { enabled: true, runs: OPTIMIZER_RUNS },
      evmVersion: EVM_VERSION,
      metadata: { bytecodeHash: 'none', appendCBOR: false },
      outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
    },
  };
  const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImport })) as SolcOutput;
  const errors = (output.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) {
    throw new PermanentError(
      'contracts_compile_failed',
      `solc failed:\n${errors.map((e) => e.formattedMessage).join('\n')}`,
    );
  }
  const contracts = {} as Record<N, ContractArtifact>;
  for (const name of wanted) {
    const out = output.contracts?.[`${name}.sol`]?.[name];
    if (!out)
      throw new PermanentError(
        'contracts_compile_failed',
        `solc produced no output for ${name} (expected in ${name}.sol)`,
      );
    contracts[name] = { abi: out.abi, bytecode: `0x${out.evm.bytecode.object}` };
  }
  return { solcVersion: solc.version(), contracts };
}

/**
 * Compiles every `src/contracts/sources/*.sol` with the npm `solc` package and writes the
 * committed artifact file (abi + creation bytecode per contract, solc version, sources hash).
 * Run by `npm run contracts:build` after a source edit; Keel itself never compiles at start.
 * Returns the path of the written artifact file (`outPath` writes elsewhere, e.g. in tests).
 */
export async function buildContracts(opts: { outPath?: string } = {}): Promise<string> {
  const outPath = opts.outPath ?? ARTIFACT_PATH;
  const sources = readSources();
  const { solcVersion, contracts } = await compileSolidity(
    Object.fromEntries(sources.map((s) => [s.name, s.content])),
    KEEL_CONTRACT_NAMES,
  );
  const ozVersion = (
    JSON.parse(readFileSync(require.resolve('@openzeppelin/contracts/package.json'), 'utf8')) as { version: string }
  ).version;
  const artifacts: KeelArtifacts = {
    solcVersion,
    evmVersion: EVM_VERSION,
    optimizerRuns: OPTIMIZER_RUNS,
    openzeppelinVersion: ozVersion,
    sourcesHash: sourcesHash(),
    contracts,
  };
  mkdirSync(dirname(outPath), { recursive: true });
  const tmp = `${outPath}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(artifacts, null, 2)}\n`);
  renameSync(tmp, outPath);
  if (outPath === ARTIFACT_PATH) cached = undefined;
  return outPath;
}

/**
 * Reads the committed artifact file (once per process) and checks it was built from the
 * sources in the tree, so nobody deploys bytecode that no longer matches the Solidity.
 */
export function loadArtifacts(path: string = ARTIFACT_PATH): KeelArtifacts {
  if (cached && path === ARTIFACT_PATH) return cached;
  if (!existsSync(path)) {
    throw new PermanentError(
      'contracts_not_built',
      `contract artifacts ${path} are missing: run \`npm run contracts:build\``,
    );
  }
  const artifacts = JSON.parse(readFileSync(path, 'utf8')) as KeelArtifacts;
  const current = sourcesHash();
  if (artifacts.sourcesHash !== current) {
    throw new PermanentError(
      'contracts_stale',
      `contract artifacts ${path} were built from other sources (recorded sha256 ${artifacts.sourcesHash.slice(0, 12)}…, ` +
        `sources now ${current.slice(0, 12)}…): run \`npm run contracts:build\``,
    );
  }
  if (path === ARTIFACT_PATH) cached = artifacts;
  return artifacts;
}
