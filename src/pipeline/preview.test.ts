import { describe, expect, it } from 'vitest';
import { encodeFunctionData, maxUint256, parseAbi, type Address, type Hex } from 'viem';
import { chainSchema, rpcPolicySchema, type ChainConfig } from '../config/schema.ts';
import { erc20Abi, erc4626Abi, uniswapV2Router02Abi, weth9Abi } from '../contracts/abis.ts';
import type { FeedState } from '../lib/prices.ts';
import { finalityOf, renderPreview, type PreviewInput } from './preview.ts';

// The demo world of config/development.yaml.
const TUSD = '0x97a7E38964F1caa587a5383EfCF7c4b0085D1750' as Address;
const TEUR = '0x757fA44F75eaCF4dD6764e368A85cc7B90d78Ac7' as Address;
const WETH = '0x75E5734C452242f73DC1E9bD988744849b51c208' as Address;
const TVOL = '0xa9E4fa8f8122dC7a4D80fb30b48049B4bDBfD806' as Address;
const ROUTER = '0x3e4E30988B20605e384Bc4A52cb0195d594897c7' as Address;
const VAULT = '0x1972c6b2A462f53d781a74Db88ecf63c662D5e6d' as Address;
const TREASURY = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' as Address;
const ALICE = '0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B' as Address;
const STRANGER = '0x1234567890AbcdEF1234567890aBcdef12345678' as Address;

function chain(over: Record<string, unknown> = {}): ChainConfig {
  const s = chainSchema.parse({
    name: 'Keel Dev A',
    rpcUrls: ['http://127.0.0.1:8545'],
    confirmations: 2,
    finality: 'confirmations',
    pollIntervalMs: 1000,
    assets: [
      { symbol: 'tUSD', name: 'Keel Test USD', address: TUSD, decimals: 6 },
      { symbol: 'tEUR', name: 'Keel Test EUR', address: TEUR, decimals: 6 },
      { symbol: 'WETH', name: 'Wrapped Ether', address: WETH, decimals: 18 },
      { symbol: 'tVOL', address: TVOL, decimals: 18 },
    ],
    spenders: [
      { name: 'Uniswap V2 Router (demo)', address: ROUTER, kind: 'dex_router' },
      { name: 'Keel Demo USD Vault', address: VAULT, kind: 'vault' },
    ],
    vaults: [{ name: 'Keel Demo USD Vault (kvUSD)', address: VAULT, asset: 'tUSD' }],
    ...over,
  });
  const { rpc: _rpc, ...rest } = s;
  return { ...rest, chainId: 31337, rpc: rpcPolicySchema.parse({}) };
}

const ok = (usd: number): FeedState => ({ usd8: BigInt(Math.round(usd * 1e8)), status: 'ok', updatedAt: 1n });
const NOW = new Date('2026-11-24T11:30:00Z');

function input(calls: { to: Address; data?: Hex; value?: bigint }[], over: Partial<PreviewInput> = {}): PreviewInput {
  return {
    chain: chain(),
    from: { address: TREASURY, label: 'treasury' },
    calls: calls.map((c) => ({ to: c.to, data: c.data ?? '0x', value: c.value ?? 0n })),
    facts: { firstTimeRecipients: [] },
    fee: { gasLimit: 21_000n, maxFeePerGas: 2_000_000_000n },
    now: NOW,
    ...over,
  };
}
const one = (i: PreviewInput) => renderPreview(i).lines[0]!;
const erc20 = (fn: 'transfer' | 'approve', a: Address, v: bigint) =>
  encodeFunctionData({ abi: erc20Abi, functionName: fn, args: [a, v] });

