import { BaseError, createTransport, RpcRequestError, type EIP1193RequestFn, type Transport } from 'viem';
import { UpstreamError } from '../lib/errors.ts';
import { silentLogger } from '../lib/logger.ts';
import { Batcher } from './batcher.ts';
import {
  backoffDelay,
  describeEndpoints,
  initialEndpointState,
  isHealthy,
  isUsable,
  markWrongChain,
  rankEndpoints,
  recordFailure,
  recordSuccess,
  type EndpointState,
} from './endpoint-health.ts';
import type { RpcCallOutcome } from './metrics.ts';
import { endpointLabels } from './redact.ts';
import {
  httpTarget,
  isRetryableRpcError,
  postJsonRpc,
  RpcAttemptError,
  type AttemptFailure,
  type HttpExchange,
  type HttpTarget,
  type JsonRpcRequest,
  type JsonRpcResponse,
} from './rpc-http.ts';
import { Semaphore } from './semaphore.ts';
import type { ChainIdReport, EndpointChainIdResult, RedundantTransport, RedundantTransportOptions } from './types.ts';

interface Endpoint {
  readonly index: number;
  readonly label: string;
  readonly target: HttpTarget | undefined;
  readonly slots: Semaphore;
  state: EndpointState;
  verified: boolean;
  verifying: Promise<VerifyOutcome> | undefined;
  actualChainId: number | undefined;
  batchUnsupported: boolean;
}

type VerifyOutcome =
  | { status: 'ok' }
  | { status: 'wrong_chain'; actual: number | undefined }
  | { status: 'unreachable'; failure: AttemptFailure }
  | { status: 'disabled' };

interface PendingCall {
  readonly request: JsonRpcRequest;
  done: boolean;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

interface AttemptResult {
  retry: PendingCall[];
  failure?: AttemptFailure | undefined;
}

/**
 * Methods whose repetition changes state again. They are never batched, and after a
 * failure that may have reached the node (timeout, reset connection) they are not retried:
 * the caller gets `rpc_outcome_unknown` instead of a possible duplicate. Anvil's aliases are
 * listed too. `eth_sendRawTransaction` is deliberately absent: a signed transaction carries its
 * nonce, so a second delivery is the same transaction ("already known" / "nonce too low",
 * which the pipeline's send treats as sent), never a second transfer.
 */
const NON_IDEMPOTENT = new Set([
  'eth_sendTransaction',
  'eth_sendUnsignedTransaction',
  'evm_mine',
  'evm_mine_detailed',
  'anvil_mine',
  'anvil_mine_detailed',
  'hardhat_mine',
  'evm_increaseTime',
  'anvil_increaseTime',
  'evm_snapshot',
  'anvil_snapshot',
  'evm_revert',
  'anvil_revert',
  'anvil_reorg',
  'anvil_rollback',
]);

/**
 * 100 calls or 1 MiB of JSON per POST, whichever comes first. Providers cap request bodies
 * (anvil drops a connection over 2 MiB); a heavy multicall is ~65 KB of calldata.
 */
const DEFAULT_BATCH = { maxSize: 100, waitMs: 0, maxBytes: 1024 * 1024 };
/**
 * The JSON size of a value without serialising it (a portfolio chunk's eth_call carries
 * ~0.5 MB of hex that is serialised once more when sent): close enough for the batch byte
 * cap, as it undercounts only escaped characters and number formatting.
 */
function jsonBytes(v: unknown): number {
  if (typeof v === 'string') return v.length + 2;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + jsonBytes(x) + 1, 2);
  if (v !== null && typeof v === 'object')
    return Object.entries(v).reduce((n, [k, x]) => n + k.length + 4 + jsonBytes(x), 2);
  return String(v).length;
}
/** The JSON size of one call's request, for the batch byte cap. */
const requestBytes = (call: PendingCall) => jsonBytes(call.request);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The chain layer's viem transport: JSON-RPC over HTTP to several endpoints of one chain,
 * tried in health order with per-attempt timeouts, failover, backoff with jitter that
 * honours 429/503 Retry-After, a per-endpoint concurrency cap, same-tick batching, a
 * chain-id guard before an endpoint's first use, and Prometheus metrics per endpoint.
 * Error answers (reverts, invalid params) reach viem as `RpcRequestError`s and are not
 * retried; when no endpoint answers, requests fail with `UpstreamError('rpc_unavailable')`.
 */
