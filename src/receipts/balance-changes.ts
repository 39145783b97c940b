import { getAddress, parseEventLogs, type Address, type Log } from 'viem';

/**
 * Balance changes a mined transaction actually caused, read from its receipt, and their
 * comparison with what simulation predicted: what an operator checks after the fact
 * ("did it do what the preview said?"). Pure: plain data in, plain data out.
 */

export interface BalanceDelta {
  address: Address;
  /** `native` for the chain's coin, else the token contract (EIP-55). */
  asset: 'native' | Address;
  /** Signed integer, base units, as a decimal string. */
  delta: string;
}

const eventsAbi = [
  {
    type: 'event',
    name: 'Transfer',
    inputs: [
      { name: 'from', type: 'address', indexed: true },
      { name: 'to', type: 'address', indexed: true },
      { name: 'value', type: 'uint256', indexed: false },
    ],
  },
  {
    type: 'event',
    name: 'Deposit',
    inputs: [
      { name: 'dst', type: 'address', indexed: true },
      { name: 'wad', type: 'uint256', indexed: false },
    ],
  },
  {
    type: 'event',
    name: 'Withdrawal',
    inputs: [
      { name: 'src', type: 'address', indexed: true },
      { name: 'wad', type: 'uint256', indexed: false },
    ],
  },
] as const;

const sortKey = (c: { address: string; asset: string }) =>
  `${c.address.toLowerCase()}|${c.asset === 'native' ? '' : c.asset.toLowerCase()}`;

/**
 * Net changes from a receipt: the top-level native value (when the transaction succeeded),
 * ERC-20 `Transfer` logs, and WETH9 `Deposit`/`Withdrawal` (wrapping mints without a
 * Transfer). The gas fee is left out (the simulation leaves it out too; it is shown apart).
 * Native coin moved inside contract calls leaves no log and is not seen here.
 */
export function actualBalanceChanges(tx: {
  from: Address;
  to: Address | null;
  value: bigint;
  success: boolean;
  logs: readonly Log[];
}): BalanceDelta[] {
  const m = new Map<string, { address: Address; asset: 'native' | Address; delta: bigint }>();
  const add = (address: Address, asset: 'native' | Address, delta: bigint) => {
    if (delta === 0n) return;
    const k = sortKey({ address, asset });
    const cur = m.get(k);
    if (cur) cur.delta += delta;
    else m.set(k, { address: getAddress(address), asset: asset === 'native' ? 'native' : getAddress(asset), delta });
  };
  if (tx.success && tx.to && tx.value > 0n) {
    add(tx.from, 'native', -tx.value);
    add(tx.to, 'native', tx.value);
  }
  if (tx.success) {
    // ERC-721 Transfers index the token id (4 topics) and do not decode against this ABI: skipped.
    for (const log of parseEventLogs({ abi: eventsAbi, logs: tx.logs as Log[], strict: true })) {
      if (log.eventName === 'Transfer') {
        add(log.args.from, log.address, -log.args.value);
        add(log.args.to, log.address, log.args.value);
      } else if (log.eventName === 'Deposit') {
        add(log.args.dst, log.address, log.args.wad);
      } else {
        add(log.args.src, log.address, -log.args.wad);
      }
    }
  }
  return [...m.values()]
    .filter((c) => c.delta !== 0n)
    .sort((a, b) => sortKey(a).localeCompare(sortKey(b)))
    .map((c) => ({ address: c.address, asset: c.asset, delta: c.delta.toString() }));
}

export interface BalanceDifference {
  address: Address;
  asset: 'native' | Address;
  simulated: string;
  actual: string;
}

/** Every (address, asset) whose actual change differs from the simulated one (a missing side counts as 0). */
export function compareBalanceChanges(
  simulated: readonly BalanceDelta[],
  actual: readonly BalanceDelta[],
): BalanceDifference[] {
  const keys = new Map<string, { address: Address; asset: 'native' | Address; simulated: bigint; actual: bigint }>();
  const entry = (c: BalanceDelta) => {
    const k = sortKey(c);
    let e = keys.get(k);
    if (!e)
      keys.set(
        k,
        (e = {
          address: getAddress(c.address),
          asset: c.asset === 'native' ? 'native' : getAddress(c.asset),
          simulated: 0n,
          actual: 0n,
        }),
      );
    return e;
  };
  for (const c of simulated) entry(c).simulated += BigInt(c.delta);
  for (const c of actual) entry(c).actual += BigInt(c.delta);
  return [...keys.entries()]
    .filter(([, e]) => e.simulated !== e.actual)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, e]) => ({
      address: e.address,
      asset: e.asset,
      simulated: e.simulated.toString(),
      actual: e.actual.toString(),
    }));
}
