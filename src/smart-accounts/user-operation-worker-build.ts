import { dbJson } from '../db/json.ts';
import { sql } from 'kysely';
import { encodeFunctionData, getAddress, type Hex, recoverAddress } from 'viem';
import {
  entryPoint08Abi,
  getUserOperationHash,
  getUserOperationTypedData,
  type UserOperation,
} from 'viem/account-abstraction';
import { keelSmartAccountFactoryAbi } from '../contracts/smart-account-abis.ts';
import { KeelError, PermanentError, RetryableError } from '../lib/errors.ts';
import { accountById } from './account-store.ts';
import { PAYMASTER_POST_OP_GAS, PAYMASTER_VERIFICATION_GAS, STUB_PAYMASTER_SIGNATURE } from './paymaster-logic.ts';
import type { UserOperationRow } from './user-operation-resource.ts';
import {
  bundlerCall,
  handleOf,
  releaseSponsorshipOf,
  type UserOpStepResult,
  type UserOpWorkerContext,
} from './user-operation-worker-context.ts';
import { signatureDeadline, storedUserOp, rpcUserOp } from './user-operation-worker-logic.ts';
import { accountSignature, encodePaymasterData } from './user-operation-logic.ts';

/** Validation gas of a session key's scope check and spend record, which a stub signature's estimate does not run. */
const SESSION_SCOPE_GAS = 100_000n;
/**
 * The `queued` step: builds the EntryPoint v0.8 operation (nonce, factory when the account has no
 * code yet, fees, the bundler's gas estimate with a stub paymaster), reserves its sponsorship,
 * hashes it, then signs it with Keel's owner signer (custodial → `signed`) or asks for the
 * external owner's or session key's signature (→ `awaiting_signature`, due at its deadline).
 * Everything it decides is written in one database transaction with the change of state; a
 * sponsorship reserved by a step that then fails is released before the step retries.
 */
