import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { getAddress, isAddress, numberToHex } from 'viem';
import { formatUserOperation, type RpcUserOperation } from 'viem/account-abstraction';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { KeelError, ValidationError } from '../lib/errors.ts';
import { idPattern } from '../lib/ids.ts';
import type { OperationFields } from './paymaster-logic.ts';
import type { PaymasterService } from './paymaster-service.ts';
import type { SponsorshipActor } from './sponsorship-service.ts';

/**
 * The ERC-7677 paymaster web service (docs/account-abstraction.md#sponsored-gas-the-paymaster):
 * `POST /v1/paymaster/:policyId` speaks JSON-RPC 2.0 with `pm_getPaymasterStubData` (a
 * placeholder signature for gas estimation, after a dry-run decision: nothing reserved) and
 * `pm_getPaymasterData` (the decision that reserves budget, and the real signature). Scope
 * `paymaster:use`. Every JSON-RPC answer is HTTP 200; failures are JSON-RPC errors whose `data`
 * is the problem (code, detail, and for a denial `reasons`, `class`, `decisionId`).
 */

/** JSON-RPC error codes: the standard ones, and -32001 for a sponsorship policy's refusal. */
export const RPC_ERRORS = {
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internal: -32603,
  denied: -32001,
  unavailable: -32002,
} as const;

const rpcRequest = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: z.union([z.string(), z.number(), z.null()]).optional(),
    method: z.string(),
    params: z.array(z.unknown()).optional(),
  })
  .describe('A JSON-RPC 2.0 request: `pm_getPaymasterStubData` or `pm_getPaymasterData`');
const rpcResponse = z
  .object({
    jsonrpc: z.literal('2.0'),
    id: z.union([z.string(), z.number(), z.null()]),
    result: z.unknown().optional(),
    error: z.object({ code: z.number().int(), message: z.string(), data: z.unknown().optional() }).optional(),
  })
  .describe('A JSON-RPC 2.0 answer: `result` or `error`');
const contextSchema = z
  .strictObject({
    userId: z.string().min(1).max(200).optional(),
    deviceId: z.string().max(200).optional(),
    clientIp: z.string().max(100).optional(),
  })
  .nullish();
const REQUIRED = ['sender', 'nonce', 'callData', 'maxFeePerGas', 'maxPriorityFeePerGas'] as const;

class RpcFailure extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

/** `[userOperation, entryPoint, chainId, context]` as ERC-7677 sends them. */
function parseParams(params: unknown[] | undefined, entryPoint: string) {
  const [rawOp, ep, chainIdHex, rawContext] = params ?? [];
  if (!rawOp || typeof rawOp !== 'object')
    throw new RpcFailure(RPC_ERRORS.invalidParams, 'params[0]: a user operation');
  const rpc = rawOp as Record<string, unknown>;
  for (const f of REQUIRED)
    if (typeof rpc[f] !== 'string') throw new RpcFailure(RPC_ERRORS.invalidParams, `params[0].${f} is missing`);
  if (typeof ep !== 'string' || !isAddress(ep) || getAddress(ep) !== getAddress(entryPoint))
    throw new RpcFailure(
      RPC_ERRORS.invalidParams,
      `params[1]: Keel sponsors operations of EntryPoint ${entryPoint} only`,
    );
  if (typeof chainIdHex !== 'string' || !/^0x[0-9a-fA-F]{1,16}$/.test(chainIdHex))
    throw new RpcFailure(RPC_ERRORS.invalidParams, 'params[2]: the chain id, hex');
  const context = contextSchema.safeParse(rawContext);
  if (!context.success)
    throw new RpcFailure(RPC_ERRORS.invalidParams, 'params[3]: context may hold userId, deviceId and clientIp only');
  let op: OperationFields;
  try {
    const f = formatUserOperation(rpc as unknown as RpcUserOperation<'0.8'>);
    // Before gas estimation (the stub call) the gas fields may be absent: zero.
    op = {
      ...f,
      callGasLimit: f.callGasLimit ?? 0n,
      verificationGasLimit: f.verificationGasLimit ?? 0n,
      preVerificationGas: f.preVerificationGas ?? 0n,
    } as OperationFields;
  } catch (err) {
    throw new RpcFailure(RPC_ERRORS.invalidParams, `params[0]: ${(err as Error).message.split('\n')[0]}`);
  }
  return { op, chainId: Number(BigInt(chainIdHex)), context: context.data ?? {} };
}

