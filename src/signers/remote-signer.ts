import { inspect } from 'node:util';
import {
  formatTransactionRequest,
  getAddress,
  getTransactionType,
  getTypesForEIP712Domain,
  isHex,
  numberToHex,
  parseTransaction,
  recoverMessageAddress,
  recoverTransactionAddress,
  recoverTypedDataAddress,
  serializeTypedData,
  stringToHex,
  serializeTransaction,
  type Address,
  type Hex,
  type TransactionSerializable,
  type TypedDataDomain,
} from 'viem';
import { redactUrl } from '../chain/index.ts';
// The chain layer's JSON-RPC-over-HTTP exchange (timeouts, no redirects, credential-free URLs).
import { httpTarget, postJsonRpc, type HttpTarget } from '../chain/rpc-http.ts';
import { PermanentError, UpstreamError } from '../lib/errors.ts';
import {
  assertSignable,
  describeSigner,
  SignerMismatchError,
  type SignableMessage,
  type SignableTransaction,
  type SignableTypedData,
  type Signer,
  type SignerDescription,
} from './signer.ts';

export interface RemoteSignerOptions {
  name: string;
  role: string;
  /** JSON-RPC endpoint (clef, web3signer, a KMS bridge, anvil for tests). May carry credentials. */
  url: string;
  /** The address the remote service signs for; every answer is checked against it. */
  address: Address;
  /** Extra headers (authorization); their values never appear in errors or logs. */
  headers?: Record<string, string> | undefined;
  /** Deadline of one attempt. */
  timeoutMs?: number;
  /** Attempts per signature (signing is deterministic, so a retry cannot sign something else). */
  maxAttempts?: number;
  fetchFn?: typeof fetch;
}

// Fields whose signed value must equal the requested one. A remote signer that changes any of
// them (another recipient, value, nonce or fee) is refused, not trusted.
const CHECKED_FIELDS = [
  'type',
  'chainId',
  'nonce',
  'to',
  'value',
  'data',
  'gas',
  'gasPrice',
  'maxFeePerGas',
  'maxPriorityFeePerGas',
] as const;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A signer whose key stays in another service, reached with `eth_signTransaction` over HTTP.
 * Every signed transaction is parsed and its signer recovered before it is returned: an answer
 * signed by another address, or for a transaction other than the one requested, is refused
 * with `signer_mismatch`, so a misrouted or compromised signer can never make Keel broadcast.
 */
export class RemoteSigner implements Signer {
  readonly name: string;
  readonly role: string;
  readonly address: Address;
  readonly kind = 'remote' as const;
  readonly type = 'remote' as const;
  /** Redacted endpoint (scheme, host, port): safe for logs and messages. */
  readonly endpoint: string;
  readonly #target: HttpTarget;
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;
  readonly #fetch: typeof fetch;
  #nextId = 1;

  constructor(opts: RemoteSignerOptions) {
    this.name = opts.name;
    this.role = opts.role;
    this.address = getAddress(opts.address);
    this.endpoint = redactUrl(opts.url);
    const base = httpTarget(opts.url);
    this.#target = { href: base.href, headers: { ...base.headers, ...lowerCaseKeys(opts.headers ?? {}) } };
    this.#timeoutMs = opts.timeoutMs ?? 10_000;
    this.#maxAttempts = opts.maxAttempts ?? 3;
    this.#fetch = opts.fetchFn ?? fetch;
  }

  /** Asks the remote service to sign, then verifies signer and content of its answer. */
  async signTransaction(tx: SignableTransaction): Promise<Hex> {
    assertSignable(this.name, tx);
    const type = getTransactionType(tx as TransactionSerializable);
    const request = {
      ...formatTransactionRequest({ ...tx, type, from: this.address } as never),
      chainId: numberToHex(tx.chainId),
    };
    const result = await this.#call('eth_signTransaction', [request]);
    // geth/clef answer `{ raw, tx }`; anvil and web3signer answer the raw hex itself.
    const raw =
      typeof result === 'object' && result !== null && 'raw' in result ? (result as { raw: unknown }).raw : result;
    if (typeof raw !== 'string' || !isHex(raw) || raw.length < 4) {
      throw new PermanentError(
        'remote_signer_bad_answer',
        `signer ${this.name} (${this.endpoint}) answered eth_signTransaction without a raw transaction`,
      );
    }
    await this.#verify(raw, { ...tx, type } as SignableTransaction);
    return raw;
  }

  /**
   * EIP-191 signature through `personal_sign` (params: the message as hex, then the address).
   * The answer is checked by recovering its signer: a signature by any other address is refused
   * with `signer_mismatch`.
   */
  async signMessage({ message }: { message: SignableMessage }): Promise<Hex> {
    const data = typeof message === 'string' ? stringToHex(message) : message.raw;
    const result = await this.#call('personal_sign', [data, this.address]);
    if (typeof result !== 'string' || !isHex(result) || result.length !== 132) {
      throw new PermanentError(
        'remote_signer_bad_answer',
        `signer ${this.name} (${this.endpoint}) answered personal_sign without a 65-byte signature`,
      );
    }
    let recovered: Address;
    try {
      recovered = await recoverMessageAddress({ message, signature: result });
    } catch (err) {
      throw new SignerMismatchError(this.name, `the answer of ${this.endpoint} is not a valid message signature`, {
        cause: String((err as Error).message).split('\n')[0],
      });
    }
    if (recovered.toLowerCase() !== this.address.toLowerCase()) {
      throw new SignerMismatchError(
        this.name,
        `the remote signer at ${this.endpoint} signed the message with ${recovered}, not the configured ${this.address}`,
        { configured: this.address, recovered },
      );
    }
    return result;
  }

