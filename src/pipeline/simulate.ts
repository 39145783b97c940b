import {
  encodeFunctionData,
  getAddress,
  hexToBigInt,
  numberToHex,
  type Abi,
  type Address,
  type BlockTag,
  type Hex,
  type PublicClient,
} from 'viem';
import { simulateBlocks } from 'viem/actions';
import { latestBlock } from '../chain/latest-block.ts';
import { PermanentError } from '../lib/errors.ts';
import { decodeRevert, describeRevert, knownErrorAbis, type DecodedRevert } from './revert.ts';

/**
 * Simulation before signing: runs a batch of calls from one account, in order and on top
 * of each other's effects, without mining anything, and returns whether they would
 * succeed, the gas each used, the decoded reason of the first revert, and the balance
 * changes of every address involved (native coin and ERC-20 tokens).
 *
 * Primary method: `eth_simulateV1` with `traceTransfers` (native transfers then appear as
 * ERC-20-style `Transfer` logs from the pseudo-address 0xEeee…EEeE, as anvil and geth emit
 * them) and `validation: false` (no nonce/fee checks, no gas charged). Fallback, for
 * endpoints that answer "method not found": `debug_traceCall` with the callTracer per call,
 * carrying each call's state changes into the next through a prestateTracer diff passed
 * as state overrides.
 *
 * Balance changes exclude the gas fee (estimated separately by the preview).
 */

/** One call of a batch. */
export interface SimulationCall {
  to: Address;
  data?: Hex;
  value?: bigint;
}

export interface SimulateCallsInput {
  chainId: number;
  /** The account every call is sent from. */
  from: Address;
  calls: readonly SimulationCall[];
  /** Block the batch runs on top of (default `latest`). */
  blockTag?: BlockTag | bigint;
  /** ABIs to decode custom errors with, searched after `knownErrorAbis`. */
  abis?: readonly Abi[];
  /**
   * ERC-20 allowances to read after the batch, in the same simulated block (what a batch
   * leaves granted once its own calls spent what they needed). `eth_simulateV1` only.
   */
  readAllowances?: ReadonlyArray<{ token: Address; owner: Address; spender: Address }>;
}

/** A net balance change of one address in one asset over the whole batch. */
export interface BalanceChange {
  address: Address;
  /** `native` for the chain's coin, else the token contract. */
  asset: 'native' | Address;
  delta: bigint;
}

export interface SimulatedCall {
  index: number;
  status: 'success' | 'reverted' | 'not_run';
  gasUsed: bigint;
  returnData: Hex;
}

/** One movement of value seen in a successful call (gross, in log order; not netted). */
export interface SimulatedTransfer {
  /** The call of the batch it happened in. */
  index: number;
  asset: 'native' | Address;
  from: Address;
  to: Address;
  amount: bigint;
}

/**
 * An allowance set by a successful call: an ERC-20 `Approval(owner, spender, value)` log, or an
 * `ApprovalForAll(owner, operator, true)` (value `null`: every token of the contract).
 */
export interface SimulatedApproval {
  index: number;
  token: Address;
  owner: Address;
  spender: Address;
  value: bigint | null;
}

export interface SimulationResult {
  ok: boolean;
  chainId: number;
  method: 'eth_simulateV1' | 'debug_traceCall';
  /** Gas used by each call, in order (0 for calls after a revert in the fallback). */
  gasUsed: bigint[];
  calls: SimulatedCall[];
  /** The first call that would revert. */
  revert?: { index: number; decoded: DecodedRevert; description: string; data: Hex };
  /** Net changes of the calls that succeed before any revert, sorted by address then asset; zero nets are left out. */
  balanceChanges: BalanceChange[];
  /** Every transfer of the calls that succeed before any revert (what valuation counts as gross outflows). */
  transfers: SimulatedTransfer[];
  /** Every allowance those calls set, in order. */
  approvals: SimulatedApproval[];
  /**
   * Allowances read after the whole batch ran (`SimulateCallsInput.readAllowances`), keyed
   * `token|owner|spender` in lower case; absent when not asked for or not readable (fallback method).
   */
  allowancesAfter?: Map<string, bigint>;
}

