import { describe, expect, it } from 'vitest';
import { KeelError, PermanentError, UpstreamError, ValidationError } from '../lib/errors.ts';
import { SignerMismatchError } from '../signers/signer.ts';
import { NonceStateError } from './nonces.ts';
import { failsPermanently } from './worker.ts';

describe('pipeline step failures', () => {
  it('retry by the catalogue’s retryability, not by HTTP status', () => {
    // Retryable codes are retried whatever their status: 409, 503.
    expect(failsPermanently(new NonceStateError('nonce_not_held', 'd'))).toBe(false);
    expect(failsPermanently(new KeelError('signer_unavailable', 'not configured in this worker'))).toBe(false);
    expect(failsPermanently(new UpstreamError('rpc_unavailable', 'd'))).toBe(false);
    // Permanent codes fail whatever their status: 422, 502, 500.
    expect(failsPermanently(new ValidationError('d', []))).toBe(true);
    expect(failsPermanently(new SignerMismatchError('s', 'signed by another address'))).toBe(true);
    expect(failsPermanently(new PermanentError('batch_mixed', 'd'))).toBe(true);
  });

  it('retry a permanent error caused by an upstream fault, and anything that is not a KeelError', () => {
    const cause = new UpstreamError('rpc_unavailable', 'd');
    expect(failsPermanently(new PermanentError('transaction_unsignable', 'd', { cause }))).toBe(false);
    expect(failsPermanently(new Error('connection terminated'))).toBe(false);
  });
});
