import { sql, type Kysely } from 'kysely';
import type { Address } from 'viem';
import type { ChainRegistry } from '../chain/index.ts';
import type { ChainConfig, PriceFeedSettings } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { aggregatorV3Abi } from '../contracts/abis.ts';
import { feedState, type FeedState } from '../lib/prices.ts';
import type { CompiledPolicy } from '../policy/compile.ts';
import type { DestinationFacts, IntentAsset } from '../policy/types.ts';

/**
 * Facts the policy and the preview need from outside the request: whether the destination
 * is a contract here and on the other configured chains (wrong-network detection), whether
 * Keel was asked to pay it or paid it before (first-time and cooling rules), past
 * counterparties that look like it (address poisoning), and USD prices from the feeds.
 */

/** How long a feed answer is reused between requests (feeds move on heartbeats of minutes to hours). */
const FEED_CACHE_MS = 2_000;

/**
 * What a capability tells the write path about the addresses it owns or knows, registered at
 * start (payments: its deposit addresses and the payers it has seen).
 */
export interface AddressSource {
  /** Of `addresses` (lower case), those that are Keel's own accounts on `chainId`. */
  ownAccounts?(chainId: number, addresses: readonly string[]): Promise<string[]>;
  /**
   * Known addresses (lower case) whose first `prefixChars` hex characters are those of
   * `address` (lower case), for lookalike checks; at most a few thousand.
   */
  knownLike?(chainId: number, address: string, prefixChars: number): Promise<string[]>;
}

/** `totalSupply()`: a contract that answers it with one word is treated as a token. */
const TOTAL_SUPPLY_DATA = '0x18160ddd';

export class ChainFacts {
  readonly #feeds = new Map<string, { at: number; state: Promise<FeedState> }>();
  readonly #sources: AddressSource[] = [];
  /**
   * Lower-case addresses known from configuration, per chain: Keel's signers, configured
   * contracts (assets, spenders, vaults, DEX, price feeds, Multicall3) and demo users.
   */
  readonly #configured = new Map<number, string[]>();
  constructor(
    private readonly db: Kysely<DB>,
    private readonly chains: ChainRegistry,
    private readonly ownSigners: () => readonly string[] = () => [],
  ) {}

  /** Adds a capability's address source (own accounts, known addresses). */
  addSource(source: AddressSource): void {
    this.#sources.push(source);
  }

  /**
   * Keel's accounts on `chainId` (lower case): every signer, and those of `addresses` (any
   * case) that a source claims (deposit addresses).
   */
  async ownAccounts(chainId: number, addresses: Iterable<string>): Promise<Set<string>> {
    const signers = new Set(this.ownSigners().map((a) => a.toLowerCase()));
    const own = new Set<string>(signers);
    const rest: string[] = [];
    for (const a of new Set([...addresses].map((x) => x.toLowerCase()))) signers.has(a) ? own.add(a) : rest.push(a);
    if (rest.length) {
      const found = await Promise.all(this.#sources.map((s) => s.ownAccounts?.(chainId, rest) ?? Promise.resolve([])));
      for (const list of found) for (const a of list) own.add(a.toLowerCase());
    }
    return own;
  }

  #configuredOn(chainId: number): string[] {
    let list = this.#configured.get(chainId);
    if (!list) {
      const c = this.chains.get(chainId)?.config;
      const addrs = [
        ...this.ownSigners(),
        ...(c?.assets.map((a) => a.address) ?? []),
        ...(c?.spenders.map((a) => a.address) ?? []),
        ...(c?.vaults.map((v) => v.address) ?? []),
        ...(c?.dex ? [c.dex.router, ...c.dex.pools.map((p) => p.address)] : []),
        // The rest of the address book (GET /v1/address-book): price feeds, Multicall3, demo users.
        ...(c?.assets.flatMap((a) => (a.priceFeed ? [a.priceFeed.address] : [])) ?? []),
        ...(c?.nativePriceFeed ? [c.nativePriceFeed.address] : []),
        ...(c ? [c.multicall3] : []),
        ...(c?.demoUsers.map((u) => u.address) ?? []),
      ];
      list = [...new Set(addrs.map((a) => a.toLowerCase()))];
      this.#configured.set(chainId, list);
    }
    return list;
  }

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
   * out of `isContractOnOtherChains` and named in `unreadableChains`. `send` (what would be
   * sent, and from whom) lets a contract destination be probed: is it a token, does it refuse
   * the native coin.
   */
  async destination(
    policy: CompiledPolicy,
    chainId: number,
    address: Address,
    send?: { asset?: IntentAsset; from: Address; amount: bigint },
  ): Promise<DestinationFacts & { unreadableChains: number[] }> {
    const lower = address.toLowerCase();
    const here = this.chains.get(chainId)!;
    const others = this.chains.all().filter((c) => c.chainId !== chainId);
    const lookalike = policy.rules.filter(
      (r): r is Extract<typeof r, { kind: 'address_lookalike' }> => r.kind === 'address_lookalike',
    );
    const prefix = lookalike.length ? Math.min(...lookalike.map((r) => r.prefixChars)) : 0;
    const probes = policy.rules.some((r) => r.kind === 'destination_unreceivable');
    const [code, otherCodes, seen, twins] = await Promise.all([
      here.client.getCode({ address }),
      Promise.all(others.map(async (c) => ({ chainId: c.chainId, code: await this.hasCode(c.chainId, address) }))),
      this.db
        .selectFrom('destinations')
        .select(['first_seen_at', 'paid_count'])
        .where('chain_id', '=', chainId)
        .where('address', '=', lower)
        .executeTakeFirst(),
      prefix ? this.#knownLike(chainId, lower, prefix) : Promise.resolve([] as string[]),
    ]);
    const isContract = !!code && code !== '0x';
    const configuredToken = here.config.assets.some((a) => a.address.toLowerCase() === lower);
    const [isToken, rejectsNative] =
      probes && isContract && send
        ? await this.#probe(chainId, address, send, configuredToken)
        : [configuredToken, false];
    return {
      isContract,
      isContractOnOtherChains: otherCodes.filter((o) => o.code === true).map((o) => o.chainId),
      unreadableChains: otherCodes.filter((o) => o.code === null).map((o) => o.chainId),
      seenBefore: (seen?.paid_count ?? 0) > 0,
      ...(seen ? { firstSeenAt: seen.first_seen_at } : {}),
      pastCounterparties: twins,
      isToken,
      rejectsNative,
    };
  }

