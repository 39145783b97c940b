import { multicall3Abi as viemMulticall3Abi, toFunctionSelector, type Abi, type AbiParameter } from 'viem';
import { describe, expect, it } from 'vitest';
import {
  aggregatorV3Abi,
  erc20Abi,
  erc4626Abi,
  keelAttestationRegistryAbi,
  keelDepositFactoryAbi,
  keelDepositForwarderAbi,
  keelDrillVaultAbi,
  keelPriceFeedAbi,
  keelTestTokenAbi,
  multicall3Abi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
  weth9Abi,
} from './abis.ts';
import { loadArtifacts } from './compile.ts';
import { keelPaymasterAbi, keelSmartAccountAbi, keelSmartAccountFactoryAbi } from './smart-account-abis.ts';
import { multicall3InitCode, vendoredArtifact } from './vendored.ts';

/** `name(type,…)->(type,…)` of every function, `Event(type,indexed?…)` of every event, `error Name(type,…)` of every error. */
function signatures(abi: Abi): Set<string> {
  const types = (ps: readonly AbiParameter[]): string =>
    ps
      .map((p) => ('components' in p && p.components ? `(${types(p.components)})${p.type.slice(5)}` : p.type))
      .join(',');
  const out = new Set<string>();
  for (const item of abi) {
    if (item.type === 'function') out.add(`${item.name}(${types(item.inputs)})->(${types(item.outputs)})`);
    if (item.type === 'event')
      out.add(`event ${item.name}(${item.inputs.map((i) => `${i.type}${i.indexed ? ' indexed' : ''}`).join(',')})`);
    if (item.type === 'error') out.add(`error ${item.name}(${types(item.inputs)})`);
    if (item.type === 'receive') out.add('receive');
  }
  return out;
}

function expectSubset(handWritten: Abi, reference: Abi): void {
  const ref = signatures(reference);
  for (const sig of signatures(handWritten)) expect(ref, `missing ${sig}`).toContain(sig);
}

describe('hand-written ABIs match the real contracts', () => {
  const keel = loadArtifacts().contracts;

  it('ERC-20 and the test token', () => {
    expectSubset(erc20Abi, keel.KeelTestToken.abi);
    expectSubset(keelTestTokenAbi, keel.KeelTestToken.abi);
  });

  it('the attestation registry, its events and errors included', () => {
    expectSubset(keelAttestationRegistryAbi, keel.KeelAttestationRegistry.abi);
    expect(signatures(keelAttestationRegistryAbi)).toEqual(signatures(keel.KeelAttestationRegistry.abi));
  });

  it('ERC-4626 against the demo vault', () => {
    expectSubset(erc4626Abi, keel.KeelDemoVault.abi);
    expectSubset(erc4626Abi, keel.KeelNamedVault.abi);
  });

  it('the drill vault, both implementations', () => {
    expectSubset(keelDrillVaultAbi, keel.KeelDrillVault.abi);
    expectSubset(keelDrillVaultAbi, keel.KeelDrillVaultV2.abi);
    // Its own events and errors are listed, so drill logs and reverts decode.
    const listed = signatures(keelDrillVaultAbi);
    for (const sig of [
      'event DrillLoss(address indexed,uint256)',
      'error WithdrawalsPaused()',
      'error NotOwner(address)',
    ])
      expect(listed, sig).toContain(sig);
  });

  it('AggregatorV3 and the demo feed', () => {
    expectSubset(aggregatorV3Abi, keel.KeelPriceFeed.abi);
    expectSubset(keelPriceFeedAbi, keel.KeelPriceFeed.abi);
  });

  it('deposit factory and forwarder: functions, events and errors', () => {
    expectSubset(keelDepositFactoryAbi, keel.KeelDepositFactory.abi);
    expectSubset(keelDepositForwarderAbi, keel.KeelDepositForwarder.abi);
    // Every event and error of the deposit contracts is listed, so logs and reverts decode.
    for (const [handWritten, compiled] of [
      [keelDepositFactoryAbi, keel.KeelDepositFactory.abi],
      [keelDepositForwarderAbi, keel.KeelDepositForwarder.abi],
    ] as const) {
      const listed = signatures(handWritten);
      for (const sig of signatures(compiled))
        if (/^(event|error) /.test(sig)) expect(listed, `not listed: ${sig}`).toContain(sig);
    }
  });

  it('smart account, its factory and the paymaster, with every Keel event and error', () => {
    for (const [handWritten, compiled] of [
      [keelSmartAccountAbi, keel.KeelSmartAccount.abi],
      [keelSmartAccountFactoryAbi, keel.KeelSmartAccountFactory.abi],
      [keelPaymasterAbi, keel.KeelPaymaster.abi],
    ] as const) {
      expectSubset(handWritten, compiled);
      const listed = signatures(handWritten);
      for (const sig of signatures(compiled))
        if (
          /^(event Session|error )/.test(sig) &&
          !/OwnableUnauthorizedAccount|OwnableInvalidOwner|ECDSA|UUPS|ERC1967|Address|FailedCall|InvalidInitialization|NotInitializing/.test(
            sig,
          )
        )
          expect(listed, `not listed: ${sig}`).toContain(sig);
    }
  });

  it('Uniswap V2 pair, factory and router02 against the npm builds', () => {
    expectSubset(uniswapV2PairAbi, vendoredArtifact('UniswapV2Pair').abi);
    expectSubset(uniswapV2FactoryAbi, vendoredArtifact('UniswapV2Factory').abi);
    expectSubset(uniswapV2Router02Abi, vendoredArtifact('UniswapV2Router02').abi);
  });

  it('WETH9 against the periphery build', () => {
    expectSubset(weth9Abi, vendoredArtifact('WETH9').abi);
  });

  it('Multicall3: aggregate3 as viem ships it, every listed selector in the canonical bytecode', () => {
    expectSubset(
      multicall3Abi.filter((f) => f.name === 'aggregate3'),
      viemMulticall3Abi,
    );
    const code = multicall3InitCode().toLowerCase();
    for (const f of multicall3Abi) expect(code, f.name).toContain(toFunctionSelector(f).slice(2));
  });

  it('the signature helper does notice a mismatch', () => {
    const wrong = [
      {
        type: 'function',
        name: 'balanceOf',
        stateMutability: 'view',
        inputs: [{ name: 'a', type: 'uint256' }],
        outputs: [],
      },
    ] as const;
    expect(signatures(keel.KeelTestToken.abi)).not.toContain([...signatures(wrong)][0]);
  });
});
