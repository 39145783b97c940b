import type { Config } from '../config/schema.ts';

/**
 * The names Keel knows for addresses: its own accounts (signers), the contracts its
 * configuration names on each chain (assets, spenders, vaults, the DEX router and pools, price
 * feeds, the payments deposit factory, Multicall3) and, on dev and test chains, the demo
 * world's end-user wallets (`demoUsers`). Pure: config and signers in, entries out.
 * The dashboard shows these names beside addresses; nothing here is secret (every entry is a
 * public address already visible in transactions and the configuration).
 */

export const ADDRESS_KINDS = [
  'account',
  'asset',
  'spender',
  'vault',
  'dex_router',
  'pool',
  'price_feed',
  'deposit_factory',
  'attestation_registry',
  'multicall',
  'demo_user',
] as const;
export type AddressKind = (typeof ADDRESS_KINDS)[number];

export interface AddressBookEntry {
  address: string;
  name: string;
  kind: AddressKind;
  /** The chain the name holds on; null: every configured chain (Keel's own accounts). */
  chainId: number | null;
  /** account: its role (treasury, operations, …); asset: its symbol; spender: its kind; demo_user: its note. */
  detail: string | null;
}

/** Builds the address book; the first name found for an address on a chain wins (accounts first). */
export function addressBook(
  config: Pick<Config, 'chains' | 'payments'> & { attestations?: Pick<Config['attestations'], 'registry'> },
  signers: ReadonlyArray<{ name: string; address: string; role: string }>,
): AddressBookEntry[] {
  const out: AddressBookEntry[] = [];
  const seen = new Set<string>();
  const add = (e: AddressBookEntry) => {
    const key = `${e.chainId ?? '*'}|${e.address.toLowerCase()}`;
    if (seen.has(key) || seen.has(`*|${e.address.toLowerCase()}`)) return;
    seen.add(key);
    out.push(e);
  };
  for (const s of signers) add({ address: s.address, name: s.name, kind: 'account', chainId: null, detail: s.role });
  for (const c of config.chains) {
    const chainId = c.chainId;
    for (const a of c.assets) {
      add({
        address: a.address,
        name: a.name ? `${a.symbol} (${a.name})` : a.symbol,
        kind: 'asset',
        chainId,
        detail: a.symbol,
      });
    }
    for (const v of c.vaults) add({ address: v.address, name: v.name, kind: 'vault', chainId, detail: v.asset });
    for (const s of c.spenders) add({ address: s.address, name: s.name, kind: 'spender', chainId, detail: s.kind });
    if (c.dex) {
      add({ address: c.dex.router, name: 'DEX router (Uniswap V2)', kind: 'dex_router', chainId, detail: null });
      for (const p of c.dex.pools)
        add({ address: p.address, name: `${p.tokens.join('/')} pool`, kind: 'pool', chainId, detail: null });
    }
    for (const a of c.assets)
      if (a.priceFeed)
        add({
          address: a.priceFeed.address,
          name: `${a.symbol}/USD price feed`,
          kind: 'price_feed',
          chainId,
          detail: null,
        });
    if (c.nativePriceFeed)
      add({
        address: c.nativePriceFeed.address,
        name: `${c.nativeSymbol}/USD price feed`,
        kind: 'price_feed',
        chainId,
        detail: null,
      });
    if (config.payments.depositFactory)
      add({
        address: config.payments.depositFactory,
        name: 'Keel deposit factory',
        kind: 'deposit_factory',
        chainId,
        detail: null,
      });
    const registry = config.attestations?.registry;
    if (registry?.chainId === chainId)
      add({
        address: registry.address,
        name: 'Keel attestation registry',
        kind: 'attestation_registry',
        chainId,
        detail: null,
      });
    add({ address: c.multicall3, name: 'Multicall3', kind: 'multicall', chainId, detail: null });
    for (const u of c.demoUsers ?? [])
      add({ address: u.address, name: u.name, kind: 'demo_user', chainId, detail: u.note ?? null });
  }
  return out;
}