  /**
   * Known addresses (lower case) on `chainId` that share `address`'s first `prefix` hex characters,
   * other than `address`: what the policy's lookalike rule compares with (the payee book flags
   * lookalikes of the same set at entry).
   */
  knownLike(chainId: number, address: string, prefix: number): Promise<string[]> {
    return this.#knownLike(chainId, address.toLowerCase(), prefix);
  }

  /**
   * Every known address sharing `lower`'s first `prefix` hex characters: addresses Keel has
   * paid, its own accounts, configured contracts and demo users (everything the address book
   * names), and what capabilities know (payers, deposit addresses, the deposit factory). The
   * lookalike rule compares the last characters itself.
   */
  async #knownLike(chainId: number, lower: string, prefix: number): Promise<string[]> {
    const head = lower.slice(0, 2 + prefix);
    const [paid, ...fromSources] = await Promise.all([
      sql<{ address: string }>`select address from destinations where chain_id = ${chainId} and paid_count > 0
          and left(address, ${2 + prefix}) = ${head} and address <> ${lower} limit 10000`.execute(this.db),
      ...this.#sources.map((s) => s.knownLike?.(chainId, lower, prefix) ?? Promise.resolve([])),
    ]);
    const out = new Set(paid.rows.map((r) => r.address));
    for (const a of this.#configuredOn(chainId)) if (a.startsWith(head) && a !== lower) out.add(a);
    for (const list of fromSources) for (const a of list) if (a !== lower) out.add(a.toLowerCase());
    return [...out];
  }

  /** Whether a contract destination is a token, and whether it refuses the native coin `send` would pay it. */
  async #probe(
    chainId: number,
    address: Address,
    send: { asset?: IntentAsset; from: Address; amount: bigint },
    configuredToken: boolean,
  ): Promise<[boolean, boolean]> {
    const client = this.chains.get(chainId)!.client;
    const token = configuredToken
      ? Promise.resolve(true)
      : client.call({ to: address, data: TOTAL_SUPPLY_DATA }).then(
          (r) => (r.data?.length ?? 0) === 66,
          () => false,
        );
    const native =
      send.asset && send.asset.address === null
        ? client
            // With the balance it needs, so only the destination's own refusal can make it fail.
            .call({
              account: send.from,
              to: address,
              value: send.amount,
              stateOverride: [{ address: send.from, balance: send.amount + 10n ** 18n }],
            })
            .then(
              () => false,
              () => true,
            )
        : Promise.resolve(false);
    return Promise.all([token, native]);
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
        return {
          ok: true as const,
          value: await h.client.readContract({ address: settings.address, abi: aggregatorV3Abi, functionName: fn }),
        };
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
    const entries: Array<[string, PriceFeedSettings | undefined]> = [
      [chain.nativeSymbol, chain.nativePriceFeed],
      ...chain.assets.map((a) => [a.symbol, a.priceFeed] as [string, PriceFeedSettings | undefined]),
    ];
    await Promise.all(
      entries.map(async ([symbol, s]) => {
        const st = await this.feed(chain, s);
        if (st) out[symbol] = st;
      }),
    );
    return out;
  }
}