describe('renderPreview: one line per call kind', () => {
  it('transfer to a first-time recipient says so and warns', () => {
    const l = one(
      input([{ to: TEUR, data: erc20('transfer', ALICE, 1_200_000_000n) }], {
        facts: { firstTimeRecipients: [ALICE] },
      }),
    );
    expect(l.kind).toBe('transfer');
    expect(l.text).toBe('Send 1,200.00 tEUR (Keel Test EUR) to 0xAb58…eC9B, a first-time recipient');
    expect(l.warnings).toEqual([
      'First-time recipient: check the full address 0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B before approving.',
    ]);
  });

  it('transfer to a labelled contract says it is a contract; an asset without a name shows its symbol', () => {
    const facts = { firstTimeRecipients: [], knownLabels: { [ALICE]: 'Alice' }, isContract: { [ALICE]: true } };
    const l = one(input([{ to: TVOL, data: erc20('transfer', ALICE, 5n * 10n ** 17n) }], { facts }));
    expect(l.text).toBe('Send 0.50 tVOL to Alice (0xAb58…eC9B), a contract');
    expect(l.warnings[0]).toMatch(/recipient is a contract/);
  });

  it('native transfer', () => {
    const l = one(input([{ to: ALICE, value: 1_500_000_000_000_000_000n }]));
    expect(l).toEqual({ index: 0, kind: 'native_transfer', text: 'Send 1.50 ETH to 0xAb58…eC9B', warnings: [] });
  });

  it('approve exactly, to a known spender', () => {
    const l = one(input([{ to: TUSD, data: erc20('approve', ROUTER, 250_000_000n) }]));
    expect(l.kind).toBe('approve');
    expect(l.text).toBe('Approve Uniswap V2 Router (demo) (0x3e4E…97c7) to spend exactly 250.00 tUSD (Keel Test USD)');
    expect(l.warnings).toEqual([]);
  });

  it('unlimited approve (max uint256 and >= 2^128) to an unknown spender warns twice', () => {
    for (const v of [maxUint256, 1n << 128n]) {
      const l = one(input([{ to: TUSD, data: erc20('approve', STRANGER, v) }]));
      expect(l.text).toBe('Approve 0x1234…5678 to spend an UNLIMITED amount of tUSD (Keel Test USD)');
      expect(l.warnings).toEqual([
        'The spender 0x1234567890AbcdEF1234567890aBcdef12345678 is not a spender Keel knows on Keel Dev A.',
        'UNLIMITED approval: 0x1234…5678 could move all tUSD of this account, now and later.',
      ]);
    }
  });

  it('approve 0 reads as removing the permission', () => {
    expect(one(input([{ to: TUSD, data: erc20('approve', ROUTER, 0n) }])).text).toBe(
      'Remove the permission of Uniswap V2 Router (demo) (0x3e4E…97c7) to spend tUSD (Keel Test USD)',
    );
  });

  it('vault deposit', () => {
    const data = encodeFunctionData({ abi: erc4626Abi, functionName: 'deposit', args: [500_000_000n, TREASURY] });
    const l = one(input([{ to: VAULT, data }]));
    expect(l).toEqual({
      index: 0,
      kind: 'vault_deposit',
      text: 'Deposit exactly 500.00 tUSD (Keel Test USD) into Keel Demo USD Vault (kvUSD) (0x1972…5e6d)',
      warnings: [],
    });
  });

  it('vault redeem: raw share units without share decimals, formatted with them; another receiver warns', () => {
    const data = encodeFunctionData({
      abi: erc4626Abi,
      functionName: 'redeem',
      args: [100_000_000n, TREASURY, TREASURY],
    });
    expect(one(input([{ to: VAULT, data }])).text).toBe(
      'Redeem 100000000 share base units (share decimals not known) of Keel Demo USD Vault (kvUSD) (0x1972…5e6d) for tUSD (Keel Test USD)',
    );
    const facts = { firstTimeRecipients: [], shareDecimals: { [VAULT]: 6 } };
    expect(one(input([{ to: VAULT, data }], { facts })).text).toBe(
      'Redeem 100.00 shares of Keel Demo USD Vault (kvUSD) (0x1972…5e6d) for tUSD (Keel Test USD)',
    );
    const toAlice = encodeFunctionData({
      abi: erc4626Abi,
      functionName: 'withdraw',
      args: [1_000_000n, ALICE, TREASURY],
    });
    const l = one(input([{ to: VAULT, data: toAlice }]));
    expect(l.kind).toBe('vault_redeem');
    expect(l.text).toBe(
      'Withdraw exactly 1.00 tUSD (Keel Test USD) from Keel Demo USD Vault (kvUSD) (0x1972…5e6d), paid to 0xAb58…eC9B',
    );
    expect(l.warnings).toEqual([
      'Proceeds go to another address than the sending account: 0xAb5801a7D398351b8bE11C439e05C5B3259aeC9B.',
    ]);
  });

  it('router swap with deadline on the same UTC day', () => {
    const deadline = BigInt(Date.parse('2026-11-24T12:03:00Z') / 1000);
    const data = encodeFunctionData({
      abi: uniswapV2Router02Abi,
      functionName: 'swapExactTokensForTokens',
      args: [100_000_000n, 33_000_000_000_000_000n, [TUSD, WETH], TREASURY, deadline],
    });
    const l = one(input([{ to: ROUTER, data }]));
    expect(l.kind).toBe('swap');
    expect(l.text).toBe(
      'Swap exactly 100.00 tUSD (Keel Test USD) for at least 0.033 WETH (Wrapped Ether) via Uniswap V2 Router (demo) (0x3e4E…97c7) (deadline 12:03 UTC)',
    );
    expect(l.warnings).toEqual([]);
  });

  it('swapExactETHForTokens: multi-hop route, past deadline on another day warns', () => {
    const abi = parseAbi([
      'function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline) payable',
    ]);
    const deadline = BigInt(Date.parse('2026-11-23T08:00:00Z') / 1000);
    const data = encodeFunctionData({
      abi,
      functionName: 'swapExactETHForTokens',
      args: [1n, [WETH, TUSD, TEUR], TREASURY, deadline],
    });
    const l = one(input([{ to: ROUTER, data, value: 10n ** 18n }]));
    expect(l.text).toBe(
      'Swap exactly 1.00 ETH for at least 0.000001 tEUR (Keel Test EUR) via Uniswap V2 Router (demo) (0x3e4E…97c7), routed WETH → tUSD → tEUR (deadline 2026-11-23 08:00 UTC)',
    );
    expect(l.warnings).toEqual(['The deadline (2026-11-23 08:00 UTC) has already passed: this swap will fail.']);
  });

  it('wrap (deposit and plain send to WETH) and unwrap', () => {
    const dep = encodeFunctionData({ abi: weth9Abi, functionName: 'deposit' });
    for (const data of [dep, '0x' as Hex]) {
      expect(one(input([{ to: WETH, data, value: 10n ** 18n / 4n }]))).toEqual({
        index: 0,
        kind: 'wrap',
        text: 'Wrap 0.25 ETH into 0.25 WETH (Wrapped Ether)',
        warnings: [],
      });
    }
    const wd = encodeFunctionData({ abi: weth9Abi, functionName: 'withdraw', args: [2n * 10n ** 18n] });
    const l = one(input([{ to: WETH, data: wd }]));
    expect(l.kind).toBe('unwrap');
    expect(l.text).toBe('Unwrap 2.00 WETH (Wrapped Ether) into 2.00 ETH');
  });

  it('WETH is still an ERC-20: a WETH transfer is a transfer', () => {
    expect(one(input([{ to: WETH, data: erc20('transfer', ALICE, 1n) }])).text).toBe(
      'Send 0.000000000000000001 WETH (Wrapped Ether) to 0xAb58…eC9B',
    );
  });
});

