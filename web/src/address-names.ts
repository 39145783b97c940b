import { short } from './format.ts';

/**
 * Names Keel knows for addresses (`GET /v1/address-book`): its own accounts and the configured
 * contracts. Pure lookups, so the pages and their tests share them.
 */

export interface NamedAddress {
  address: string;
  name: string;
  kind: string;
  /** null: every chain (Keel's own accounts). */
  chainId: number | null;
  detail: string | null;
}

/** The name of an address (on a chain, when given; else the first name on any chain). */
export type NameOf = (address: string, chainId?: number) => string | undefined;

export const noNames: NameOf = () => undefined;

export function nameLookup(entries: readonly NamedAddress[]): NameOf {
  const byAddress = new Map<string, NamedAddress[]>();
  for (const e of entries) {
    const k = e.address.toLowerCase();
    byAddress.set(k, [...(byAddress.get(k) ?? []), e]);
  }
  return (address, chainId) => {
    const list = byAddress.get(address.toLowerCase());
    if (!list) return undefined;
    const hit =
      chainId === undefined
        ? list[0]
        : (list.find((e) => e.chainId === chainId) ?? list.find((e) => e.chainId === null));
    return hit?.name;
  };
}

export const isAddress = (s: string) => /^0x[0-9a-fA-F]{40}$/.test(s);

/** `Name (0x3e4E…97c7)` when Keel knows a name; the address unchanged otherwise. */
export function withName(address: string, nameOf: NameOf, chainId?: number): string {
  const n = isAddress(address) ? nameOf(address, chainId) : undefined;
  return n ? `${n} (${short(address)})` : address;
}
