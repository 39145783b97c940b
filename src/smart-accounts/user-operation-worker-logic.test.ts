import type { UserOperation } from 'viem/account-abstraction';
import { describe, expect, it } from 'vitest';
import {
  classifyBundlerError,
  parseStoredUserOp,
  rpcUserOp,
  signatureDeadline,
  stillWatched,
  storedUserOp,
  weiToUsd8,
} from './user-operation-worker-logic.ts';
import { retryDelayMs } from './user-operation-worker.ts';
import { userOpEventOf } from './user-operation-worker-store.ts';

const op: UserOperation<'0.8'> = {
  sender: '0x1111111111111111111111111111111111111111',
  nonce: 2n ** 70n + 5n,
  callData: '0xb61d27f6',
  callGasLimit: 100_000n,
  verificationGasLimit: 200_000n,
  preVerificationGas: 50_000n,
  maxFeePerGas: 2_000_000_000n,
  maxPriorityFeePerGas: 1_000_000_000n,
  paymaster: '0x2222222222222222222222222222222222222222',
  paymasterVerificationGasLimit: 100_000n,
  paymasterPostOpGasLimit: 0n,
  paymasterData: '0x1234',
  signature: '0xabcd',
};

describe('user-operation worker logic', () => {
  it('stores an operation with bigints as decimal strings and reads it back unchanged', () => {
    const stored = storedUserOp(op);
    expect(stored.nonce).toBe((2n ** 70n + 5n).toString());
    expect(stored.paymasterPostOpGasLimit).toBe('0');
    expect(JSON.parse(JSON.stringify(stored))).toEqual(stored);
    expect(parseStoredUserOp(JSON.parse(JSON.stringify(stored)))).toEqual(op);
    const { signature: _s, ...unsigned } = stored;
    expect(parseStoredUserOp(unsigned).signature).toBe('0x');
  });

  it('sends quantities as hex in the bundler’s JSON-RPC form', () => {
    const r = rpcUserOp(op);
    expect(r.nonce).toBe(`0x${(2n ** 70n + 5n).toString(16)}`);
    expect(r.paymasterPostOpGasLimit).toBe('0x0');
    expect(r.callData).toBe('0xb61d27f6');
  });

  it('classifies bundler errors: refusals by code or AA reason, AA25 as a used nonce, "already known", outages', () => {
    expect(classifyBundlerError(-32500, 'AA23 reverted')).toEqual({
      kind: 'refused',
      code: -32500,
      message: 'AA23 reverted',
      nonceUsed: false,
    });
    expect(classifyBundlerError(-32507, 'Invalid UserOperation signature or paymaster signature')).toMatchObject({
      kind: 'refused',
    });
    expect(
      classifyBundlerError(undefined, 'UserOperation reverted with reason: AA25 invalid account nonce'),
    ).toMatchObject({ kind: 'refused', nonceUsed: true });
    expect(classifyBundlerError(-32521, 'execution reverted')).toMatchObject({ kind: 'refused' });
    expect(classifyBundlerError(-32602, 'Already known')).toMatchObject({ kind: 'known' });
    expect(classifyBundlerError(undefined, 'fetch failed: ECONNREFUSED')).toMatchObject({ kind: 'unavailable' });
    expect(classifyBundlerError(-32603, 'internal error')).toMatchObject({ kind: 'unavailable' });
  });

  it('prices wei in USD base units, rounding up', () => {
    expect(weiToUsd8(10n ** 18n, 3_000n * 10n ** 8n)).toBe(3_000n * 10n ** 8n);
    expect(weiToUsd8(1n, 1n)).toBe(1n);
    expect(weiToUsd8(0n, 5n)).toBe(0n);
  });

  it('watches a mined block until it is reorgWatchBlocks deep', () => {
    expect(stillWatched(100n, 100n, 10)).toBe(true);
    expect(stillWatched(100n, 109n, 10)).toBe(true);
    expect(stillWatched(100n, 110n, 10)).toBe(false);
  });

  it('takes the signature deadline from the paymaster’s validUntil, else the configured timeout', () => {
    expect(signatureDeadline(1_000_000, 2_000, 60).getTime()).toBe(2_000_000);
    expect(signatureDeadline(1_000_000, null, 60).getTime()).toBe(1_060_000);
  });

  it('publishes the event of each change', () => {
    expect(userOpEventOf('awaiting_signature', 'signature_required')).toBe('user_operation.signature_required');
    expect(userOpEventOf('signed', 'custodial_signed')).toBeNull();
    expect(userOpEventOf('submitted', 'sent')).toBe('user_operation.submitted');
    expect(userOpEventOf('submitted', 'resent')).toBe('user_operation.submitted');
    expect(userOpEventOf('submitted', 'reorged')).toBe('user_operation.reorged');
    expect(userOpEventOf('submitted', 'reorged_after_final')).toBe('user_operation.reorged');
    expect(userOpEventOf('expired', 'signature_expired')).toBe('user_operation.failed');
  });

  it('backs off retries from 1 s to at most 60 s', () => {
    expect(retryDelayMs(1)).toBe(1_000);
    expect(retryDelayMs(2)).toBe(2_000);
    expect(retryDelayMs(50)).toBe(60_000);
  });
});