export function createRedundantTransport(opts: RedundantTransportOptions): RedundantTransport {
  const { chainId, policy } = opts;
  if (opts.urls.length === 0) throw new RangeError(`chain ${chainId}: at least one RPC URL is required`);
  const chainLabel = String(chainId);
  const metrics = opts.metrics;
  const log = (opts.logger ?? silentLogger()).child({ module: 'chain.transport', chainId });
  const fetchFn = opts.fetchFn ?? globalThis.fetch;
  const rng = opts.rng ?? Math.random;
  const batch = opts.batch === false ? false : (opts.batch ?? DEFAULT_BATCH);
  let nextId = 1;

  const labels = endpointLabels(opts.urls);
  const eps: Endpoint[] = opts.urls.map((url, index) => {
    let target: HttpTarget | undefined;
    let reason: string | undefined;
    try {
      const protocol = new URL(url).protocol;
      if (protocol === 'http:' || protocol === 'https:') target = httpTarget(url);
      else reason = `unsupported URL scheme ${protocol} (this transport speaks HTTP)`;
    } catch {
      reason = 'invalid URL';
    }
    const label = labels[index] ?? '[invalid url]';
    if (reason) log.warn({ endpoint: label, reason }, 'RPC endpoint disabled');
    const state = { ...initialEndpointState(index, target ? 'active' : 'disabled'), lastError: reason };
    return {
      index,
      label,
      target,
      slots: new Semaphore(policy.maxConcurrencyPerEndpoint),
      state,
      verified: false,
      verifying: undefined,
      actualChainId: undefined,
      batchUnsupported: false,
    };
  });

  const refreshUp = (ep: Endpoint) =>
    metrics?.up.set({ chain_id: chainLabel, endpoint: ep.label }, isHealthy(ep.state, Date.now()) ? 1 : 0);
  eps.forEach(refreshUp);
  const unregisterUp = metrics?.onCollectUp(() => eps.forEach(refreshUp));

  const count = (ep: Endpoint, method: string, outcome: RpcCallOutcome) =>
    metrics?.requests.inc({ chain_id: chainLabel, endpoint: ep.label, method, outcome });

  function noteExchange(ep: Endpoint, exchange: HttpExchange): void {
    if (!metrics) return;
    const status = exchange.ok ? String(exchange.status) : exchange.statusLabel;
    metrics.httpRequests.inc({ chain_id: chainLabel, endpoint: ep.label, status });
    metrics.duration.observe({ chain_id: chainLabel, endpoint: ep.label }, exchange.durationMs / 1000);
  }

  function noteFailure(ep: Endpoint, failure: AttemptFailure): void {
    const firstFailure = ep.state.consecutiveFailures === 0;
    const retryAfterMs =
      failure.retryAfterMs === undefined ? undefined : Math.min(failure.retryAfterMs, policy.maxRetryAfterMs);
    ep.state = recordFailure(ep.state, { now: Date.now(), error: failure.message, retryAfterMs }, policy);
    metrics?.errors.inc({ chain_id: chainLabel, endpoint: ep.label, kind: failure.kind });
    refreshUp(ep);
    const fields = {
      endpoint: ep.label,
      kind: failure.kind,
      error: failure.message,
      failures: ep.state.consecutiveFailures,
    };
    // One warning per outage; repeats are debug noise.
    if (firstFailure) log.warn(fields, 'RPC endpoint failing; ranked last while cooling down');
    else log.debug(fields, 'RPC endpoint still failing');
  }

  function noteSuccess(ep: Endpoint, latencyMs: number): void {
    if (ep.state.consecutiveFailures > 0)
      log.info({ endpoint: ep.label, after: ep.state.consecutiveFailures }, 'RPC endpoint recovered');
    ep.state = recordSuccess(ep.state, latencyMs);
    refreshUp(ep);
  }

  function settle(call: PendingCall, ok: boolean, value: unknown): void {
    if (call.done) return;
    call.done = true;
    if (ok) call.resolve(value);
    else call.reject(value);
  }

  async function post(ep: Endpoint, payload: JsonRpcRequest | JsonRpcRequest[]): Promise<HttpExchange | undefined> {
    const release = await ep.slots.acquire(policy.timeoutMs);
    if (!release) return undefined;
    try {
      return await postJsonRpc(ep.target!, payload, { timeoutMs: policy.timeoutMs, fetchFn });
    } finally {
      release();
    }
  }

  // Waiting for a slot is local congestion, not an endpoint fault: nothing is recorded.
  const saturated = (): AttemptFailure => ({
    kind: 'timeout',
    message: `no free connection slot within ${policy.timeoutMs} ms`,
    notDelivered: true,
  });

  async function checkChainId(ep: Endpoint): Promise<VerifyOutcome> {
    if (ep.state.lifecycle === 'disabled') return { status: 'disabled' };
    if (ep.state.lifecycle === 'wrong_chain') return { status: 'wrong_chain', actual: ep.actualChainId };
    const request: JsonRpcRequest = { jsonrpc: '2.0', id: nextId++, method: 'eth_chainId' };
    const exchange = await post(ep, request);
    if (!exchange) return { status: 'unreachable', failure: saturated() };
    noteExchange(ep, exchange);
    if (!exchange.ok) {
      count(ep, 'eth_chainId', 'failed');
      noteFailure(ep, exchange.failure);
      return { status: 'unreachable', failure: exchange.failure };
    }
    const res = Array.isArray(exchange.body) ? exchange.body[0] : exchange.body;
    const result = res?.result;
    if (typeof result !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(result)) {
      const failure: AttemptFailure = {
        kind: 'bad_response',
        message: res?.error ? `eth_chainId failed: ${res.error.message}` : 'eth_chainId answered without a chain id',
        notDelivered: true,
      };
      count(ep, 'eth_chainId', 'failed');
      noteFailure(ep, failure);
      return { status: 'unreachable', failure };
    }
    count(ep, 'eth_chainId', 'ok');
    const actual = Number.parseInt(result, 16);
    if (actual !== chainId) {
      ep.actualChainId = actual;
      ep.state = markWrongChain(ep.state, `serves chain ${actual}, expected ${chainId}`, Date.now());
      metrics?.errors.inc({ chain_id: chainLabel, endpoint: ep.label, kind: 'wrong_chain' });
      refreshUp(ep);
      log.error(
        { endpoint: ep.label, expectedChainId: chainId, actualChainId: actual },
        'RPC endpoint serves another chain; it will not be used',
      );
      return { status: 'wrong_chain', actual };
    }
    ep.verified = true;
    noteSuccess(ep, exchange.durationMs);
    return { status: 'ok' };
  }

  function runCheck(ep: Endpoint): Promise<VerifyOutcome> {
    ep.verifying ??= checkChainId(ep).finally(() => {
      ep.verifying = undefined;
    });
    return ep.verifying;
  }

  /** Sends `calls` to one endpoint; returns the calls that still need an answer. */
  async function attemptOn(ep: Endpoint, calls: PendingCall[]): Promise<AttemptResult> {
    if (!ep.verified) {
      const check = await runCheck(ep);
      // The calls themselves were not sent, whatever happened to the chain-id check.
      if (check.status === 'unreachable') return { retry: calls, failure: { ...check.failure, notDelivered: true } };
      if (check.status !== 'ok')
        return {
          retry: calls,
          failure: { kind: 'wrong_chain', message: ep.state.lastError ?? 'endpoint not usable', notDelivered: true },
        };
    }
    if (calls.length > 1 && ep.batchUnsupported) return attemptEach(ep, calls);
    const batched = calls.length > 1;
    const exchange = await post(ep, batched ? calls.map((c) => c.request) : calls[0]!.request);
    if (!exchange) return { retry: calls, failure: saturated() };
    noteExchange(ep, exchange);
    if (batched && exchange.ok && !Array.isArray(exchange.body)) {
      // The endpoint answered, so it is healthy; it just does not take batches.
      ep.batchUnsupported = true;
      log.warn({ endpoint: ep.label }, 'RPC endpoint rejects JSON-RPC batches; sending its calls one by one');
      return attemptEach(ep, calls);
    }
    return absorb(ep, calls, exchange);
  }

  async function attemptEach(ep: Endpoint, calls: PendingCall[]): Promise<AttemptResult> {
    const results = await Promise.all(calls.map((c) => attemptOn(ep, [c])));
    return { retry: results.flatMap((r) => r.retry), failure: results.find((r) => r.failure)?.failure };
  }

  function absorb(ep: Endpoint, calls: PendingCall[], exchange: HttpExchange): AttemptResult {
    if (!exchange.ok) {
      for (const call of calls) count(ep, call.request.method, 'failed');
      noteFailure(ep, exchange.failure);
      return { retry: calls, failure: exchange.failure };
    }
    const responses: JsonRpcResponse[] = Array.isArray(exchange.body) ? exchange.body : [exchange.body];
    const byId = new Map(responses.map((r) => [r.id, r]));
    const retry: PendingCall[] = [];
    let failure: AttemptFailure | undefined;
    for (const call of calls) {
      // A lone response may carry `id: null` (e.g. a parse error); it still answers a lone request.
      const res =
        byId.get(call.request.id) ?? (calls.length === 1 && responses.length === 1 ? responses[0] : undefined);
      const error = res?.error;
      if (error && typeof error.code === 'number' && !isRetryableRpcError(error)) {
        count(ep, call.request.method, 'rpc_error');
        const message = typeof error.message === 'string' ? error.message : 'JSON-RPC error';
        settle(
          call,
          false,
          new RpcRequestError({
            body: { ...call.request },
            error: { ...error, message },
            url: ep.label,
            status: exchange.status,
          }),
        );
        continue;
      }
      if (res && !error && 'result' in res) {
        count(ep, call.request.method, 'ok');
        settle(call, true, res.result);
        continue;
      }
      count(ep, call.request.method, 'failed');
      retry.push(call);
      failure ??= error
        ? {
            kind: 'rpc_overload',
            message: `JSON-RPC error ${error.code}: ${error.message}`,
            notDelivered: error.code !== -32603,
          }
        : {
            kind: 'bad_response',
            message: `no usable response for request id ${call.request.id}`,
            notDelivered: false,
          };
    }
    if (failure) noteFailure(ep, failure);
    else noteSuccess(ep, exchange.durationMs);
    return { retry, failure };
  }

  /** Runs calls through failover rounds until each is settled or attempts run out. */
  async function execute(calls: PendingCall[]): Promise<void> {
    let pending = calls.filter((c) => !c.done);
    const nonIdempotent = pending.some((c) => NON_IDEMPOTENT.has(c.request.method));
    const tried = new Set<number>();
    let attempts = 0;
    let lastFailure: RpcAttemptError | undefined;
    let ambiguous = false;
    try {
      for (
        let round = 0;
        pending.length > 0 && attempts < policy.maxAttempts && round <= 2 * policy.maxAttempts;
        round++
      ) {
        for (const state of rankEndpoints(
          eps.map((e) => e.state),
          Date.now(),
        )) {
          const ep = eps[state.index]!;
          if (pending.length === 0 || attempts >= policy.maxAttempts) break;
          if (!isUsable(ep.state) || ep.state.retryAfterUntil > Date.now()) continue;
          attempts++;
          tried.add(ep.index);
          const result = await attemptOn(ep, pending);
          pending = result.retry.filter((c) => !c.done);
          if (result.failure) {
            lastFailure = new RpcAttemptError(ep.label, result.failure);
            if (nonIdempotent && !result.failure.notDelivered) ambiguous = true;
          }
          if (ambiguous) break;
        }
        if (ambiguous || pending.length === 0 || attempts >= policy.maxAttempts) break;
        const now = Date.now();
        const usable = eps.filter((e) => isUsable(e.state));
        if (usable.length === 0) break;
        // Wait at least the backoff, and until some endpoint's Retry-After has passed.
        const readyIn = Math.min(...usable.map((e) => e.state.retryAfterUntil - now));
        await sleep(Math.max(backoffDelay(round, policy, rng), readyIn, 0));
      }
    } catch (err) {
      for (const call of pending) settle(call, false, err);
      return;
    }
    if (pending.length === 0) return;
    const methods = [...new Set(pending.map((c) => c.request.method))].join(', ');
    const usableCount = eps.filter((e) => isUsable(e.state)).length;
    const error = ambiguous
      ? new UpstreamError(
          'rpc_outcome_unknown',
          `${methods} on chain ${chainId} failed in a way that may have reached the node; not retried to avoid a duplicate`,
          { cause: lastFailure, extra: { chainId, attempts } },
        )
      : new UpstreamError(
          'rpc_unavailable',
          usableCount === 0
            ? `chain ${chainId} has no usable RPC endpoint (${eps.length} configured, none on the right chain or reachable by HTTP)`
            : `no RPC endpoint of chain ${chainId} answered ${methods}: ${attempts} attempt(s) on ${tried.size} of ${eps.length} endpoint(s)`,
          { cause: lastFailure, extra: { chainId, attempts, endpointsTried: tried.size } },
        );
    log.warn(
      { methods, attempts, endpointsTried: tried.size, lastError: lastFailure?.message, code: error.code },
      'RPC request failed on every endpoint',
    );
    for (const call of pending) settle(call, false, error);
  }

  const batcher = batch
    ? new Batcher<PendingCall>(
        { maxBytes: DEFAULT_BATCH.maxBytes, ...batch },
        (calls) => void execute(calls),
        requestBytes,
      )
    : undefined;

  function enqueue(call: PendingCall): void {
    if (!batcher || NON_IDEMPOTENT.has(call.request.method)) void execute([call]);
    else batcher.add(call);
  }

  const rawRequest = (
    { method, params }: { method: string; params?: unknown },
    options?: { signal?: AbortSignal | undefined },
  ) =>
    new Promise<unknown>((resolve, reject) => {
      const request: JsonRpcRequest = {
        jsonrpc: '2.0',
        id: nextId++,
        method,
        ...(params === undefined ? {} : { params }),
      };
      const signal = options?.signal;
      const onAbort = () => settle(call, false, signal?.reason);
      const detach = () => signal?.removeEventListener('abort', onAbort);
      const call: PendingCall = {
        request,
        done: false,
        resolve: (v) => (detach(), resolve(v)),
        reject: (e) => (detach(), reject(e)),
      };
      if (signal?.aborted) return onAbort();
      signal?.addEventListener('abort', onAbort, { once: true });
      enqueue(call);
    });

  const transport: Transport<'keel'> = () => {
    const base = createTransport({
      key: 'keel',
      name: `Keel redundant RPC (chain ${chainId})`,
      type: 'keel',
      request: rawRequest as EIP1193RequestFn,
      // Retries happen inside this transport, across endpoints; viem's own would multiply them.
      retryCount: 0,
      timeout: policy.timeoutMs,
    });
    const request = (async (args, options) => {
      try {
        return await base.request(args, options);
      } catch (err) {
        // viem wraps errors without a numeric code in UnknownRpcError; callers want Keel's error.
        const upstream = err instanceof BaseError ? err.walk((e) => e instanceof UpstreamError) : null;
        throw upstream ?? err;
      }
    }) as EIP1193RequestFn;
    return { ...base, request };
  };

  const endpoints = () =>
    describeEndpoints(
      eps.map((ep) => ({ label: ep.label, verified: ep.verified, state: ep.state })),
      Date.now(),
    );

  async function verifyChainId(): Promise<ChainIdReport> {
    const results = await Promise.all(
      eps.map(async (ep): Promise<EndpointChainIdResult> => {
        const outcome = await runCheck(ep);
        switch (outcome.status) {
          case 'ok':
            return { url: ep.label, status: 'ok' };
          case 'wrong_chain':
            return {
              url: ep.label,
              status: 'wrong_chain',
              ...(outcome.actual === undefined ? {} : { actualChainId: outcome.actual }),
            };
          case 'unreachable':
            return { url: ep.label, status: 'unreachable', error: outcome.failure.message };
          case 'disabled':
            return { url: ep.label, status: 'disabled', error: ep.state.lastError ?? 'disabled' };
        }
      }),
    );
    const report: ChainIdReport = { chainId, ok: results.some((r) => r.status === 'ok'), endpoints: results };
    if (!report.ok) log.error({ endpoints: results }, 'no RPC endpoint verified for this chain');
    else if (results.some((r) => r.status !== 'ok'))
      log.warn({ endpoints: results }, 'some RPC endpoints failed the chain-id check');
    else log.info({ endpoints: results.length }, 'RPC endpoints verified');
    return report;
  }

  function close(): void {
    unregisterUp?.();
    batcher?.flush();
  }

  return { transport, endpoints, verifyChainId, close };
}