/** The pseudo-address native-coin transfers are logged from under `traceTransfers`. */
export const NATIVE_TRANSFER_ADDRESS: Address = '0xEeeeeEeeeEeEeeEeEeEeeEEEeeeeEeeeeeeeEEeE';
/** keccak256("Transfer(address,address,uint256)"). */
export const TRANSFER_TOPIC: Hex = '0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef';
/** WETH9 `Deposit(address indexed dst, uint wad)`: wrapping mints without a Transfer log. */
const WETH_DEPOSIT_TOPIC: Hex = '0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c';
/** WETH9 `Withdrawal(address indexed src, uint wad)`: unwrapping burns without a Transfer log. */
const WETH_WITHDRAWAL_TOPIC: Hex = '0x7fcf532c15f0a6db0bd6d0e038bea71d30d808c7d98cb3bf7268a95bf5081b65';
/** keccak256("Approval(address,address,uint256)"): ERC-20 allowances (ERC-721's has 4 topics). */
export const APPROVAL_TOPIC: Hex = '0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925';
/** keccak256("ApprovalForAll(address,address,bool)"): an operator over every token of a contract. */
export const APPROVAL_FOR_ALL_TOPIC: Hex = '0x17307eab39ab6107e8899845ad3d59bd9653f200f220920489ca2b5937696c31';

/** Key of an allowance in `SimulationResult.allowancesAfter`. */
export const allowanceKey = (token: string, owner: string, spender: string) =>
  `${token}|${owner}|${spender}`.toLowerCase();

const allowanceAbi = [
  {
    type: 'function',
    name: 'allowance',
    stateMutability: 'view',
    inputs: [
      { name: 'owner', type: 'address' },
      { name: 'spender', type: 'address' },
    ],
    outputs: [{ type: 'uint256' }],
  },
] as const;

/** The chain is not the one the caller meant to simulate on. */
export class SimulationChainMismatchError extends PermanentError {
  constructor(expected: number, actual: number) {
    super('chain_mismatch', `simulation asked for chain ${expected} but the client serves chain ${actual}`);
  }
}

interface RawLog {
  address: string;
  topics: readonly (string | null)[];
  data: string;
}

const topicAddress = (t: string): Address => getAddress(`0x${t.slice(-40)}`);

