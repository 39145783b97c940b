import { Counter, Histogram } from 'prom-client';
import type { Registry } from '../lib/metrics.ts';

/** Prometheus series of the user-operation worker (docs/account-abstraction.md#tracking-user-operations). */
export interface UserOperationMetrics {
  /** Operations that reached a final state, by status (a reorg can count one twice). */
  finished: Counter<'status'>;
  /** Bundler calls that failed: `refused` (the operation) or `unavailable` (the bundler). */
  bundlerErrors: Counter<'method' | 'kind'>;
  steps: Counter<'step' | 'result'>;
  stepDuration: Histogram<'step'>;
}

export function createUserOperationMetrics(registry: Registry): UserOperationMetrics {
  return {
    finished: new Counter({
      name: 'keel_user_operations_finished_total',
      help: 'User operations that reached a final state, by status (confirmed, failed, expired).',
      labelNames: ['status'] as const,
      registers: [registry],
    }),
    bundlerErrors: new Counter({
      name: 'keel_user_operation_bundler_errors_total',
      help: 'Failed bundler calls by JSON-RPC method and kind (refused: the operation was refused; unavailable: the bundler did not answer).',
      labelNames: ['method', 'kind'] as const,
      registers: [registry],
    }),
    steps: new Counter({
      name: 'keel_user_operation_steps_total',
      help: 'User-operation worker steps by the state they started from and result (ok, error).',
      labelNames: ['step', 'result'] as const,
      registers: [registry],
    }),
    stepDuration: new Histogram({
      name: 'keel_user_operation_step_duration_seconds',
      help: 'Duration of user-operation worker steps by the state they started from.',
      labelNames: ['step'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
  };
}
