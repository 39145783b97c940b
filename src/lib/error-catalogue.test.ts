import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LeaseLostError } from '../chain/watcher-store.ts';
// biome-ignore lint/style/noRestrictedImports: the error class only (its catalogue code); nothing here starts a chain
import { DemoWorldIncompleteError } from '../devnet/world.ts';
import { NonceStateError } from '../pipeline/nonces.ts';
import { SimulationChainMismatchError } from '../pipeline/simulate.ts';
import { TransactionStateError } from '../pipeline/store.ts';
import { KeystoreError } from '../signers/keystore.ts';
import { SignerMismatchError, UnsignableTransactionError } from '../signers/signer.ts';
import { documentedErrorTable, ERROR_DOC, errorTable } from './error-docs.ts';
import { ERROR_CODE_NAMES, ERROR_CODES, isErrorCode } from './error-catalogue.ts';
import {
  AuthenticationError,
  ConfigError,
  ForbiddenError,
  KeelError,
  NotFoundError,
  PermanentError,
  RetryableError,
  toKeelError,
  UpstreamError,
  ValidationError,
} from './errors.ts';

/** Every non-test TypeScript file under src/. */
function sources(dir = 'src'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('error catalogue', () => {
  it('gives every code a status, a user message and a meaning', () => {
    for (const code of ERROR_CODE_NAMES) {
      const e = ERROR_CODES[code];
      expect(code, 'codes are snake_case').toMatch(/^[a-z][a-z0-9_]*$/);
      expect(e.status >= 400 && e.status < 600, `${code}: status ${e.status}`).toBe(true);
      expect(e.userMessage.length, `${code}: userMessage`).toBeGreaterThan(0);
      expect(e.description.length, `${code}: description`).toBeGreaterThan(0);
    }
    expect(isErrorCode('not_found')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
  });

  it('is where KeelError takes its status, retryability and default user message from', () => {
    for (const code of ERROR_CODE_NAMES) {
      const err = new KeelError(code, 'detail');
      expect({ status: err.status, retryable: err.retryable, userMessage: err.userMessage }).toEqual({
        status: ERROR_CODES[code].status,
        retryable: ERROR_CODES[code].retryable,
        userMessage: ERROR_CODES[code].userMessage,
      });
    }
    expect(new KeelError('quote_expired', 'd', { userMessage: 'Own message.' }).userMessage).toBe('Own message.');
    // A code that slipped past the types answers as internal_error would.
    const foreign = new KeelError('no_such_code' as never, 'd');
    expect({ status: foreign.status, retryable: foreign.retryable }).toEqual({ status: 500, retryable: false });
    expect(toKeelError(new Error('boom'))).toMatchObject({ code: 'internal_error', status: 500, retryable: false });
  });

  it('has subclasses that agree with it: RetryableError iff the code is retryable', () => {
    const errors: KeelError[] = [
      new ValidationError('d', []),
      new AuthenticationError(),
      new ForbiddenError('d'),
      new NotFoundError('d'),
      new ConfigError('d'),
      new UpstreamError('rpc_unavailable', 'd'),
      new KeystoreError('keystore_locked', 'd'),
      new SignerMismatchError('s', 'd'),
      new UnsignableTransactionError('s', 'd'),
      new NonceStateError('nonce_not_held', 'd'),
      new SimulationChainMismatchError(1, 2),
      new TransactionStateError('tx_1', 'confirmed', 'cancel'),
      new LeaseLostError(1, 'd'),
      new DemoWorldIncompleteError('d'),
    ];
    for (const e of errors) {
      expect(e instanceof RetryableError, `${e.name} (${e.code})`).toBe(ERROR_CODES[e.code].retryable);
      expect(e instanceof PermanentError, `${e.name} (${e.code})`).toBe(!ERROR_CODES[e.code].retryable);
    }
    // The types refuse a code of the other kind (checked by tsc; nothing runs here).
    const refused = () => [
      // @ts-expect-error rpc_unavailable is retryable
      new PermanentError('rpc_unavailable', 'd'),
      // @ts-expect-error not_found is permanent
      new RetryableError('not_found', 'd'),
      // @ts-expect-error not a catalogued code
      new KeelError('no_such_code', 'd'),
    ];
    expect(typeof refused).toBe('function');
  });

  it('holds every code thrown in src/, and Permanent/RetryableError are thrown only with codes of their kind', () => {
    const files = sources();
    const text = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));
    // The error classes: KeelError and everything that extends it, transitively.
    const classes = new Set(['KeelError']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of text.values()) {
        for (const m of t.matchAll(/class (\w+) extends (\w+)/g)) {
          if (classes.has(m[2]!) && !classes.has(m[1]!)) grew = classes.add(m[1]!) && true;
        }
      }
    }
    const unknown: string[] = [];
    const wrongKind: string[] = [];
    let seen = 0;
    for (const [file, t] of text) {
      const uses = [
        ...[...t.matchAll(/new (\w+)\(\s*'([a-z0-9_]+)'/g)]
          .filter((m) => classes.has(m[1]!))
          .map((m) => ({ cls: m[1]!, code: m[2]! })),
        // Helpers that build errors from a code, and super calls of error subclasses.
        ...[...t.matchAll(/\b(conflict|refuse|super)\(\s*'([a-z0-9_]+)'/g)].map((m) => ({ cls: m[1]!, code: m[2]! })),
      ];
      for (const { cls, code } of uses) {
        seen++;
        if (!isErrorCode(code)) unknown.push(`${file}: ${cls}('${code}')`);
        else {
          const retryableClass = cls === 'RetryableError' || cls === 'UpstreamError';
          if ((cls === 'PermanentError' || retryableClass) && retryableClass !== ERROR_CODES[code].retryable) {
            wrongKind.push(`${file}: ${cls}('${code}')`);
          }
        }
      }
    }
    expect(seen, 'the scan finds the error constructions').toBeGreaterThan(100);
    expect(unknown).toEqual([]);
    expect(wrongKind).toEqual([]);
  });

  it(`is documented in ${ERROR_DOC} (regenerate: node --import tsx src/lib/error-docs.ts)`, () => {
    const doc = readFileSync(ERROR_DOC, 'utf8');
    expect(documentedErrorTable(doc)).toBe(errorTable());
    const rows = [...doc.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((m) => m[1]);
    expect(rows).toEqual(ERROR_CODE_NAMES);
  });
});
