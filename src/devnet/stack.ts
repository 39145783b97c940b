import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { PermanentError } from '../lib/errors.ts';
import { startAnvil, type AnvilProcess } from './anvil.ts';
import { startBundler, type BundlerProcess } from './bundler.ts';
import { devClient } from './client.ts';
import { refreshStaleFeeds } from './feeds.ts';
import { deployDemoWorld, DemoWorldIncompleteError, type DemoWorld } from './world.ts';

/**
 * The embedded dev chains of `keel dev`: one anvil per configured chain, its state kept
 * under `<dir>/chains/<chainId>.json` across restarts, each with the demo world deployed,
 * and beside it an ERC-4337 bundler (alto, loopback only) for the chain's EntryPoint.
 */

export interface DevChainSpec {
  chainId: number;
  port: number;
  /** Port of the chain's bundler; omitted: a free one. */
  bundlerPort?: number | undefined;
}

export interface StartDevChainsOptions {
  /** Keel's working directory, e.g. `.keel`; chain state and pid files live in `<dir>/chains`. */
  dir: string;
  chains: DevChainSpec[];
  /** Forget saved chain state and start from genesis. */
  reset?: boolean;
  /** Interval mining after deployment; 0 or omitted keeps automine. */
  blockTimeSeconds?: number;
  /** Periodic state dump, so a hard kill loses at most this much (default 10 s; 0 disables). */
  stateIntervalSeconds?: number;
  /** Demo feeds older than this are re-published on start (default 1 h), see {@link refreshStaleFeeds}. */
  refreshFeedsOlderThanSeconds?: number;
  /** Start a bundler beside each chain (default true). */
  bundlers?: boolean;
  log?: (line: string) => void;
}

export interface DevChain {
  chainId: number;
  port: number;
  rpcUrl: string;
  pid: number;
  stateFile: string;
  world: DemoWorld;
}

export interface DevBundler {
  chainId: number;
  url: string;
  pid: number;
  logFile: string;
}

export interface DevChains {
  chains: DevChain[];
  /**
   * The chains' bundlers. They start once a chain's world is in place and are not waited for
   * by `startDevChains` (alto takes a few seconds to load), so Keel starts meanwhile; this
   * resolves when every one answers, or rejects with the first failure.
   */
  bundlers(): Promise<DevBundler[]>;
  /** Stops every bundler, then every anvil (each dumps its state first). Idempotent. */
  stop(): Promise<void>;
}

/**
 * Starts the dev chains in parallel, clearing orphans left by an earlier run (pid files),
 * restoring saved state, and deploying or verifying the demo world on each. A saved state
 * holding a half-deployed world is discarded and the chain rebuilt. If any chain fails, the
 * others are stopped before the error is thrown.
 */
export async function startDevChains(opts: StartDevChainsOptions): Promise<DevChains> {
  const log = opts.log ?? (() => {});
  const chainsDir = join(opts.dir, 'chains');
  mkdirSync(chainsDir, { recursive: true });
  const started: AnvilProcess[] = [];
  const bundlerStarts = new Map<number, Promise<DevBundler>>();
  const bundlerProcs: Array<Promise<BundlerProcess>> = [];

  const launch = async (spec: DevChainSpec, stateFile: string): Promise<AnvilProcess> => {
    const hadState = existsSync(stateFile);
    try {
      const anvil = await startAnvil({
        chainId: spec.chainId,
        port: spec.port,
        stateFile,
        stateIntervalSeconds: opts.stateIntervalSeconds ?? 10,
        pidFile: join(chainsDir, `${spec.chainId}.pid`),
      });
      started.push(anvil);
      return anvil;
    } catch (err) {
      if (!hadState || !(err instanceof PermanentError) || err.code !== 'anvil_start_failed') throw err;
      throw new PermanentError(
        'anvil_start_failed',
        `${err.message}\nThe saved state ${stateFile} may be damaged: start again with a reset of the dev chains to rebuild it.`,
        { cause: err },
      );
    }
  };

  const startOne = async (spec: DevChainSpec): Promise<DevChain> => {
    const stateFile = join(chainsDir, `${spec.chainId}.json`);
    if (opts.reset) rmSync(stateFile, { force: true });
    let anvil = await launch(spec, stateFile);
    log(`chain ${spec.chainId}: anvil pid ${anvil.pid} on ${anvil.rpcUrl}`);
    let world: DemoWorld;
    try {
      world = await deployDemoWorld(anvil.rpcUrl, { log });
    } catch (err) {
      if (!(err instanceof DemoWorldIncompleteError)) throw err;
      log(`chain ${spec.chainId}: saved state holds a half-deployed demo world; rebuilding the chain from genesis`);
      await anvil.stop();
      rmSync(stateFile, { force: true });
      anvil = await launch(spec, stateFile);
      world = await deployDemoWorld(anvil.rpcUrl, { log });
    }
    const refreshed = await refreshStaleFeeds(anvil.rpcUrl, world, opts.refreshFeedsOlderThanSeconds ?? 3_600);
    if (refreshed.length > 0) log(`chain ${spec.chainId}: re-published ${refreshed.length} stale demo price feed(s)`);
    if (opts.bundlers ?? true) {
      const logFile = join(chainsDir, `${spec.chainId}.bundler.log`);
      const proc = startBundler({
        chainId: spec.chainId,
        rpcUrl: anvil.rpcUrl,
        entryPoint: world.contracts.entryPoint,
        port: spec.bundlerPort,
        logFile,
        pidFile: join(chainsDir, `${spec.chainId}.bundler.pid`),
      });
      bundlerProcs.push(proc);
      const rpcUrl = anvil.rpcUrl;
      const ready = proc.then((b) => {
        log(`chain ${spec.chainId}: bundler pid ${b.pid} on ${b.url} (log ${logFile})`);
        return { chainId: spec.chainId, url: b.url, pid: b.pid, logFile };
      });
      // The caller may await these later (or never, if another chain fails): no "unhandled rejection" meanwhile.
      ready.catch(() => log(`chain ${spec.chainId}: the bundler beside ${rpcUrl} failed to start (log ${logFile})`));
      bundlerStarts.set(spec.chainId, ready);
    }
    if (opts.blockTimeSeconds && opts.blockTimeSeconds > 0) {
      await devClient(anvil.rpcUrl).setIntervalMining({ interval: opts.blockTimeSeconds });
    }
    return { chainId: spec.chainId, port: spec.port, rpcUrl: anvil.rpcUrl, pid: anvil.pid, stateFile, world };
  };

  const stopAll = async () => {
    // Bundlers first: they poll their chain. One still starting is stopped once it is up (or has failed).
    await Promise.all(bundlerProcs.map((p) => p.then((b) => b.stop()).catch(() => {})));
    await Promise.all(started.map((a) => a.stop()));
  };

  const results = await Promise.allSettled(opts.chains.map(startOne));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await stopAll();
    throw failed.reason;
  }
  const chains = results.map((r) => (r as PromiseFulfilledResult<DevChain>).value);
  // In the order of the specs, like `chains` (they start in whatever order their chains come up).
  const bundlers = () => Promise.all(opts.chains.flatMap((spec) => bundlerStarts.get(spec.chainId) ?? []));
  return { chains, bundlers, stop: stopAll };
}
