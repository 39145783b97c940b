import { useQuery } from '@tanstack/react-query';
import { keel, unwrap } from './api.ts';
import { nameLookup, noNames, type NamedAddress, type NameOf } from './address-names.ts';
import { Mono } from './components.tsx';
import { short } from './format.ts';

/** The address book (any key may read it; it changes only with the configuration). */
export function useAddressBook(): { entries: NamedAddress[]; nameOf: NameOf } {
  const q = useQuery({
    queryKey: ['address-book'],
    queryFn: () => unwrap(keel.GET('/v1/address-book')),
    staleTime: 5 * 60_000,
  });
  const entries = q.data?.data ?? [];
  return { entries, nameOf: q.data ? nameLookup(entries) : noNames };
}

/** An address with the name Keel knows for it (account, asset, spender, vault …), if any. */
export function Addr({ address, chainId, full = false }: { address: string; chainId?: number; full?: boolean }) {
  const { nameOf } = useAddressBook();
  const name = nameOf(address, chainId);
  return (
    <span className="addr" data-address={address}>
      {name && (
        <>
          <span className="addr-name" data-testid="addr-name">
            {name}
          </span>{' '}
        </>
      )}
      <Mono value={full ? address : short(address)} full={address} />
    </span>
  );
}
