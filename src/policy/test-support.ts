import { prng } from '../lib/prng.ts';
import type { Address } from 'viem';
import type { PolicyDocumentInput, PolicyRuleInput } from './document.ts';
import type { Exposure, Facts, Intent } from './types.ts';

/**
 * Seeded generators of policies, intents and facts for the property test (indexed vs
 * reference evaluator) and the benchmark. Not used at run time.
 */

export type Rng = () => number;

/** Seeded generator (src/lib/prng.ts). */
export const rng: (seed: number) => Rng = prng;

const addr = (tag: number, n: number): Address =>
  `0x${tag.toString(16).padStart(4, '0')}${n.toString(16).padStart(36, '0')}` as Address;

/** The world rules and intents are drawn from; `size` scales users, contracts and addresses. */
export interface Universe {
  /** Large universes draw realistic parameters (contracts per chain, roomy limits, narrow exceptions). */
  realistic: boolean;
  chains: number[];
  assets: Map<number, Array<{ symbol: string; address: Address | null; decimals: number }>>;
  users: string[];
  apiKeys: string[];
  sessions: string[];
  signers: Address[];
  contracts: Address[];
  /** Contract k lives on chain k mod |chains|. */
  contractsOn: Map<number, Address[]>;
  spenders: Address[];
  addresses: Address[];
}

export function universe(size: 'small' | 'large'): Universe {
  const big = size === 'large';
  const chains = big ? [1, 10, 137, 8453, 42161, 31337, 31338, 11155111] : [1, 2, 3];
  const assets = new Map(
    chains.map((c) => [
      c,
      [
        { symbol: 'ETH', address: null, decimals: 18 },
        ...['USDC', 'EURC', 'DAI', 'WETH']
          .slice(0, big ? 4 : 2)
          .map((s, k) => ({ symbol: s, address: addr(0x7000 + c, k), decimals: s === 'DAI' || s === 'WETH' ? 18 : 6 })),
      ],
    ]),
  );
  const n = (small: number, large: number) => (big ? large : small);
  const contracts = Array.from({ length: n(6, 600) }, (_, k) => addr(0xc000, k));
  return {
    realistic: big,
    chains,
    assets,
    users: Array.from({ length: n(10, 2_000) }, (_, k) => `user_${k}`),
    apiKeys: Array.from({ length: n(4, 50) }, (_, k) => `key_${k}`),
    sessions: Array.from({ length: n(4, 200) }, (_, k) => `sess_${k}`),
    signers: Array.from({ length: n(3, 10) }, (_, k) => addr(0x5000, k)),
    contracts,
    contractsOn: new Map(chains.map((c, i) => [c, contracts.filter((_, k) => !big || k % chains.length === i)])),
    spenders: Array.from({ length: n(3, 40) }, (_, k) => addr(0x5e00, k)),
    addresses: Array.from({ length: n(20, 5_000) }, (_, k) => addr(0xd000, k)),
  };
}

const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const some = <T>(r: Rng, xs: readonly T[], max: number): T[] => {
  const k = 1 + Math.floor(r() * max);
  return [...new Set(Array.from({ length: k }, () => pick(r, xs)))];
};
const FUNCTIONS = [
  'transfer(address,uint256)',
  'deposit(uint256,address)',
  'withdraw(uint256,address,address)',
  'swapExactTokensForTokens(uint256,uint256,address[],address,uint256)',
];
const SELECTORS = ['0xa9059cbb', '0x6e553f65', '0xb460af94', '0x38ed1739', '0x095ea7b3', '0x12345678'];

/**
 * A random scope. With a number `p`, each filter is present with some probability (dense
 * overlap: good for the property test). With `realistic`, most rules are narrow, as in a real
 * policy: per-user and per-key rules dominate, a tenth are per chain, a few are global.
 */
function scope(r: Rng, u: Universe, p: number | 'realistic'): Partial<PolicyRuleInput> {
  const s: Record<string, unknown> = {};
  if (p === 'realistic') {
    const x = r();
    if (x < 0.55) s.users = some(r, u.users, 3);
    else if (x < 0.7) s.apiKeys = some(r, u.apiKeys, 2);
    else if (x < 0.82) s.sessions = some(r, u.sessions, 2);
    else if (x < 0.86) s.signers = some(r, u.signers, 2);
    else if (x < 0.97) s.chainIds = some(r, u.chains, 2);
    if (!s.chainIds && r() < 0.3) s.chainIds = some(r, u.chains, 2);
    return s as Partial<PolicyRuleInput>;
  }
  if (r() < p) s.chainIds = some(r, u.chains, 2);
  if (r() < p) s.users = some(r, u.users, 3);
  else if (r() < p / 2) s.apiKeys = some(r, u.apiKeys, 2);
  else if (r() < p / 3) s.sessions = some(r, u.sessions, 2);
  if (r() < p / 4) s.signers = some(r, u.signers, 2);
  if (r() < p / 4) s.intentKinds = some(r, ['transfer', 'contract_call', 'swap', 'sweep', 'refund'] as const, 2);
  return s as Partial<PolicyRuleInput>;
}

