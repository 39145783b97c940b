import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Abi, Hex } from 'viem';
import { PermanentError } from '../lib/errors.ts';
import type { ContractArtifact } from './compile.ts';

/**
 * Creation bytecode of third-party contracts the demo world deploys as published on npm
 * (never recompiled): Uniswap V2 factory/router/pair, WETH9, ERC-4337 EntryPoint v0.8 (with
 * its reference SimpleAccountFactory, used only as a baseline), and Multicall3 as viem ships it.
 */

const require = createRequire(import.meta.url);

export type VendoredName =
  | 'UniswapV2Factory'
  | 'UniswapV2Pair'
  | 'UniswapV2Router02'
  | 'WETH9'
  | 'EntryPointV08'
  | 'SimpleAccountFactoryV08';

const files: Record<VendoredName, string> = {
  UniswapV2Factory: '@uniswap/v2-core/build/UniswapV2Factory.json',
  UniswapV2Pair: '@uniswap/v2-core/build/UniswapV2Pair.json',
  UniswapV2Router02: '@uniswap/v2-periphery/build/UniswapV2Router02.json',
  WETH9: '@uniswap/v2-periphery/build/WETH9.json',
  EntryPointV08: '@account-abstraction/contracts/artifacts/EntryPoint.json',
  SimpleAccountFactoryV08: '@account-abstraction/contracts/artifacts/SimpleAccountFactory.json',
};

const cache = new Map<VendoredName, ContractArtifact>();

function packageFile(spec: string): string {
  const parts = spec.split('/');
  const pkg = parts.slice(0, 2).join('/');
  try {
    return join(dirname(require.resolve(`${pkg}/package.json`)), ...parts.slice(2));
  } catch (err) {
    throw new PermanentError('vendored_artifact_missing', `npm package ${pkg} is not installed (needed for ${spec})`, {
      cause: err,
    });
  }
}

/** ABI and creation bytecode of a vendored build (Uniswap V2, WETH9, EntryPoint) from node_modules. */
export function vendoredArtifact(name: VendoredName): ContractArtifact {
  const hit = cache.get(name);
  if (hit) return hit;
  const file = packageFile(files[name]);
  let json: { abi: Abi; bytecode?: string; evm?: { bytecode?: { object?: string } } };
  try {
    json = JSON.parse(readFileSync(file, 'utf8')) as typeof json;
  } catch (err) {
    throw new PermanentError('vendored_artifact_missing', `cannot read ${file}: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const raw = json.evm?.bytecode?.object ?? json.bytecode;
  if (!raw) throw new PermanentError('vendored_artifact_missing', `${file} holds no creation bytecode`);
  const artifact: ContractArtifact = { abi: json.abi, bytecode: (raw.startsWith('0x') ? raw : `0x${raw}`) as Hex };
  cache.set(name, artifact);
  return artifact;
}

let multicall3: Hex | undefined;

/**
 * Creation bytecode of the canonical Multicall3 (the build deployed at
 * 0xcA11bde05977b3631167028862bE2a173976CA11 on public chains). viem carries it as
 * `multicall3Bytecode` but does not export it from a public entry point, so it is read from
 * viem's constants module on disk.
 */
export function multicall3InitCode(): Hex {
  if (multicall3) return multicall3;
  const file = join(dirname(require.resolve('viem/package.json')), '_esm', 'constants', 'contracts.js');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PermanentError('vendored_artifact_missing', `cannot read viem's contract constants at ${file}`, {
      cause: err,
    });
  }
  const m = /multicall3Bytecode\s*=\s*'(0x[0-9a-fA-F]+)'/.exec(text);
  if (!m?.[1])
    throw new PermanentError('vendored_artifact_missing', `viem's ${file} no longer defines multicall3Bytecode`);
  multicall3 = m[1] as Hex;
  return multicall3;
}