/** Accumulates signed deltas per (address, asset), and the gross transfers and approvals behind them. */
class Ledger {
  readonly #m = new Map<string, bigint>();
  readonly transfers: SimulatedTransfer[] = [];
  readonly approvals: SimulatedApproval[] = [];
  /** The call whose logs are being read. */
  index = 0;
  add(address: Address, asset: 'native' | Address, delta: bigint): void {
    if (delta === 0n) return;
    const k = `${address}|${asset}`;
    this.#m.set(k, (this.#m.get(k) ?? 0n) + delta);
  }
  move(from: Address, to: Address, asset: 'native' | Address, amount: bigint): void {
    this.add(from, asset, -amount);
    this.add(to, asset, amount);
    if (amount > 0n && from !== to) this.transfers.push({ index: this.index, asset, from, to, amount });
  }
  /** Reads Transfer (ERC-20 and native pseudo-logs) and WETH9 Deposit/Withdrawal logs. */
  addLogs(logs: readonly RawLog[], nativeFromLogs: boolean): void {
    for (const log of logs) {
      const [t0, t1, t2] = log.topics;
      if (!t0 || log.data.length !== 66) continue;
      const t0l = t0.toLowerCase();
      if ((t0l === APPROVAL_TOPIC || t0l === APPROVAL_FOR_ALL_TOPIC) && log.topics.length === 3 && t1 && t2) {
        const value = hexToBigInt(log.data as Hex);
        // ApprovalForAll(…, false) revokes: recorded as a zero allowance.
        const v = t0l === APPROVAL_TOPIC ? value : value === 0n ? 0n : null;
        this.approvals.push({
          index: this.index,
          token: getAddress(log.address),
          owner: topicAddress(t1),
          spender: topicAddress(t2),
          value: v,
        });
        continue;
      }
      const amount = hexToBigInt(log.data as Hex);
      const emitter = getAddress(log.address);
      if (t0l === TRANSFER_TOPIC && log.topics.length === 3 && t1 && t2) {
        // ERC-721 Transfers have 3 indexed topics (4 in all) and are skipped by the length check.
        if (emitter === NATIVE_TRANSFER_ADDRESS) {
          if (nativeFromLogs) this.move(topicAddress(t1), topicAddress(t2), 'native', amount);
        } else {
          this.move(topicAddress(t1), topicAddress(t2), emitter, amount);
        }
      } else if (t0l === WETH_DEPOSIT_TOPIC && log.topics.length === 2 && t1) {
        this.add(topicAddress(t1), emitter, amount);
      } else if (t0l === WETH_WITHDRAWAL_TOPIC && log.topics.length === 2 && t1) {
        this.add(topicAddress(t1), emitter, -amount);
      }
    }
  }
  changes(): BalanceChange[] {
    const out: BalanceChange[] = [];
    for (const [k, delta] of this.#m) {
      if (delta === 0n) continue;
      const [address, asset] = k.split('|') as [Address, 'native' | Address];
      out.push({ address, asset, delta });
    }
    const assetKey = (a: string) => (a === 'native' ? '' : a.toLowerCase());
    return out.sort(
      (x, y) =>
        x.address.toLowerCase().localeCompare(y.address.toLowerCase()) ||
        assetKey(x.asset).localeCompare(assetKey(y.asset)),
    );
  }
}

/** Whether an error (or one of its causes) is a JSON-RPC "method not found / not supported". */
export function isMethodUnsupported(err: unknown): boolean {
  let cur: unknown = err;
  for (let depth = 0; depth < 10 && cur && typeof cur === 'object'; depth++) {
    const e = cur as { code?: unknown; message?: unknown; cause?: unknown };
    if (e.code === -32601) return true;
    if (
      typeof e.message === 'string' &&
      /method .*(not found|does not exist|not supported|not available)|unsupported method/i.test(e.message)
    )
      return true;
    cur = e.cause;
  }
  return false;
}

/**
 * Simulates `calls` in order from `from`; nothing is mined. See the module comment for the
 * methods used. Throws `SimulationChainMismatchError` when the client serves another chain,
 * and lets RPC failures (Keel's `UpstreamError`) through.
 */
export async function simulateCalls(client: PublicClient, input: SimulateCallsInput): Promise<SimulationResult> {
  const actual = client.chain?.id ?? (await client.getChainId());
  if (actual !== input.chainId) throw new SimulationChainMismatchError(input.chainId, actual);
  const abis = [...knownErrorAbis, ...(input.abis ?? [])];
  try {
    return await viaSimulateV1(client, input, abis);
  } catch (err) {
    if (!isMethodUnsupported(err)) throw err;
    return viaTraceCall(client, input, abis);
  }
}

function finish(
  input: SimulateCallsInput,
  method: SimulationResult['method'],
  calls: SimulatedCall[],
  ledger: Ledger,
  abis: readonly Abi[],
  allowancesAfter?: Map<string, bigint>,
): SimulationResult {
  const failed = calls.find((c) => c.status === 'reverted');
  const result: SimulationResult = {
    ok: !failed,
    chainId: input.chainId,
    method,
    gasUsed: calls.map((c) => c.gasUsed),
    calls,
    balanceChanges: ledger.changes(),
    transfers: ledger.transfers,
    approvals: ledger.approvals,
  };
  if (failed) {
    const decoded = decodeRevert(failed.returnData, abis);
    result.revert = { index: failed.index, decoded, description: describeRevert(decoded), data: failed.returnData };
  }
  if (allowancesAfter) result.allowancesAfter = allowancesAfter;
  return result;
}