/** A random rule of a random kind, in scope of the universe. */
export function randomRule(r: Rng, u: Universe, id: string, scopeP: number | 'realistic' = 0.5): PolicyRuleInput {
  let s = scope(r, u, scopeP);
  // in a realistic policy, chain/asset/destination exceptions are made for particular customers
  const narrow = () => (u.realistic ? (s = { users: some(r, u.users, 3) }) : s);
  const restrict = pick(r, ['deny', 'review'] as const);
  const any = pick(r, ['allow', 'allow', 'allow', 'deny', 'review'] as const);
  const chain = pick(r, u.chains);
  const scale = u.realistic ? 100_000 : 10_000;
  const limit = () =>
    r() < 0.6
      ? { usd: String(Math.floor(r() * scale)) }
      : { baseUnits: String(BigInt(Math.floor(r() * scale * 100)) * 10n ** 6n) };
  const withAssets = (l: { usd: string } | { baseUnits: string }) =>
    'baseUnits' in l
      ? {
          assets: some(
            r,
            u.assets.get(chain)!.map((a) => a.symbol),
            2,
          ),
          chainIds: [chain],
        }
      : {};
  const roll = r();
  if (roll < 0.1 || (roll >= 0.35 && roll < 0.5)) narrow();
  if (roll < 0.04) return { ...s, id, kind: 'chain', effect: any, chainIds: some(r, u.chains, 3) };
  if (roll < 0.1)
    return {
      ...s,
      id,
      kind: 'asset',
      effect: any,
      chainIds: [chain],
      assets: some(
        r,
        u.assets.get(chain)!.map((a) => (r() < 0.3 && a.address ? a.address : a.address ? a.symbol : 'native')),
        3,
      ),
    };
  if (roll < 0.35) {
    if (u.realistic) s = {}; // contract allowlists are per chain, not per customer
    const functions = some(r, FUNCTIONS, 2).map((f) =>
      f.startsWith('deposit') && r() < 0.5
        ? { selector: f, args: [{ index: 0, max: String(Math.floor(r() * 1e9)) }] }
        : f,
    );
    if (r() < 0.4) functions.push({ selector: 'approve(address,uint256)', spenders: some(r, u.spenders, 3) } as never);
    if (r() < 0.1) functions.push('*');
    return {
      ...s,
      id,
      kind: 'contract',
      effect: any,
      chainIds: [chain],
      contracts: some(r, u.contractsOn.get(chain)!, 3),
      functions,
    };
  }
  if (roll < 0.5) return { ...s, id, kind: 'destination', effect: any, addresses: some(r, u.addresses, 5) };
  if (roll < 0.6) {
    const l = limit();
    return { ...s, id, kind: 'amount', effect: restrict, limit: l, ...withAssets(l) };
  }
  if (roll < 0.72) {
    const l = limit();
    return {
      ...s,
      id,
      kind: 'window',
      effect: restrict,
      per: pick(r, ['user', 'apiKey', 'session', 'signer', 'org', 'counterparty'] as const),
      windowSeconds: pick(r, [3_600, 86_400, 604_800]),
      limit: l,
      ...withAssets(l),
    };
  }
  if (roll < 0.75) {
    const l = limit();
    return {
      ...s,
      id,
      kind: 'allowance',
      effect: 'allow',
      spenders: some(r, u.spenders, 3),
      limit: l,
      ...withAssets(l),
    };
  }
  if (roll < 0.8)
    return {
      ...s,
      id,
      kind: 'velocity',
      effect: restrict,
      per: pick(r, ['user', 'apiKey', 'org'] as const),
      windowSeconds: pick(r, [60, 3_600]),
      maxCount: Math.floor(r() * 50) + (u.realistic ? 5 : 0),
    };
  if (roll < 0.84) return { ...s, id, kind: 'first_time_destination', effect: restrict };
  if (roll < 0.88)
    return { ...s, id, kind: 'destination_cooling', effect: restrict, coolingSeconds: pick(r, [3_600, 86_400]) };
  if (roll < 0.92)
    return {
      ...s,
      id,
      kind: 'destination_contract',
      effect: restrict,
      ...(r() < 0.5 ? { except: some(r, u.contracts, 2) } : {}),
    };
  if (roll < 0.94) return { ...s, id, kind: 'destination_unreceivable', effect: restrict };
  if (roll < 0.96) return { ...s, id, kind: 'address_lookalike', effect: restrict };
  return { ...s, id, kind: 'wrong_network', effect: restrict };
}

/**
 * A policy of `n` rules: a realistic base (chains and assets allowed, a couple of global
 * caps) followed by random rules.
 */
export function randomPolicy(
  r: Rng,
  u: Universe,
  n: number,
  scopeP: number | 'realistic' = 'realistic',
): PolicyDocumentInput {
  const rules: PolicyRuleInput[] = [
    { id: 'chains', kind: 'chain', effect: 'allow', chainIds: u.chains.slice(0, -1) },
    ...u.chains.map(
      (c): PolicyRuleInput => ({
        id: `assets-${c}`,
        kind: 'asset',
        effect: 'allow',
        chainIds: [c],
        assets: u.assets
          .get(c)!
          .slice(0, -1)
          .map((a) => a.symbol),
      }),
    ),
  ];
  while (rules.length < n) rules.push(randomRule(r, u, `r${rules.length}`, scopeP));
  return { version: 1, rules };
}