describe('renderPreview: never guesses', () => {
  it('unknown contract: selector only, with a warning; native value is mentioned', () => {
    const l = one(input([{ to: STRANGER, data: '0x12345678deadbeef', value: 10n ** 16n }]));
    expect(l.kind).toBe('unknown');
    expect(l.text).toBe(
      'Call function 0x12345678 on unknown contract 0x1234…5678 (not decoded: Keel cannot describe what it does), and send 0.01 ETH with the call',
    );
    expect(l.warnings).toEqual(['Keel cannot describe this call. Approve it only if you know exactly what it does.']);
  });

  it('a known ERC-20 called with a selector Keel does not know (even a real ERC-20 transfer shape on an unknown address)', () => {
    expect(one(input([{ to: TUSD, data: '0xa9059cbb00' }])).text).toBe(
      'Call function 0xa9059cbb on Keel Test USD (0x97a7…1750) (not decoded: Keel cannot describe what it does)',
    );
    // A well-formed transfer to an unconfigured token is NOT described as a transfer.
    const l = one(input([{ to: STRANGER, data: erc20('transfer', ALICE, 1n) }]));
    expect(l.kind).toBe('unknown');
    expect(l.text).toBe(
      'Call function 0xa9059cbb on unknown contract 0x1234…5678 (not decoded: Keel cannot describe what it does)',
    );
  });

  it('a decoded but undescribed function says so; malformed data is not decoded', () => {
    const data = encodeFunctionData({ abi: erc20Abi, functionName: 'transferFrom', args: [ALICE, TREASURY, 1n] });
    expect(one(input([{ to: ROUTER, data }])).kind).toBe('unknown');
    const bal = encodeFunctionData({ abi: erc20Abi, functionName: 'balanceOf', args: [ALICE] });
    expect(one(input([{ to: TUSD, data: bal }])).text).toBe(
      'Call function balanceOf on Keel Test USD (0x97a7…1750) (decoded, but Keel does not describe this function)',
    );
    expect(one(input([{ to: STRANGER, data: '0x1234' }])).text).toBe(
      'Call malformed call data 0x1234 on unknown contract 0x1234…5678 (not decoded: Keel cannot describe what it does)',
    );
  });

  it('a swap with an empty route is not described', () => {
    const data = encodeFunctionData({
      abi: uniswapV2Router02Abi,
      functionName: 'swapExactTokensForTokens',
      args: [1n, 1n, [], TREASURY, 1n],
    });
    expect(one(input([{ to: ROUTER, data }])).text).toBe(
      'Call function swapExactTokensForTokens on Uniswap V2 Router (demo) (0x3e4E…97c7) (decoded, but Keel does not describe this function)',
    );
  });

  it('value sent to a non-payable ERC-20 function is mentioned and warned', () => {
    const l = one(input([{ to: TUSD, data: erc20('transfer', ALICE, 1_000_000n), value: 1n }]));
    expect(l.text).toBe(
      'Send 1.00 tUSD (Keel Test USD) to 0xAb58…eC9B, and send 0.000000000000000001 ETH with the call',
    );
    expect(l.warnings).toEqual(['The call also sends 0.000000000000000001 ETH, which this function does not expect.']);
  });
});