const blockParam = (b: SimulateCallsInput['blockTag']) =>
  typeof b === 'bigint' ? { blockNumber: b } : { blockTag: b ?? 'latest' };

async function viaSimulateV1(
  client: PublicClient,
  input: SimulateCallsInput,
  abis: readonly Abi[],
): Promise<SimulationResult> {
  // The calls run in the block after the one they build on, at a later time — as they will be
  // mined. A node may otherwise simulate at its parent's own timestamp, where time-dependent
  // code takes another path: a Uniswap V2 pair skips its price accumulators when no time has
  // passed since its last update, which under-states a swap's gas by some 40,000.
  // `latest` (the intake and worker case) is shared with concurrent simulations (src/chain/latest-block.ts).
  const parent =
    input.blockTag === undefined || input.blockTag === 'latest'
      ? await latestBlock(client)
      : await client.getBlock(blockParam(input.blockTag));
  const at = parent.number ?? (await client.getBlockNumber());
  const reads = input.readAllowances ?? [];
  const blocks = await simulateBlocks(client, {
    blockNumber: at,
    traceTransfers: true,
    validation: false,
    blocks: [
      {
        blockOverrides: { number: at + 1n, time: parent.timestamp + 1n },
        calls: [
          ...input.calls.map((c) => ({ account: input.from, to: c.to, data: c.data ?? '0x', value: c.value ?? 0n })),
          // Read after the batch, in the same block: what it leaves granted.
          ...reads.map((r) => ({
            account: input.from,
            to: r.token,
            data: encodeFunctionData({ abi: allowanceAbi, functionName: 'allowance', args: [r.owner, r.spender] }),
          })),
        ],
      },
    ],
  });
  const ledger = new Ledger();
  const calls: SimulatedCall[] = [];
  let reverted = false;
  const results = blocks[0]?.calls ?? [];
  for (const [index, c] of results.slice(0, input.calls.length).entries()) {
    const status = reverted ? 'not_run' : c.status === 'success' ? 'success' : 'reverted';
    // After a revert the batch stops: later calls' effects are not counted (the node ran them anyway).
    calls.push({ index, status, gasUsed: c.gasUsed, returnData: c.data });
    if (status === 'reverted') reverted = true;
    ledger.index = index;
    if (status === 'success') ledger.addLogs((c.logs ?? []) as RawLog[], true);
  }
  let allowancesAfter: Map<string, bigint> | undefined;
  if (reads.length && !reverted) {
    allowancesAfter = new Map();
    for (const [k, r] of reads.entries()) {
      const c = results[input.calls.length + k];
      // An unreadable allowance is left out: the caller then counts the last approval in full.
      if (c?.status === 'success' && c.data.length === 66)
        allowancesAfter.set(allowanceKey(r.token, r.owner, r.spender), hexToBigInt(c.data));
    }
  }
  return finish(input, 'eth_simulateV1', calls, ledger, abis, allowancesAfter);
}

interface CallFrame {
  from: string;
  to?: string;
  type: string;
  value?: string;
  gasUsed?: string;
  output?: string;
  error?: string;
  logs?: RawLog[];
  calls?: CallFrame[];
}

interface PrestateAccount {
  balance?: string;
  nonce?: number;
  code?: string;
  storage?: Record<string, string>;
}

type Overrides = Record<string, { balance?: Hex; nonce?: Hex; code?: Hex; stateDiff?: Record<string, Hex> }>;