/** A random intent with facts; window totals are filled for the keys `needs` reports. */
export function randomCase(
  r: Rng,
  u: Universe,
  needs: (i: Intent) => Array<{ key: string }>,
): { intent: Intent; facts: Facts } {
  const chainId = pick(r, u.chains);
  const asset = pick(r, u.assets.get(chainId)!);
  const call = r() < 0.35;
  const amount = r() < 0.05 ? 0n : BigInt(Math.floor(r() * 5_000)) * 10n ** BigInt(asset.decimals);
  const contract = pick(r, u.contractsOn.get(chainId)!);
  const selector = pick(r, SELECTORS);
  const args: unknown[] =
    selector === '0x095ea7b3'
      ? [
          pick(r, [...u.spenders, ...u.addresses.slice(0, 3)]),
          r() < 0.2 ? 2n ** 256n - 1n : BigInt(Math.floor(r() * 1e9)),
        ]
      : [BigInt(Math.floor(r() * 2e9)), pick(r, u.addresses)];
  const to = call ? contract : pick(r, u.addresses);
  const from = pick(r, u.signers);
  // A simulated exposure (what it can take out of Keel's accounts) on half of them.
  const exposed = (n: bigint) => n * 10n ** BigInt(asset.decimals);
  const spender = pick(r, [...u.spenders, ...u.addresses.slice(0, 3)]);
  const allowance = r() < 0.3 ? (r() < 0.1 ? null : exposed(BigInt(Math.floor(r() * 3_000)))) : 0n;
  const exposure: Exposure | undefined =
    r() < 0.5
      ? {
          assets: [
            { asset, known: true, outflow: exposed(BigInt(Math.floor(r() * 5_000))), allowance: allowance ?? 0n },
          ],
          allowances:
            allowance === 0n
              ? []
              : [
                  {
                    asset,
                    owner: from,
                    spender: spender as `0x${string}`,
                    amount: allowance,
                    ...(allowance !== null && r() < 0.9
                      ? { usd8: (allowance * 100_000_000n) / 10n ** BigInt(asset.decimals) }
                      : {}),
                  },
                ],
          ...(r() < 0.9 ? { usd8: BigInt(Math.floor(r() * 9_000)) * 10n ** 8n } : {}),
        }
      : undefined;
  const intent: Intent = {
    chainId,
    from,
    kind: call
      ? pick(r, ['contract_call', 'contract_call', 'swap', 'sweep'] as const)
      : pick(r, ['transfer', 'transfer', 'refund'] as const),
    ...(exposure ? { exposure } : {}),
    ...(call && r() < 0.7 ? {} : { asset }),
    amount: call ? 0n : amount,
    ...(r() < 0.9 ? { amountUsd8: ((call ? 0n : amount) * 100_000_000n) / 10n ** BigInt(asset.decimals) } : {}),
    to,
    ...(call ? { call: { contract, selector, args } } : {}),
    userId: pick(r, u.users),
    apiKeyId: pick(r, u.apiKeys),
    ...(r() < 0.5 ? { sessionId: pick(r, u.sessions) } : {}),
  };
  const now = new Date(Date.UTC(2025, 0, 1) + Math.floor(r() * 86_400_000));
  const windowTotals: Facts['windowTotals'] = {};
  for (const n of needs(intent)) {
    if (r() < 0.7)
      (windowTotals as Record<string, { sum: bigint; count: number }>)[n.key] = {
        sum: BigInt(Math.floor(r() * 8_000)) * 10n ** 8n,
        count: Math.floor(r() * (u.realistic ? 6 : 60)),
      };
  }
  const near = pick(r, u.addresses);
  const odds = (test: number, real: number) => r() < (u.realistic ? real : test);
  return {
    intent,
    facts: {
      windowTotals,
      now,
      ...(r() < 0.2 ? { reservedContracts: new Map([[contract.toLowerCase(), 'use_swaps_api' as const]]) } : {}),
      destination: {
        isContract: odds(0.2, 0.05),
        isContractOnOtherChains: odds(0.1, 0.02) ? [pick(r, u.chains)] : [],
        seenBefore: odds(0.7, 0.9),
        isToken: odds(0.1, 0.01),
        rejectsNative: odds(0.1, 0.01),
        ...(r() < 0.8
          ? { firstSeenAt: new Date(now.getTime() - Math.floor(r() * (u.realistic ? 30 : 3) * 86_400_000)) }
          : {}),
        pastCounterparties: [
          ...Array.from({ length: 10 }, () => pick(r, u.addresses)),
          ...(odds(0.2, 0.02) ? [`${to.slice(0, 6)}${'9'.repeat(32)}${to.slice(-4)}`] : []),
          ...(r() < 0.1 ? [near] : []),
        ],
      },
    },
  };
}
