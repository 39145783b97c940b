import { sql } from 'kysely';
import { createPublicClient, getAddress, http, keccak256, parseUnits, type Address, type PublicClient } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDatabase, type TestDatabase } from '../../test/helpers/db.ts';
import { startTestChain, type TestChain } from '../../test/helpers/devchain.ts';
import { devConfigFor } from '../../test/helpers/keel.ts';
import { advanceTime, deployDemoVaults, depositInto, sendYield } from '../../test/helpers/vaults.ts';
import { createChainRegistry, type ChainRegistry } from '../chain/index.ts';
import { erc20Abi, erc4626Abi } from '../contracts/abis.ts';
import { treasury, users } from '../devnet/accounts.ts';
import { rawRequest, devClient } from '../devnet/client.ts';
import { mandateDocumentSchema } from './mandate.ts';
import { EIP1967_IMPLEMENTATION_SLOT, readPosition } from './position-reader.ts';
import { loadPosition } from './position-service.ts';
import { SharePriceRecordError, recordSharePrices } from './prices-recorder.ts';
import { SharePricesStore } from './prices-store.ts';

/**
 * The position part against the demo world on anvil: a real position read at one block (equal
 * to direct reads pinned to that block), a vault call that reverts marked on its vault only,
 * an EIP-1967 slot followed to its implementation's code, and the recorder's history giving an
 * APY equal to a manual calculation from the on-chain share prices.
 */

const usd = (v: string) => parseUnits(v, 6);
const DAY = 24 * 3600;

