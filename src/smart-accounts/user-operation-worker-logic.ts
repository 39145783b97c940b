import type { Address, Hex } from 'viem';
import type { UserOperation } from 'viem/account-abstraction';

/**
 * Pure rules of the user-operation worker: the stored form of a built operation (bigints as
 * decimal strings), how a bundler's JSON-RPC error is classified, the USD cost of a mined
 * operation, and when a mined operation's block stops being watched.
 */

const BIGINT_FIELDS = [
  'nonce',
  'callGasLimit',
  'verificationGasLimit',
  'preVerificationGas',
  'maxFeePerGas',
  'maxPriorityFeePerGas',
  'paymasterVerificationGasLimit',
  'paymasterPostOpGasLimit',
] as const;

/** The `user_op` column's JSON of a v0.8 operation: bigints as decimal strings, absent fields left out. */
export function storedUserOp(op: UserOperation<'0.8'>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(op)) {
    if (v === undefined || v === null) continue;
    out[k] = typeof v === 'bigint' ? v.toString() : String(v);
  }
  return out;
}

/** The operation of a `user_op` column (the inverse of `storedUserOp`). */
export function parseStoredUserOp(json: Record<string, unknown>): UserOperation<'0.8'> {
  const op: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(json)) {
    if (v === undefined || v === null) continue;
    op[k] = (BIGINT_FIELDS as readonly string[]).includes(k) ? BigInt(v as string) : v;
  }
  op.signature ??= '0x';
  return op as UserOperation<'0.8'>;
}

/** A bundler's answer to a request, as the worker acts on it. */
export type BundlerFault =
  /** The bundler refuses the operation itself: sending it again would be refused the same way. */
  | { kind: 'refused'; code: number; message: string; nonceUsed: boolean }
  /** The bundler already holds this very operation (a re-send): as good as accepted. */
  | { kind: 'known'; message: string }
  /** The bundler could not be reached or failed internally: try again later. */
  | { kind: 'unavailable'; message: string };

/**
 * ERC-7769 error codes of an operation the bundler refuses (validation, paymaster, signature,
 * stake, unsupported aggregator, invalid fields, its calls reverting in estimation) and the
 * JSON-RPC "invalid params".
 */
const REFUSAL_CODES = new Set([-32500, -32501, -32502, -32503, -32504, -32505, -32506, -32507, -32508, -32521, -32602]);

/**
 * Classifies a JSON-RPC error of the bundler: a refusal of the operation (a refusal code, or an
 * `AA..` EntryPoint reason in its message) or an outage. `nonceUsed` marks what a re-send of an
 * operation already mined gets: AA25 (its nonce is used) or AA10 (its factory already deployed the
 * account, when the operation is the account's first).
 */
export function classifyBundlerError(code: number | undefined, message: string): BundlerFault {
  const aa = /\bAA[1-9]\d\b/.exec(message);
  const text = message.slice(0, 300);
  if (/already known|already in (the )?mempool/i.test(message)) return { kind: 'known', message: text };
  if ((code !== undefined && REFUSAL_CODES.has(code)) || aa)
    return { kind: 'refused', code: code ?? 0, message: text, nonceUsed: aa?.[0] === 'AA25' || aa?.[0] === 'AA10' };
  return { kind: 'unavailable', message: text };
}

/** The USD cost (10^-8 USD base units, rounded up) of `wei` of the native coin priced at `nativeUsd8`. */
export function weiToUsd8(wei: bigint, nativeUsd8: bigint): bigint {
  return (wei * nativeUsd8 + 10n ** 18n - 1n) / 10n ** 18n;
}

/**
 * Whether the block of a mined operation is still worth re-checking for a reorganisation: until
 * it is `watchBlocks` below the head. Past that, a reorg is treated as the pipeline's
 * reconciliation treats a rollback: an operator matter.
 */
export function stillWatched(blockNumber: bigint, head: bigint, watchBlocks: number): boolean {
  return head - blockNumber < BigInt(watchBlocks);
}

/**
 * The deadline of an operation's signature: the paymaster's validUntil (seconds) when sponsored —
 * after it the EntryPoint refuses the operation anyway — else now + the configured timeout.
 */
export function signatureDeadline(nowMs: number, validUntil: number | null, timeoutSeconds: number): Date {
  return new Date(validUntil !== null ? validUntil * 1000 : nowMs + timeoutSeconds * 1000);
}

/** The fields of a v0.8 operation in the bundler's JSON-RPC form (quantities as hex). */
export function rpcUserOp(op: UserOperation<'0.8'>): Record<string, Hex | Address> {
  const out: Record<string, Hex | Address> = {};
  for (const [k, v] of Object.entries(op)) {
    if (v === undefined || v === null) continue;
    out[k] = (typeof v === 'bigint' ? `0x${v.toString(16)}` : v) as Hex;
  }
  return out;
}