/** Native value moves and logs of a call tree; reverted frames and their children count for nothing. */
function collectFrame(frame: CallFrame, ledger: Ledger): void {
  if (frame.error) return;
  const value = frame.value ? hexToBigInt(frame.value as Hex) : 0n;
  // DELEGATECALL/STATICCALL frames report the caller's value but move none.
  if (
    value > 0n &&
    frame.to &&
    (frame.type === 'CALL' || frame.type === 'CREATE' || frame.type === 'CREATE2' || frame.type === 'SELFDESTRUCT')
  ) {
    ledger.move(getAddress(frame.from), getAddress(frame.to), 'native', value);
  }
  // Logs and sub-calls interleave in execution order; only their sums matter here.
  ledger.addLogs(frame.logs ?? [], false);
  for (const sub of frame.calls ?? []) collectFrame(sub, ledger);
}

/** Merges a prestateTracer diff into the overrides the next call runs on. */
function mergeDiff(
  overrides: Overrides,
  diff: { pre: Record<string, PrestateAccount>; post: Record<string, PrestateAccount> },
): void {
  for (const addr of new Set([...Object.keys(diff.pre), ...Object.keys(diff.post)])) {
    const pre = diff.pre[addr];
    const post = diff.post[addr];
    const o = (overrides[addr] ??= {});
    if (post?.balance !== undefined) o.balance = post.balance as Hex;
    if (post?.nonce !== undefined) o.nonce = numberToHex(post.nonce);
    if (post?.code !== undefined) o.code = post.code as Hex;
    // A slot present before and absent after was cleared to zero.
    for (const slot of Object.keys(pre?.storage ?? {})) {
      if (!post?.storage || !(slot in post.storage)) (o.stateDiff ??= {})[slot] = `0x${'0'.repeat(64)}`;
    }
    for (const [slot, v] of Object.entries(post?.storage ?? {})) (o.stateDiff ??= {})[slot] = v as Hex;
  }
}

async function viaTraceCall(
  client: PublicClient,
  input: SimulateCallsInput,
  abis: readonly Abi[],
): Promise<SimulationResult> {
  // Pin one block so every call of the batch sees the same base state.
  const block =
    typeof input.blockTag === 'bigint'
      ? input.blockTag
      : (await client.getBlock({ blockTag: input.blockTag ?? 'latest' })).number;
  const blockHex = numberToHex(block ?? 0n);
  const overrides: Overrides = {};
  const ledger = new Ledger();
  const calls: SimulatedCall[] = [];
  let reverted = false;
  for (const [index, c] of input.calls.entries()) {
    if (reverted) {
      calls.push({ index, status: 'not_run', gasUsed: 0n, returnData: '0x' });
      continue;
    }
    const tx = { from: input.from, to: c.to, data: c.data ?? '0x', value: numberToHex(c.value ?? 0n) };
    const stateOverrides = Object.keys(overrides).length ? { stateOverrides: overrides } : {};
    const trace = (await client.request({
      method: 'debug_traceCall',
      params: [tx, blockHex, { tracer: 'callTracer', tracerConfig: { withLog: true }, ...stateOverrides }],
    } as never)) as CallFrame;
    const gasUsed = trace.gasUsed ? hexToBigInt(trace.gasUsed as Hex) : 0n;
    if (trace.error) {
      reverted = true;
      calls.push({ index, status: 'reverted', gasUsed, returnData: (trace.output ?? '0x') as Hex });
      continue;
    }
    calls.push({ index, status: 'success', gasUsed, returnData: (trace.output ?? '0x') as Hex });
    ledger.index = index;
    collectFrame(trace, ledger);
    if (index < input.calls.length - 1) {
      const diff = (await client.request({
        method: 'debug_traceCall',
        params: [tx, blockHex, { tracer: 'prestateTracer', tracerConfig: { diffMode: true }, ...stateOverrides }],
      } as never)) as { pre: Record<string, PrestateAccount>; post: Record<string, PrestateAccount> };
      mergeDiff(overrides, diff);
    }
  }
  return finish(input, 'debug_traceCall', calls, ledger, abis);
}