export async function buildOperation(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<UserOpStepResult> {
  const h = handleOf(ctx, row);
  const account = await accountById(ctx.db, row.account_id);
  if (!account) throw new PermanentError('not_found', `smart account ${row.account_id} is gone`);
  const entryPoint = getAddress(row.entry_point);
  const sender = getAddress(row.sender);
  const [nonce, code, fees] = await Promise.all([
    h.client.readContract({ address: entryPoint, abi: entryPoint08Abi, functionName: 'getNonce', args: [sender, 0n] }),
    h.client.getCode({ address: sender }),
    h.client.estimateFeesPerGas(),
  ]);
  const deploy = !code || code === '0x';
  let op: UserOperation<'0.8'> = {
    sender,
    nonce,
    callData: row.call_data as Hex,
    callGasLimit: 0n,
    verificationGasLimit: 0n,
    preVerificationGas: 0n,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
    // A well-formed placeholder in the signing mode (the account's ECDSA check runs its full path).
    signature: accountSignature(row.signing === 'session' ? 'session' : 'owner', STUB_PAYMASTER_SIGNATURE),
    ...(deploy
      ? {
          factory: getAddress(account.factory),
          factoryData: encodeFunctionData({
            abi: keelSmartAccountFactoryAbi,
            functionName: 'createAccount',
            args: [getAddress(account.owner_address), BigInt(account.salt)],
          }),
        }
      : {}),
  };
  const sponsored = row.sponsorship_policy_id !== null;
  if (sponsored) {
    const { paymaster } = ctx.paymaster.configured();
    op = {
      ...op,
      paymaster,
      paymasterVerificationGasLimit: PAYMASTER_VERIFICATION_GAS,
      paymasterPostOpGasLimit: PAYMASTER_POST_OP_GAS,
      paymasterData: encodePaymasterData(Math.floor(Date.now() / 1000) + 600, 0, STUB_PAYMASTER_SIGNATURE),
    };
  }
  const est = await bundlerCall<{
    preVerificationGas: Hex;
    verificationGasLimit: Hex;
    callGasLimit: Hex;
    paymasterVerificationGasLimit?: Hex | null;
  }>(ctx, row, 'eth_estimateUserOperationGas', [rpcUserOp(op), entryPoint]);
  if (!est.ok) {
    if (est.fault.kind === 'unavailable')
      throw new RetryableError('bundler_unavailable', `bundler: ${est.fault.message}`);
    // The operation cannot validate (a revert in validation or deployment): it never runs.
    await failBeforeSigning(ctx, row, 'bundler_rejected', {
      step: 'estimate',
      bundlerCode: est.fault.kind === 'refused' ? est.fault.code : null,
      message: est.fault.message,
    });
    return null;
  }
  op = {
    ...op,
    preVerificationGas: BigInt(est.result.preVerificationGas),
    // A margin over the estimate: the real signatures take slightly different paths than the stubs.
    // A session key's stub recovers to no grant, so the estimate skips the scope check and the
    // spend it records (cold reads, an SSTORE per operation): that path is added on top.
    verificationGasLimit:
      (BigInt(est.result.verificationGasLimit) * 12n) / 10n + (row.signing === 'session' ? SESSION_SCOPE_GAS : 0n),
    callGasLimit: (BigInt(est.result.callGasLimit) * 12n) / 10n,
    ...(sponsored && est.result.paymasterVerificationGasLimit
      ? { paymasterVerificationGasLimit: (BigInt(est.result.paymasterVerificationGasLimit) * 12n) / 10n }
      : {}),
  };

  let decisionId: string | null = null;
  let validUntil: number | null = null;
  if (sponsored) {
    try {
      const s = await ctx.paymaster.sponsorOperation(
        {
          policyId: row.sponsorship_policy_id!,
          chainId: row.chain_id,
          userOp: op,
          userId: row.user_id,
          apiKeyId: row.api_key_id,
          ...sponsorshipSignals(row.sponsorship_context),
          isNewAccount: deploy,
        },
        // The key that created the operation: its principal owns the account and the policy.
        { keyId: row.api_key_id, principalId: row.created_by_principal ?? '', scopes: [] },
      );
      decisionId = s.decisionId;
      validUntil = s.validUntil;
      op = {
        ...op,
        paymaster: s.paymaster,
        paymasterData: s.paymasterData,
        paymasterVerificationGasLimit: s.paymasterVerificationGasLimit,
        paymasterPostOpGasLimit: s.paymasterPostOpGasLimit,
      };
    } catch (err) {
      if (err instanceof KeelError && err.code === 'sponsorship_denied') {
        const extra = (err as KeelError & { extra?: Record<string, unknown> }).extra ?? {};
        await failBeforeSigning(
          ctx,
          row,
          'sponsorship_denied',
          { decisionId: extra.decisionId, class: extra.class, reasons: extra.reasons },
          { sponsorship_decision_id: (extra.decisionId as string | undefined) ?? null },
        );
        return null;
      }
      throw err;
    }
  }

  try {
    return await finishBuild(ctx, row, op, {
      decisionId,
      validUntil,
      ownerSigner: account.owner_signer,
      owner: account.owner_address,
    });
  } catch (err) {
    // Nothing was recorded: the reservation would otherwise stay held until someone released it.
    if (decisionId)
      await ctx.db
        .transaction()
        .execute((trx) => releaseSponsorshipOf(ctx, trx, { sponsorship_decision_id: decisionId }))
        .catch(() => {});
    throw err;
  }
}

async function finishBuild(
  ctx: UserOpWorkerContext,
  row: UserOperationRow,
  unsigned: UserOperation<'0.8'>,
  s: { decisionId: string | null; validUntil: number | null; ownerSigner: string | null; owner: string },
): Promise<UserOpStepResult> {
  const entryPoint = getAddress(row.entry_point);
  const op: UserOperation<'0.8'> = { ...unsigned, signature: '0x' };
  const hash = getUserOperationHash({
    userOperation: op,
    entryPointAddress: entryPoint,
    entryPointVersion: '0.8',
    chainId: row.chain_id,
  });
  const deadline = signatureDeadline(Date.now(), s.validUntil, ctx.cfg.signatureTimeoutSeconds);
  const common = {
    user_op_hash: hash,
    sponsorship_decision_id: s.decisionId,
    signature_deadline: deadline,
  };
  if (row.signing === 'custodial') {
    const signer = s.ownerSigner ? ctx.signers.get(s.ownerSigner) : undefined;
    if (!signer || signer.address.toLowerCase() !== s.owner.toLowerCase())
      throw new KeelError('signer_unavailable', `the owner signer ${s.ownerSigner} of ${row.sender} is not configured`);
    const sig = await signer.signTypedData(
      getUserOperationTypedData({ chainId: row.chain_id, entryPointAddress: entryPoint, userOperation: op }),
    );
    // The account checks ECDSA over userOpHash itself: make sure that is what was signed.
    if ((await recoverAddress({ hash, signature: sig })).toLowerCase() !== s.owner.toLowerCase())
      throw new PermanentError('signer_mismatch', `signer ${signer.name} did not sign userOpHash ${hash}`);
    const signed = { ...op, signature: accountSignature('owner', sig) };
    await ctx.db.transaction().execute(async (trx) => {
      await ctx.store.transition(trx, row.id, {
        from: 'queued',
        to: 'signed',
        reason: 'custodial_signed',
        detail: { userOpHash: hash, signer: signer.name, sponsorshipDecisionId: s.decisionId },
        audit: { signer: signer.name, signerAddress: signer.address },
        patch: { ...common, user_op: JSON.stringify(storedUserOp(signed)) },
      });
    });
    return new Date();
  }
  await ctx.db.transaction().execute(async (trx) => {
    await ctx.store.transition(trx, row.id, {
      from: 'queued',
      to: 'awaiting_signature',
      reason: 'signature_required',
      detail: { userOpHash: hash, signatureDeadline: deadline.toISOString(), sponsorshipDecisionId: s.decisionId },
      // Due at its deadline with the change itself, not only when the lease is released after it.
      patch: { ...common, user_op: JSON.stringify(storedUserOp(op)), next_run_at: deadline },
    });
  });
  return deadline;
}

/** Fails an operation that never ran (before it was signed), releasing its sponsorship and windows. */
async function failBeforeSigning(
  ctx: UserOpWorkerContext,
  row: UserOperationRow,
  reason: string,
  detail: Record<string, unknown>,
  patch: Record<string, unknown> = {},
): Promise<void> {
  await ctx.db.transaction().execute(async (trx) => {
    await releaseSponsorshipOf(ctx, trx, {
      sponsorship_decision_id: (patch.sponsorship_decision_id as string) ?? row.sponsorship_decision_id,
    });
    await ctx.store.transition(trx, row.id, { from: 'queued', to: 'failed', reason, detail, patch });
  });
  ctx.metrics?.finished.inc({ status: 'failed' });
}

/**
 * `pending_review` past its review expiry, or `awaiting_signature` past its signature deadline:
 * → `expired`, its sponsorship reservation and policy windows released.
 */
export async function expireOperation(ctx: UserOpWorkerContext, row: UserOperationRow): Promise<UserOpStepResult> {
  const due = row.status === 'pending_review' ? row.review_expires_at : row.signature_deadline;
  if (due && new Date(due).getTime() > Date.now()) return new Date(due);
  await ctx.db.transaction().execute(async (trx) => {
    const cur = await ctx.store.lock(trx, row.id);
    if (cur.status !== row.status) return;
    await releaseSponsorshipOf(ctx, trx, cur);
    await ctx.store.transition(trx, row.id, {
      from: cur.status,
      to: 'expired',
      reason: cur.status === 'pending_review' ? 'review_expired' : 'signature_expired',
      patch: { next_run_at: sql<Date | null>`null` as never },
    });
  });
  ctx.metrics?.finished.inc({ status: 'expired' });
  return null;
}

/** The abuse signals the caller passed with the operation (`sponsorship_context`), for the sponsorship decision. */
function sponsorshipSignals(context: unknown): { clientIp?: string; deviceId?: string } {
  if (context === null || context === undefined) return {};
  const c = dbJson<{ clientIp?: string; deviceId?: string }>(context);
  return { ...(c.clientIp ? { clientIp: c.clientIp } : {}), ...(c.deviceId ? { deviceId: c.deviceId } : {}) };
}