/** A Keel problem as a JSON-RPC error: the code and detail, and whatever the problem carries. */
function rpcError(err: unknown): RpcFailure {
  if (err instanceof RpcFailure) return err;
  if (err instanceof KeelError) {
    const data = {
      code: err.code,
      detail: err.message,
      ...(err.extra ?? {}),
      ...(err.errors ? { errors: err.errors } : {}),
    };
    const code =
      err.code === 'sponsorship_denied'
        ? RPC_ERRORS.denied
        : err instanceof ValidationError || err.status === 404
          ? RPC_ERRORS.invalidParams
          : err.status === 503
            ? RPC_ERRORS.unavailable
            : RPC_ERRORS.internal;
    return new RpcFailure(code, err.message, data);
  }
  throw err;
}

export function paymasterRoutes(deps: { paymaster: PaymasterService; entryPoint: () => string }) {
  return (root: FastifyInstance) => {
    const app = root.withTypeProvider<ZodTypeProvider>();
    app.post(
      '/v1/paymaster/:policyId',
      {
        // JSON-RPC: no Idempotency-Key replay; a repeated pm_getPaymasterData is a new decision.
        config: { scope: 'paymaster:use', outcome: 'none' },
        schema: {
          tags: ['sponsorship'],
          summary: 'ERC-7677 paymaster web service: sponsored gas under one sponsorship policy (JSON-RPC)',
          description:
            'JSON-RPC 2.0 methods `pm_getPaymasterStubData` and `pm_getPaymasterData`, params `[userOperation, entryPoint, chainId, context]` (ERC-7677); `context` may carry `userId`, `deviceId` and `clientIp`. Point viem’s `createPaymasterClient` here. Answers are HTTP 200 with `result` or `error`; a policy’s refusal is error -32001 whose `data` holds `reasons`, `class` and `decisionId`.',
          params: z.object({ policyId: z.string().regex(idPattern('spp'), 'a sponsorship policy id (spp_…)') }),
          body: rpcRequest,
          response: { 200: rpcResponse },
        },
      },
      async (req) => {
        const id = req.body.id ?? null;
        const actor: SponsorshipActor = { ...requestActor(req), scopes: req.apiKey!.scopes };
        try {
          const stub = req.body.method === 'pm_getPaymasterStubData';
          if (!stub && req.body.method !== 'pm_getPaymasterData')
            throw new RpcFailure(RPC_ERRORS.methodNotFound, `method ${req.body.method} is not served here`);
          const { op, chainId, context } = parseParams(req.body.params, deps.entryPoint());
          const s = await deps.paymaster.sponsorOperation(
            {
              policyId: req.params.policyId,
              chainId,
              userOp: op,
              userId: context.userId,
              deviceId: context.deviceId,
              clientIp: context.clientIp,
              apiKeyId: actor.keyId,
              stub,
            },
            actor,
          );
          const result: Record<string, unknown> = {
            paymaster: s.paymaster,
            paymasterData: s.paymasterData,
            paymasterVerificationGasLimit: numberToHex(s.paymasterVerificationGasLimit),
            paymasterPostOpGasLimit: numberToHex(s.paymasterPostOpGasLimit),
          };
          if (stub) {
            result.isFinal = false;
            result.sponsor = { name: 'Keel' };
          } else result.decisionId = s.decisionId;
          return { jsonrpc: '2.0' as const, id, result };
        } catch (err) {
          const f = rpcError(err);
          req.log.info({ code: f.code, detail: f.message }, 'paymaster request refused');
          return {
            jsonrpc: '2.0' as const,
            id,
            error: { code: f.code, message: f.message, ...(f.data !== undefined ? { data: f.data } : {}) },
          };
        }
      },
    );
  };
}