describe('renderPreview: fee', () => {
  it('with a fresh price, a stale price, and none', () => {
    expect(
      renderPreview(
        input([{ to: ALICE }], { fee: { gasLimit: 21_000n, maxFeePerGas: 2_000_000_000n, nativeUsd: ok(3000) } }),
      ).fee,
    ).toEqual({
      native: { amount: '0.000042', baseUnits: '42000000000000' },
      usd: '$0.13',
      text: 'Network fee: at most 0.000042 ETH (about $0.13)',
    });
    const stale: FeedState = { ...ok(3000), status: 'stale' };
    expect(
      renderPreview(
        input([{ to: ALICE }], { fee: { gasLimit: 21_000n, maxFeePerGas: 2_000_000_000n, nativeUsd: stale } }),
      ).fee.text,
    ).toBe('Network fee: at most 0.000042 ETH (about $0.13; price may be out of date)');
    const none = renderPreview(input([{ to: ALICE }])).fee;
    expect(none.usd).toBeNull();
    expect(none.text).toBe('Network fee: at most 0.000042 ETH (USD value unavailable)');
    const invalid: FeedState = { usd8: null, status: 'invalid', updatedAt: null };
    expect(
      renderPreview(input([{ to: ALICE }], { fee: { gasLimit: 1n, maxFeePerGas: 1n, nativeUsd: invalid } })).fee.usd,
    ).toBeNull();
  });

  it('rounds the shown fee UP to 8 decimals (it is a ceiling) but keeps the exact amount', () => {
    const f = renderPreview(input([{ to: ALICE }], { fee: { gasLimit: 21_001n, maxFeePerGas: 1_234_567_891n } })).fee;
    expect(f.native.amount).toBe('0.000025927160278891');
    expect(f.text).toBe('Network fee: at most 0.00002593 ETH (USD value unavailable)');
  });
});

