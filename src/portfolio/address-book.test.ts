import { describe, expect, it } from 'vitest';
import { addressBook } from './address-book.ts';

const ROUTER = '0x3e4E30988B20605e384Bc4A52cb0195d594897c7';
const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';

describe('address book', () => {
  const config = {
    payments: { depositFactory: '0x40F01Fb34C49222429183Cc76fA9969876A987E9' },
    chains: [
      {
        chainId: 31337,
        nativeSymbol: 'ETH',
        multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
        nativePriceFeed: { address: '0xfd98DF4933597710eA197593B25BD0eA1959a04c', heartbeatSeconds: 1 },
        assets: [
          {
            symbol: 'tUSD',
            name: 'Keel Test USD',
            address: '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750',
            decimals: 6,
            priceFeed: { address: '0xDF30A879DdF3bB8fE2b28eE3688329536b371833', heartbeatSeconds: 1 },
          },
        ],
        spenders: [{ name: 'Uniswap V2 Router (demo)', address: ROUTER, kind: 'dex_router' }],
        vaults: [],
        dex: {
          router: ROUTER,
          pools: [{ address: '0x6dEf1fE88a45fDbaa6B1390E06AA1a73df4BF813', tokens: ['tUSD', 'tEUR'] }],
        },
      },
    ],
  } as unknown as Parameters<typeof addressBook>[0];

  it("names Keel's accounts on every chain and each configured contract once per chain", () => {
    const book = addressBook(config, [{ name: 'treasury', address: TREASURY, role: 'treasury' }]);
    expect(book[0]).toEqual({
      address: TREASURY,
      name: 'treasury',
      kind: 'account',
      chainId: null,
      detail: 'treasury',
    });
    const byName = Object.fromEntries(book.map((e) => [e.name, e.kind]));
    expect(byName).toMatchObject({
      'tUSD (Keel Test USD)': 'asset',
      'Uniswap V2 Router (demo)': 'spender',
      'tUSD/tEUR pool': 'pool',
      'tUSD/USD price feed': 'price_feed',
      'ETH/USD price feed': 'price_feed',
      'Keel deposit factory': 'deposit_factory',
      Multicall3: 'multicall',
    });
    // The router is both a spender and the DEX router: the spender's configured name wins, once.
    expect(book.filter((e) => e.address === ROUTER)).toHaveLength(1);
  });

  it('an account keeps its name over a contract entry at the same address', () => {
    const book = addressBook(config, [{ name: 'ops', address: ROUTER, role: 'operations' }]);
    expect(book.filter((e) => e.address === ROUTER)).toEqual([
      { address: ROUTER, name: 'ops', kind: 'account', chainId: null, detail: 'operations' },
    ]);
  });

  it("names a chain's demo users only where the configuration lists them", () => {
    const USER = '0x90F79bf6EB2c4f870365E785982E1f101E93b906';
    const chain = config.chains[0]!;
    expect(addressBook(config, []).some((e) => e.kind === 'demo_user')).toBe(false);
    const withUsers = {
      ...config,
      chains: [
        { ...chain, demoUsers: [{ name: 'demo user 1', address: USER, note: 'router allowance' }] },
        { ...chain, chainId: 31338, demoUsers: [] },
      ],
    } as Parameters<typeof addressBook>[0];
    expect(addressBook(withUsers, []).filter((e) => e.kind === 'demo_user')).toEqual([
      { address: USER, name: 'demo user 1', kind: 'demo_user', chainId: 31337, detail: 'router allowance' },
    ]);
    // One of Keel's own accounts at that address keeps its name.
    const own = addressBook(withUsers, [{ name: 'ops', address: USER, role: 'operations' }]);
    expect(own.filter((e) => e.address === USER).map((e) => e.kind)).toEqual(['account']);
  });
});
