import { sql, type Kysely } from 'kysely';
import type { Address } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { ChainConfig, PriceFeedSettings } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { aggregatorV3Abi } from '../contracts/abis.ts';
import { feedState, type FeedState } from '../lib/prices.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { DestinationFacts } from '../policy/types.ts';

/**
 * Facts the policy and the preview need from outside the request: whether the destination
 * is a contract here and on the other configured chains (wrong-network detection), whether
 * Keel was asked to pay it or paid it before (first-time and cooling rules), past
 * counterparties that look like it (address poisoning), and USD prices from the feeds.
 */

/** How long a feed answer is reused between requests (feeds move on heartbeats of minutes to hours). */
const FEED_CACHE_MS = 2_000;

export class ChainFacts {
  readonly #feeds = new Map<string, { at: number; state: Promise<FeedState> }>();
  constructor(
    private readonly db: Kysely<DB>,
    private readonly chains: ChainRegistry,
  ) {}

  /** Code at `address` on `chainId`; `null` when that chain cannot be read right now. */
  async hasCode(chainId: number, address: Address): Promise<boolean | null> {
    const h = this.chains.get(chainId);
    if (!h) return null;
    try {
      const code = await h.client.getCode({ address });
      return !!code && code !== '0x';
    } catch {
      return null;
    }
  }

  /**
   * Destination facts for the policy. The intent chain's code read must succeed (an
   * unreadable chain fails the request with 503); another chain that cannot be read is left
   * out of `isContractOnOtherChains` and named in `unreadableChains`.
   */
  async destination(policy: CompiledPolicy, chainId: number, address: Address): Promise<DestinationFacts & { unreadableChains: number[] }> {
    const lower = address.toLowerCase();
    const here = this.chains.get(chainId)!;
    const others = this.chains.all().filter((c) => c.chainId !== chainId);
    const lookalike = policy.rules.filter((r): r is Extract<typeof r, { kind: 'address_lookalike' }> => r.kind === 'address_lookalike');
    const prefix = lookalike.length ? Math.min(...lookalike.map((r) => r.prefixChars)) : 0;
    const [code, otherCodes, seen, twins] = await Promise.all([
      here.client.getCode({ address }),
      Promise.all(others.map(async (c) => ({ chainId: c.chainId, code: await this.hasCode(c.chainId, address) }))),
      this.db.selectFrom('destinations').select(['first_seen_at', 'paid_count']).where('chain_id', '=', chainId).where('address', '=', lower).executeTakeFirst(),
      prefix
        ? sql<{ address: string }>`select address from destinations where chain_id = ${chainId} and paid_count > 0
            and left(address, ${2 + prefix}) = ${lower.slice(0, 2 + prefix)} and address <> ${lower} limit 10000`.execute(this.db)
        : Promise.resolve({ rows: [] as { address: string }[] }),
    ]);
    return {
      isContract: !!code && code !== '0x',
      isContractOnOtherChains: otherCodes.filter((o) => o.code === true).map((o) => o.chainId),
      unreadableChains: otherCodes.filter((o) => o.code === null).map((o) => o.chainId),
      seenBefore: (seen?.paid_count ?? 0) > 0,
      ...(seen ? { firstSeenAt: seen.first_seen_at } : {}),
      pastCounterparties: twins.rows.map((r) => r.address),
    };
  }

  /** The feed's state (cached for a moment); `unavailable` when it cannot be read. */
  feed(chain: ChainConfig, settings: PriceFeedSettings | undefined): Promise<FeedState> | undefined {
    if (!settings) return undefined;
    const key = `${chain.chainId}:${settings.address}`;
    const hit = this.#feeds.get(key);
    const now = Date.now();
    if (hit && now - hit.at < FEED_CACHE_MS) return hit.state;
    const state = this.#readFeed(chain.chainId, settings);
    this.#feeds.set(key, { at: now, state });
    state.catch(() => this.#feeds.delete(key));
    return state;
  }

  async #readFeed(chainId: number, settings: PriceFeedSettings): Promise<FeedState> {
    const h = this.chains.get(chainId);
    if (!h) return { usd8: null, status: 'unavailable', updatedAt: null };
    const read = async (fn: 'decimals' | 'latestRoundData') => {
      try {
        return { ok: true as const, value: await h.client.readContract({ address: settings.address, abi: aggregatorV3Abi, functionName: fn }) };
      } catch (err) {
        return { ok: false as const, error: (err as Error).message };
      }
    };
    const [decimals, round] = await Promise.all([read('decimals'), read('latestRoundData')]);
    return feedState(settings, decimals, round, BigInt(Math.floor(Date.now() / 1000)));
  }

  /** Prices of every configured asset of the chain and its native coin, by symbol (for previews). */
  async prices(chain: ChainConfig): Promise<Record<string, FeedState>> {
    const out: Record<string, FeedState> = {};
    const entries: Array<[string, PriceFeedSettings | undefined]> = [[chain.nativeSymbol, chain.nativePriceFeed], ...chain.assets.map((a) => [a.symbol, a.priceFeed] as [string, PriceFeedSettings | undefined])];
    await Promise.all(
      entries.map(async ([symbol, s]) => {
        const st = await this.feed(chain, s);
        if (st) out[symbol] = st;
      }),
    );
    return out;
  }
}