describe('renderPreview: balance changes', () => {
  it('signed amounts, labels, USD when priced, raw units for unknown tokens', () => {
    const p = renderPreview(
      input([{ to: TEUR, data: erc20('transfer', ALICE, 1_200_000_000n) }], {
        balanceChanges: [
          { address: TREASURY, asset: TEUR, delta: -1_200_000_000n },
          { address: ALICE, asset: TEUR, delta: 1_200_000_000n },
          { address: TREASURY, asset: 'native', delta: -42_000_000_000_000n },
          { address: ALICE, asset: STRANGER, delta: 7n },
        ],
        prices: { tEUR: ok(1.08), ETH: { ...ok(3000), status: 'stale' } },
      }),
    );
    expect(p.balanceChanges.map((b) => b.text)).toEqual([
      'treasury (0x7099…79C8): -1,200.00 tEUR (Keel Test EUR) (about -$1,296.00)',
      '0xAb58…eC9B: +1,200.00 tEUR (Keel Test EUR) (about +$1,296.00)',
      'treasury (0x7099…79C8): -0.000042 ETH (about -$0.13; price may be out of date)',
      '0xAb58…eC9B: +7 base units of unknown token 0x1234…5678',
    ]);
    expect(p.balanceChanges[0]).toMatchObject({ label: 'treasury', asset: 'tEUR', delta: '-1200', usd: '-$1,296.00' });
    expect(p.balanceChanges[1]).toMatchObject({ label: '0xAb58…eC9B', delta: '+1200' });
    expect(p.balanceChanges[3]).toMatchObject({ asset: '0x1234…5678', delta: '+7' });
    expect(p.balanceChanges[3]!.usd).toBeUndefined();
  });
});

describe('finality', () => {
  it('confirmations mode: confirmations × assumed block time', () => {
    expect(finalityOf(chain()).text).toBe('Final after 2 confirmations (about 2 seconds on Keel Dev A; an estimate)');
    expect(finalityOf(chain({ confirmations: 1 }), { blockTimeSeconds: 12 }).text).toBe(
      'Final after 1 confirmation (about 12 seconds on Keel Dev A; an estimate)',
    );
    expect(finalityOf(chain({ confirmations: 0 })).text).toBe(
      'Final once included in a block (about 1 second on Keel Dev A; an estimate)',
    );
  });

  it('finalized mode: about 64 block times unless told', () => {
    const eth = chain({ name: 'Ethereum', finality: 'finalized' });
    expect(finalityOf(eth, { blockTimeSeconds: 12 })).toEqual({
      mode: 'finalized',
      estimatedSeconds: 768,
      text: 'Final when the chain marks the block finalized (about 13 minutes on Ethereum; an estimate)',
    });
    expect(finalityOf(eth, { finalizedAfterSeconds: 2 * 3600 }).text).toContain('about 2 hours on Ethereum');
  });
});

describe('summary', () => {
  it('names the account, every call in order, the warnings, the fee and finality', () => {
    const deadline = BigInt(Date.parse('2026-11-24T12:03:00Z') / 1000);
    const swap = encodeFunctionData({
      abi: uniswapV2Router02Abi,
      functionName: 'swapExactTokensForTokens',
      args: [100_000_000n, 1n, [TUSD, TEUR], TREASURY, deadline],
    });
    const p = renderPreview(
      input([
        { to: TUSD, data: erc20('approve', ROUTER, maxUint256) },
        { to: ROUTER, data: swap },
        { to: STRANGER, data: '0xdeadbeef' },
      ]),
    );
    expect(p.lines.map((l) => [l.index, l.kind])).toEqual([
      [0, 'approve'],
      [1, 'swap'],
      [2, 'unknown'],
    ]);
    expect(p.summary).toBe(
      'From treasury (0x7099…79C8) on Keel Dev A: (1) Approve Uniswap V2 Router (demo) (0x3e4E…97c7) to spend an UNLIMITED amount of tUSD (Keel Test USD); ' +
        '(2) Swap exactly 100.00 tUSD (Keel Test USD) for at least 0.000001 tEUR (Keel Test EUR) via Uniswap V2 Router (demo) (0x3e4E…97c7) (deadline 12:03 UTC); ' +
        '(3) Call function 0xdeadbeef on unknown contract 0x1234…5678 (not decoded: Keel cannot describe what it does). ' +
        '2 warnings: read them before approving. Includes a call Keel cannot describe. ' +
        'Network fee: at most 0.000042 ETH (USD value unavailable). Final after 2 confirmations (about 2 seconds on Keel Dev A; an estimate).',
    );
  });
});