describe('treasury position on the demo world', () => {
  let chain: TestChain;
  let db: TestDatabase;
  let registry: ChainRegistry;
  let direct: PublicClient;
  let tUSD: Address;
  let demoVault: Address;
  let second: Address;
  let proxied: Address;
  const account = users[0]!.address;
  let depositShares = 0n;

  beforeAll(async () => {
    [chain, db] = await Promise.all([startTestChain(), testDatabase()]);
    const config = devConfigFor([{ chainId: chain.chainId, rpcUrls: [chain.rpcUrl] }]);
    registry = createChainRegistry(config.chains);
    direct = createPublicClient({ transport: http(chain.rpcUrl) });
    tUSD = chain.world.contracts.tUSD;
    demoVault = chain.world.contracts.vault;
    [second, proxied] = (await deployDemoVaults(chain.rpcUrl, tUSD, 2)) as [Address, Address];
    await depositInto(chain.rpcUrl, account, tUSD, demoVault, usd('4000'));
    depositShares = await direct.readContract({
      address: demoVault,
      abi: erc4626Abi,
      functionName: 'balanceOf',
      args: [account],
    });
    await depositInto(chain.rpcUrl, account, tUSD, second, usd('1000'));
    // `proxied` looks like an EIP-1967 proxy of the demo vault (its slot names it).
    await rawRequest(devClient(chain.rpcUrl), 'anvil_setStorageAt', [
      proxied,
      EIP1967_IMPLEMENTATION_SLOT,
      `0x${demoVault.slice(2).toLowerCase().padStart(64, '0')}`,
    ]);
  });
  afterAll(async () => {
    registry?.close();
    await Promise.all([chain?.stop(), db?.close()]);
  });

  const handle = () => registry.get(chain.chainId)!;

  it('reads every value at one block, equal to direct reads pinned to that block', async () => {
    const vaults = [demoVault, second, proxied];
    const r = await readPosition(handle().client, handle().config, { account, asset: tUSD, vaults });
    const blockNumber = r.block.number;
    const block = await direct.getBlock({ blockNumber });
    expect(r.block.timestamp).toBe(block.timestamp);
    expect(r.accountBalance).toBe(
      await direct.readContract({
        address: tUSD,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [account],
        blockNumber,
      }),
    );
    expect(r.accountBalance).toBe(usd('5000'));
    expect(r.accountFailures).toEqual([]);
    for (const v of r.vaults) {
      const read = <F extends 'totalAssets' | 'totalSupply' | 'decimals'>(functionName: F) =>
        direct.readContract({ address: v.address, abi: erc4626Abi, functionName, blockNumber } as never) as Promise<
          bigint | number
        >;
      const shares = await direct.readContract({
        address: v.address,
        abi: erc4626Abi,
        functionName: 'balanceOf',
        args: [account],
        blockNumber,
      });
      const decimals = Number(await read('decimals'));
      expect(v.failures).toEqual([]);
      expect(v.shares).toBe(shares);
      expect(v.value).toBe(
        await direct.readContract({
          address: v.address,
          abi: erc4626Abi,
          functionName: 'convertToAssets',
          args: [shares],
          blockNumber,
        }),
      );
      expect(v.maxWithdraw).toBe(
        await direct.readContract({
          address: v.address,
          abi: erc4626Abi,
          functionName: 'maxWithdraw',
          args: [account],
          blockNumber,
        }),
      );
      expect(v.totalAssets).toBe(await read('totalAssets'));
      expect(v.totalSupply).toBe(await read('totalSupply'));
      expect(v.decimals).toBe(decimals);
      expect(v.assetsPerShare).toBe(
        await direct.readContract({
          address: v.address,
          abi: erc4626Abi,
          functionName: 'convertToAssets',
          args: [10n ** BigInt(decimals)],
          blockNumber,
        }),
      );
      expect(v.codeHash).toBe(keccak256((await direct.getCode({ address: v.address, blockNumber }))!));
    }
    // The demo world's yield made its share price 1.05; the fresh vaults are still at 1.
    expect(r.vaults[0]!.assetsPerShare).toBe(usd('1.05'));
    // 4,000 deposited, rounded down at the deposit and again at the conversion.
    expect(usd('4000') - r.vaults[0]!.value!).toBeLessThanOrEqual(2n);
    expect(r.vaults[1]!.assetsPerShare).toBe(usd('1'));
    expect(r.vaults[0]!.implementation).toBeNull();
    expect(r.vaults[2]!.implementation?.toLowerCase()).toBe(demoVault.toLowerCase());
    expect(r.vaults[2]!.implementationCodeHash).toBe(r.vaults[0]!.codeHash);
  });

  it('marks a failing vault call on that vault only', async () => {
    // tUSD is an ERC-20, not a vault: balanceOf, totalSupply and decimals answer, the ERC-4626
    // calls revert. users[1] has no code at all: every call answers empty.
    const vaults = [demoVault, tUSD, users[1]!.address];
    const r = await readPosition(handle().client, handle().config, { account, asset: tUSD, vaults });
    expect(r.accountBalance).toBe(usd('5000'));
    expect(r.vaults[0]!.failures).toEqual([]);
    expect(r.vaults[0]!.value).not.toBeNull();
    const token = r.vaults[1]!;
    expect(token.failures.map((f) => f.call).sort()).toEqual([
      'convertToAssets (assetsPerShare)',
      'convertToAssets (value)',
      'maxWithdraw',
      'totalAssets',
    ]);
    expect(token.failures.every((f) => /revert/.test(f.error))).toBe(true);
    expect(token).toMatchObject({
      maxWithdraw: null,
      totalAssets: null,
      assetsPerShare: null,
      value: null,
      decimals: 6,
    });
    expect(token.shares).toBe(usd('5000')); // balanceOf answers: the account's tUSD
    const eoa = r.vaults[2]!;
    expect(eoa.codeHash).toBeNull();
    expect(eoa.shares).toBeNull();
    expect(eoa.failures.map((f) => f.call)).toEqual([
      'balanceOf',
      'maxWithdraw',
      'totalAssets',
      'totalSupply',
      'decimals',
    ]);
  });

  it('records share prices, and the 30-day APY equals a manual calculation from on-chain share prices', async () => {
    const store = new SharePricesStore(db.db);
    const deps = { store, chains: registry };
    const targets = [demoVault, second].map((vault) => ({ chainId: chain.chainId, vault }));
    const [a] = await recordSharePrices(deps, targets);
    expect(a).toMatchObject({ recorded: 2, failed: [] });
    // Same block again: nothing new.
    expect((await recordSharePrices(deps, targets))[0]!.recorded).toBe(0);
    // A non-vault is reported and skipped; the others are still recorded.
    const mixed = await recordSharePrices(deps, [...targets, { chainId: chain.chainId, vault: tUSD }]);
    expect(mixed[0]!.failed.map((f) => f.vault)).toEqual([tUSD]);
    await expect(recordSharePrices(deps, [{ chainId: 999, vault: demoVault }])).rejects.toBeInstanceOf(
      SharePriceRecordError,
    );

    const priceAt = (blockNumber: bigint) =>
      direct.readContract({
        address: demoVault,
        abi: erc4626Abi,
        functionName: 'convertToAssets',
        args: [usd('1')],
        blockNumber,
      });
    const pA = await priceAt(a!.blockNumber);
    const tA = (await direct.getBlock({ blockNumber: a!.blockNumber })).timestamp;

    // 30 days later, yield lands in the demo vault: its share price rises.
    await advanceTime(chain.rpcUrl, 30 * DAY);
    await sendYield(chain.rpcUrl, treasury.address, tUSD, demoVault, usd('2000'));
    const [b] = await recordSharePrices(deps, targets);
    const pB = await priceAt(b!.blockNumber);
    const tB = (await direct.getBlock({ blockNumber: b!.blockNumber })).timestamp;
    expect(pB).toBeGreaterThan(pA);

    const mandate = mandateDocumentSchema.parse({
      name: 'test mandate',
      chainId: chain.chainId,
      signer: 'user0',
      asset: 'tUSD',
      vaults: [
        { address: demoVault, targetBps: 4_000, maxAllocation: { bps: 6_000 }, label: 'demo' },
        { address: second, targetBps: 1_000, maxAllocation: { amount: '500' } },
      ],
      buffer: { bps: 1_000 },
      reviewThreshold: '10000',
      maxDailyMovement: '100000',
    });
    const p = await loadPosition(
      { client: handle().client, chain: handle().config, prices: store },
      {
        mandateId: 'mdt_test',
        mandate,
        account,
        asset: { symbol: 'tUSD', address: tUSD, decimals: 6 },
        movements: new Map([[demoVault, [{ kind: 'deposit' as const, assets: usd('4000'), shares: depositShares }]]]),
      },
    );
    expect(p.blockNumber).toBe(b!.blockNumber.toString());
    const manual = (Number(pB) / Number(pA)) ** ((365 * DAY) / Number(tB - tA)) - 1;
    const d30 = p.vaults[0]!.apy.d30!;
    expect(d30.bps).toBe(Math.round(manual * 10_000));
    expect(Math.abs(Number(d30.decimal) - manual)).toBeLessThan(1e-7);
    expect(d30.from.blockNumber).toBe(a!.blockNumber.toString());
    expect(d30.elapsedSeconds).toBe(Number(tB - tA));
    // No reading lies near 7 days back.
    expect(p.vaults[0]!.apy.d7).toBeNull();
    // The second vault earned nothing: 0 %.
    expect(p.vaults[1]!.apy.d30?.bps).toBe(0);

    // Cost basis 4,000; unrealised = value now − cost; total = balance + both values.
    const v0 = p.vaults[0]!;
    expect(v0.costBasis.baseUnits).toBe(usd('4000').toString());
    expect(BigInt(v0.unrealisedYield!.baseUnits)).toBe(BigInt(v0.value!.baseUnits) - usd('4000'));
    expect(BigInt(p.total.baseUnits)).toBe(
      BigInt(p.accountBalance!.baseUnits) + BigInt(v0.value!.baseUnits) + BigInt(p.vaults[1]!.value!.baseUnits),
    );
    // The second vault has no movements recorded: its 1,000 shares are untracked.
    expect(p.vaults[1]!.untrackedShares).toBe(usd('1000').toString());
    // Cap of the second vault: min(500 tUSD, nothing else) — its 1,000 are over it.
    expect(p.vaults[1]!.allocation).toMatchObject({ capBinding: 'amount', overCap: true });
    expect(p.breaches.map((x) => x.rule)).toContain('over_cap');
    expect(v0.prices).toMatchObject({ stale: false, lastRecordedBlock: b!.blockNumber.toString() });
    expect(v0.drawdown).toMatchObject({ bps: 0, over: false, highSharePrice: v0.sharePrice });
    expect(v0.withdrawableNow).toEqual(v0.maxWithdraw);
    expect(v0.code.matchesMandate).toBeNull();
  });
  it('a watcher row on a block the recorder wrote fills only the code and pause columns still null', async () => {
    const store = new SharePricesStore(db.db);
    const vault = getAddress('0x00000000000000000000000000000000000c0de5');
    const base = {
      chainId: chain.chainId,
      vault,
      blockNumber: 7n,
      blockTime: 1_700_000_000,
      assetsPerShare: 1_000_000n,
      shareDecimals: 6,
      totalAssets: 10n,
      totalSupply: 10n,
    };
    const row = () =>
      db.db
        .selectFrom('treasury_share_prices')
        .select([
          sql<string>`assets_per_share::text`.as('assets_per_share'),
          'code_hash',
          'implementation',
          'implementation_code_hash',
          'withdrawals_paused',
        ])
        .where('vault', '=', vault)
        .executeTakeFirstOrThrow();
    expect(await store.record([base])).toBe(1);
    expect(await row()).toEqual({
      assets_per_share: '1000000',
      code_hash: null,
      implementation: null,
      implementation_code_hash: null,
      withdrawals_paused: null,
    });
    const codeHash = keccak256('0x01');
    // Same block: no new row; the price stays, the null columns are filled.
    expect(await store.record([{ ...base, assetsPerShare: 2n, codeHash, withdrawalsPaused: false }])).toBe(0);
    expect(await row()).toEqual({
      assets_per_share: '1000000',
      code_hash: codeHash,
      implementation: null,
      implementation_code_hash: null,
      withdrawals_paused: false,
    });
    // A value already written is kept.
    await store.record([{ ...base, codeHash: keccak256('0x02'), withdrawalsPaused: true }]);
    expect(await row()).toMatchObject({ code_hash: codeHash, withdrawals_paused: false });
  });
});