  /**
   * EIP-712 signature through `eth_signTypedData_v4` (params: the address, then the typed data
   * as JSON, `EIP712Domain` included). The answer is checked by recovering its signer over the
   * typed data Keel asked for: a signature by another address, or over other data, is refused
   * with `signer_mismatch`.
   */
  async signTypedData(typedData: SignableTypedData): Promise<Hex> {
    // The domain's own type is sent explicitly: signers hash the domain by the fields it lists.
    const td = typedData as { domain?: TypedDataDomain; types: Record<string, unknown> };
    const payload = serializeTypedData({
      ...td,
      types: { EIP712Domain: getTypesForEIP712Domain({ domain: td.domain }), ...td.types },
    } as never);
    const result = await this.#call('eth_signTypedData_v4', [this.address, payload]);
    if (typeof result !== 'string' || !isHex(result) || result.length !== 132) {
      throw new PermanentError(
        'remote_signer_bad_answer',
        `signer ${this.name} (${this.endpoint}) answered eth_signTypedData_v4 without a 65-byte signature`,
      );
    }
    let recovered: Address;
    try {
      recovered = await recoverTypedDataAddress({ ...typedData, signature: result } as Parameters<
        typeof recoverTypedDataAddress
      >[0]);
    } catch (err) {
      throw new SignerMismatchError(this.name, `the answer of ${this.endpoint} is not a valid typed-data signature`, {
        cause: String((err as Error).message).split('\n')[0],
      });
    }
    if (recovered.toLowerCase() !== this.address.toLowerCase()) {
      throw new SignerMismatchError(
        this.name,
        `the remote signer at ${this.endpoint} signed the typed data with ${recovered}, not the configured ${this.address}`,
        { configured: this.address, recovered },
      );
    }
    return result;
  }

  async #verify(raw: Hex, requested: SignableTransaction): Promise<void> {
    let recovered: Address;
    let signed: TransactionSerializable;
    try {
      recovered = await recoverTransactionAddress({ serializedTransaction: raw as never });
      signed = parseTransaction(raw);
    } catch (err) {
      throw new SignerMismatchError(this.name, `the answer of ${this.endpoint} is not a valid signed transaction`, {
        cause: String((err as Error).message).split('\n')[0],
      });
    }
    if (recovered.toLowerCase() !== this.address.toLowerCase()) {
      throw new SignerMismatchError(
        this.name,
        `the remote signer at ${this.endpoint} signed with ${recovered}, not the configured ${this.address}`,
        {
          configured: this.address,
          recovered,
        },
      );
    }
    const differs = CHECKED_FIELDS.filter(
      (f) => !sameValue(requested[f as keyof SignableTransaction], signed[f as keyof TransactionSerializable]),
    );
    // The serialised unsigned forms catch whatever the field list misses (access lists, …).
    const strip = { r: undefined, s: undefined, v: undefined, yParity: undefined };
    if (
      differs.length === 0 &&
      serializeTransaction({ ...signed, ...strip } as TransactionSerializable) !== serializeTransaction(requested)
    )
      differs.push('type');
    if (differs.length > 0) {
      throw new SignerMismatchError(
        this.name,
        `the remote signer at ${this.endpoint} signed a different transaction (fields: ${differs.join(', ')})`,
        { fields: differs },
      );
    }
  }

  async #call(method: string, params: unknown[]): Promise<unknown> {
    let lastFailure = 'no attempt made';
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      const exchange = await postJsonRpc(
        this.#target,
        { jsonrpc: '2.0', id: this.#nextId++, method, params },
        { timeoutMs: this.#timeoutMs, fetchFn: this.#fetch },
      );
      if (exchange.ok) {
        const body = Array.isArray(exchange.body) ? exchange.body[0] : exchange.body;
        if (body?.error) {
          // The signer's own words (e.g. "unknown account"), shortened: they are about the request.
          const message = String(body.error.message ?? '').slice(0, 200);
          throw new PermanentError(
            'remote_signer_refused',
            `signer ${this.name} (${this.endpoint}) refused ${method}: ${message} (code ${body.error.code})`,
          );
        }
        return body?.result;
      }
      lastFailure = exchange.failure.message;
      if (exchange.statusLabel === '401' || exchange.statusLabel === '403') {
        throw new PermanentError(
          'remote_signer_unauthorized',
          `signer ${this.name} (${this.endpoint}) refused the credentials (HTTP ${exchange.statusLabel}); check signers[].headers`,
        );
      }
      if (attempt < this.#maxAttempts)
        await sleep(Math.min(exchange.failure.retryAfterMs ?? 250 * 2 ** (attempt - 1), 5_000));
    }
    throw new UpstreamError(
      'remote_signer_unavailable',
      `signer ${this.name} (${this.endpoint}) did not answer after ${this.#maxAttempts} attempts: ${lastFailure}`,
    );
  }

  toJSON(): SignerDescription & { endpoint: string } {
    return { ...describeSigner(this), endpoint: this.endpoint };
  }

  toString(): string {
    return `RemoteSigner(${this.name} ${this.address} via ${this.endpoint})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}

function lowerCaseKeys(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
}

/** Equality of a requested and a signed field, with the encoder's defaults (absent value = 0, absent data = 0x). */
function sameValue(a: unknown, b: unknown): boolean {
  const norm = (v: unknown): string => {
    if (v === undefined || v === null || v === '0x' || v === 0 || v === 0n) return '';
    if (typeof v === 'string') return v.toLowerCase();
    return String(v);
  };
  return norm(a) === norm(b);
}
