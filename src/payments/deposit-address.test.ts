import { concat, getAddress, isAddress, keccak256, slice, type Address, type Hex } from 'viem';
import { describe, expect, it } from 'vitest';
import { loadArtifacts } from '../contracts/compile.ts';
import { depositAddress, depositSalt, forwarderInitCodeHash } from './deposit-address.ts';

/**
 * The forwarder's init code hash as deployed factories know it. Every deposit address
 * depends on it: a factory already on chain keeps the forwarder creation code it was built
 * with, so if this value changes, Keel would hand out addresses that factory can never
 * deploy to. Change it only together with a new factory (and a plan for the old addresses).
 */
const PINNED_FORWARDER_INIT_CODE_HASH = '0xbc175c1bcb2c495c2a45f475cbd7b3215e24ba8429a90c2b056c9f53f5eef324';

/** EIP-1014 spelled out by hand: keccak256(0xff ++ deployer ++ salt ++ keccak256(init_code))[12:]. */
function create2ByHand(deployer: Address, salt: Hex, initCode: Hex): Address {
  return getAddress(slice(keccak256(concat(['0xff', deployer, salt, keccak256(initCode)])), 12));
}

const factoryA = getAddress('0x5fbdb2315678afecb367f032d93f642f64180aa3');
const factoryB = getAddress('0xe7f1725e7734ce288f8367e1bb143e90bb3f0512');

describe('deposit addresses', () => {
  it('the forwarder init code hash comes from the artifact and has not moved', () => {
    const bytecode = loadArtifacts().contracts.KeelDepositForwarder.bytecode;
    expect(forwarderInitCodeHash()).toBe(keccak256(bytecode));
    expect(forwarderInitCodeHash()).toBe(PINNED_FORWARDER_INIT_CODE_HASH);
  });

  it('the salt is keccak256 of the UTF-8 bytes of the intent id', () => {
    const id = 'pi_01JDX0Q8Z7K4M2N6P9R3S5T7V';
    expect(depositSalt(id)).toBe(keccak256(new TextEncoder().encode(id)));
    // Non-ASCII is hashed as UTF-8 (é is 0xc3 0xa9), not as UTF-16 code units or Latin-1.
    expect(depositSalt('pi_é')).toBe(keccak256(new Uint8Array([0x70, 0x69, 0x5f, 0xc3, 0xa9])));
    expect(depositSalt(id)).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('gives distinct ids distinct salts, including ids that padding would confuse', () => {
    const ids = ['pi_1', 'pi_1\0', 'pi_10', 'PI_1', ' pi_1', 'pi_2'];
    expect(new Set(ids.map(depositSalt)).size).toBe(ids.length);
  });

  it('refuses an empty intent id', () => {
    expect(() => depositSalt('')).toThrow(/non-empty/);
    expect(() => depositAddress(factoryA, '')).toThrow(/non-empty/);
  });

  it('is the EIP-1014 address of the forwarder creation code under the factory and salt', () => {
    const initCode = loadArtifacts().contracts.KeelDepositForwarder.bytecode;
    for (const id of ['pi_a', 'pi_b', 'pi_01JDX0Q8Z7K4M2N6P9R3S5T7V']) {
      for (const factory of [factoryA, factoryB]) {
        const address = depositAddress(factory, id);
        expect(isAddress(address, { strict: true })).toBe(true);
        expect(address).toBe(create2ByHand(factory, depositSalt(id), initCode));
      }
    }
  });

  it('depends on the factory and the id, not on how the factory address is spelled', () => {
    expect(depositAddress(factoryA, 'pi_a')).not.toBe(depositAddress(factoryB, 'pi_a'));
    expect(depositAddress(factoryA, 'pi_a')).not.toBe(depositAddress(factoryA, 'pi_b'));
    expect(depositAddress(factoryA.toLowerCase() as Address, 'pi_a')).toBe(depositAddress(factoryA, 'pi_a'));
    expect(depositAddress(factoryA, 'pi_a')).toBe(depositAddress(factoryA, 'pi_a'));
  });
});
