import { createRequire } from 'node:module';
import {
  concat,
  decodeFunctionData,
  encodeAbiParameters,
  encodeFunctionData,
  getContractAddress,
  keccak256,
  toHex,
  type Abi,
  type Address,
  type Chain,
  type Client,
  type Hex,
  type LocalAccount,
  type Transport,
} from 'viem';
import {
  entryPoint08Abi,
  getUserOperationTypedData,
  toSmartAccount,
  type SmartAccount,
} from 'viem/account-abstraction';
import { readContract } from 'viem/actions';
import { keelSmartAccountAbi, keelSmartAccountFactoryAbi } from '../../src/contracts/smart-account-abis.ts';
import { vendoredArtifact } from '../../src/contracts/vendored.ts';
import { deployer } from '../../src/devnet/accounts.ts';
import type { DevClient } from '../../src/devnet/client.ts';
import { CREATE2_DEPLOYER } from '../../src/devnet/world-plan.ts';

/**
 * The reference ERC-4337 v0.8 `SimpleAccount` (eth-infinitism) as a viem smart account, for
 * tests that send user operations. viem 2.x ships no factory-deployed SimpleAccount
 * implementation (only its EIP-7702 variant), so this small adapter maps viem's
 * `toSmartAccount` hooks to the vendored factory and account ABIs: initCode through
 * `SimpleAccountFactory.createAccount(owner, salt)`, calls through `execute`/`executeBatch`,
 * and the EIP-712 user-operation hash signed by the owner (what v0.8's `SimpleAccount` checks).
 */

const simpleAccountAbi = (
  createRequire(import.meta.url)('@account-abstraction/contracts/artifacts/SimpleAccount.json') as { abi: Abi }
).abi;

/** A deterministic salt for the test factory deployment (any CREATE2 address is fine; this keeps reruns idempotent). */
const FACTORY_SALT = keccak256(toHex('keel-test:SimpleAccountFactoryV08'));

/**
 * Deploys the vendored `SimpleAccountFactoryV08` for `entryPoint` through the CREATE2 deployer,
 * unless it is already there. Returns its address.
 */
export async function deploySimpleAccountFactory(client: DevClient, entryPoint: Address): Promise<Address> {
  const { bytecode } = vendoredArtifact('SimpleAccountFactoryV08');
  const initCode = concat([bytecode, encodeAbiParameters([{ type: 'address' }], [entryPoint])]);
  const address = getContractAddress({
    opcode: 'CREATE2',
    from: CREATE2_DEPLOYER,
    salt: FACTORY_SALT,
    bytecode: initCode,
  });
  if (await client.getCode({ address })) return address;
  const hash = await client.sendTransaction({
    account: deployer.address,
    chain: null,
    to: CREATE2_DEPLOYER,
    data: concat([FACTORY_SALT, initCode]),
  });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (receipt.status !== 'success' || !(await client.getCode({ address })))
    throw new Error(`SimpleAccountFactoryV08 deployment to ${address} failed`);
  return address;
}

/**
 * A KeelSmartAccount owned by `owner` (an external-owner account of the user `userId`), created
 * by KeelSmartAccountFactory on its first user operation: the same adapter, since a 65-byte
 * plain signature over the userOpHash is an owner signature there too.
 */
export function toKeelSmartAccount(params: {
  client: Client<Transport, Chain, undefined>;
  owner: LocalAccount;
  factory: Address;
  entryPoint: Address;
  salt: bigint;
}): Promise<SmartAccount> {
  return toSimpleAccountV08({
    ...params,
    abis: { factory: keelSmartAccountFactoryAbi as Abi, account: keelSmartAccountAbi as Abi },
  });
}

/** A v0.8 `SimpleAccount` owned by `owner`, created by `factory` on its first user operation. */
export async function toSimpleAccountV08(params: {
  client: Client<Transport, Chain, undefined>;
  owner: LocalAccount;
  factory: Address;
  entryPoint: Address;
  salt?: bigint;
  /** Another account of the same ABI for owner operations (KeelSmartAccount): its factory's and account's ABIs. */
  abis?: { factory: Abi; account: Abi };
}): Promise<SmartAccount> {
  const { client, owner, factory } = params;
  const salt = params.salt ?? 0n;
  const factoryAbi = params.abis?.factory ?? vendoredArtifact('SimpleAccountFactoryV08').abi;
  const accountAbi = params.abis?.account ?? simpleAccountAbi;
  const entryPoint = { abi: entryPoint08Abi, address: params.entryPoint, version: '0.8' as const };
  let address: Address | undefined;
  return toSmartAccount({
    client,
    entryPoint,
    async getAddress() {
      address ??= (await readContract(client, {
        address: factory,
        abi: factoryAbi,
        functionName: 'getAddress',
        args: [owner.address, salt],
      })) as Address;
      return address;
    },
    async getFactoryArgs() {
      return {
        factory,
        factoryData: encodeFunctionData({
          abi: factoryAbi,
          functionName: 'createAccount',
          args: [owner.address, salt],
        }),
      };
    },
    async encodeCalls(calls) {
      if (calls.length === 1) {
        const [c] = calls;
        return encodeFunctionData({
          abi: accountAbi,
          functionName: 'execute',
          args: [c!.to, c!.value ?? 0n, c!.data ?? '0x'],
        });
      }
      return encodeFunctionData({
        abi: accountAbi,
        functionName: 'executeBatch',
        args: [calls.map((c) => ({ target: c.to, value: c.value ?? 0n, data: c.data ?? '0x' }))],
      });
    },
    async decodeCalls(data: Hex) {
      const { functionName, args } = decodeFunctionData({ abi: accountAbi, data });
      if (functionName === 'execute') {
        const [to, value, callData] = args as [Address, bigint, Hex];
        return [{ to, value, data: callData }];
      }
      const [calls] = args as [Array<{ target: Address; value: bigint; data: Hex }>];
      return calls.map((c) => ({ to: c.target, value: c.value, data: c.data }));
    },
    async getStubSignature() {
      // A well-formed ECDSA signature (r, s, v) that recovers to some address: gas estimation runs the real check.
      return '0xfffffffffffffffffffffffffffffff0000000000000000000000000000000007aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa1c';
    },
    async signMessage({ message }) {
      return owner.signMessage({ message });
    },
    async signTypedData(typedData) {
      return owner.signTypedData(typedData as never);
    },
    async signUserOperation(parameters) {
      const { chainId = client.chain.id, ...userOperation } = parameters;
      const sender = await this.getAddress();
      return owner.signTypedData(
        getUserOperationTypedData({
          chainId,
          entryPointAddress: entryPoint.address,
          userOperation: { ...userOperation, sender },
        }),
      );
    },
  });
}
