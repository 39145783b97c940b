import { readFileSync } from 'node:fs';
import { createPublicClient, http, type Address, type PublicClient } from 'viem';
import { parse as parseYaml } from 'yaml';
import { testDatabase, type TestDatabase } from './db.ts';
import { startTestChain, type TestChain } from './devchain.ts';
import { devConfigFor, startTestKeel, type TestKeel } from './keel.ts';

/**
 * The world the treasury tests share: the demo chain (31337) with its three vaults, a database,
 * and Keel in role `all` under the development policy as shipped (plus any extra rules a test
 * needs), confirmations 1 so movements settle quickly; and the calls every treasury test makes.
 */

/** An authenticated JSON call to a running Keel: `{ status, body }`. */
export type ApiCall = (
  method: string,
  path: string,
  token: string,
  body?: unknown,
) => Promise<{ status: number; body: any }>;

export function apiCaller(url: string): ApiCall {
  return async (method, path, token, body) => {
    const r = await fetch(`${url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    return { status: r.status, body: (await r.json()) as any };
  };
}

/** The policy document of config/development.yaml. */
export function devPolicyDocument(): { rules: unknown[] } & Record<string, unknown> {
  return (parseYaml(readFileSync('config/development.yaml', 'utf8')) as { policy: { document: any } }).policy.document;
}

export interface TreasuryWorld {
  chain: TestChain;
  db: TestDatabase;
  keel: TestKeel;
  client: PublicClient;
  call: ApiCall;
  /** The demo vaults (kvUSD, kcUSD, the drill vault), tUSD and the treasury account. */
  kv: Address;
  kc: Address;
  kd: Address;
  tUSD: Address;
  treasury: Address;
  /** Proposes `body` with `writer` and has each of `approvers` approve it: the version answered at proposal. */
  activate(body: Record<string, unknown>, writer: string, approvers: readonly string[]): Promise<any>;
  stop(): Promise<void>;
}

export async function startTreasuryWorld(
  opts: {
    extraRules?: (w: { kv: Address; treasury: Address }) => unknown[];
    /** More config; a function gets the chain (its RPC URL, its contracts). */
    extra?: Record<string, unknown> | ((chain: TestChain) => Record<string, unknown>);
  } = {},
): Promise<TreasuryWorld> {
  const [chain, db] = await Promise.all([startTestChain({ chainId: 31337 }), testDatabase()]);
  const c = chain.world.contracts;
  const treasury = chain.world.accounts.treasury;
  const policy = devPolicyDocument();
  const config = devConfigFor([{ chainId: 31337, rpcUrls: [chain.rpcUrl] }], {
    policy: {
      document: { ...policy, rules: [...policy.rules, ...(opts.extraRules?.({ kv: c.vault, treasury }) ?? [])] },
    },
    pipeline: { pollIntervalMs: 100, nonceCheckSeconds: 3600 },
    chains: { 31337: { confirmations: 1, pollIntervalMs: 100 } },
    ...(typeof opts.extra === 'function' ? opts.extra(chain) : opts.extra),
  });
  const keel = await startTestKeel(config, db, 'all');
  const call = apiCaller(keel.url!);
  return {
    chain,
    db,
    keel,
    client: createPublicClient({ transport: http(chain.rpcUrl) }),
    call,
    kv: c.vault,
    kc: c.conservativeVault,
    kd: c.drillVault,
    tUSD: c.tUSD,
    treasury,
    async activate(body, writer, approvers) {
      const p = await call('POST', '/v1/treasury/mandates', writer, body);
      if (p.status !== 201) throw new Error(`proposal refused: ${JSON.stringify(p.body)}`);
      for (const t of approvers) {
        const a = await call('POST', `/v1/treasury/mandates/${p.body.mandateId}/approve`, t, {
          version: p.body.version,
        });
        if (a.status !== 200) throw new Error(`approval refused: ${JSON.stringify(a.body)}`);
      }
      return p.body;
    },
    async stop() {
      await keel.stop();
      await Promise.all([chain.stop(), db.close()]);
    },
  };
}
