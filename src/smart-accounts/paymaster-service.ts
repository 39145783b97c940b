import type { Kysely } from 'kysely';
import { getAddress, isAddress, type Address, type Hex } from 'viem';
import { toPackedUserOperation, type UserOperation } from 'viem/account-abstraction';
import type { Config } from '../config/schema.ts';
import type { DB } from '../db/schema.ts';
import { KeelError, PermanentError, RetryableError, ValidationError } from '../lib/errors.ts';
import { type Signer, type SignerRegistry, signerForRole } from '../signers/index.ts';
import { canManage } from '../webhooks/ownership.ts';
import { accountByAddress } from './account-store.ts';
import {
  decodeAccountCalls,
  maxCostUsd8,
  maxGasOf,
  type OperationFields,
  PAYMASTER_POST_OP_GAS,
  PAYMASTER_VERIFICATION_GAS,
  STUB_PAYMASTER_SIGNATURE,
  validityWindow,
} from './paymaster-logic.ts';
import type { SponsorshipActor, Sponsorship } from './sponsorship-service.ts';
import { encodePaymasterData, paymasterHash } from './user-operation-logic.ts';

/** The role of the paymaster's verifying signer when `smartAccounts.paymasterSigner` names none. */
export const PAYMASTER_ROLE = 'paymaster';

export interface SponsorOperationInput {
  policyId: string;
  chainId: number;
  /** The operation, v0.8 fields, unsigned (its signature, if any, is not covered). */
  userOp: OperationFields;
  /** Must be the account's user when given; default: the account's user. */
  userId?: string | undefined;
  apiKeyId?: string | undefined;
  clientIp?: string | undefined;
  deviceId?: string | undefined;
  /** Default: the operation carries a factory (its first operation deploys the account). */
  isNewAccount?: boolean | undefined;
  /** A stub for gas estimation: a dry-run decision (nothing reserved) and a placeholder signature. */
  stub?: boolean | undefined;
}

export interface Sponsored {
  paymaster: Address;
  paymasterData: Hex;
  paymasterVerificationGasLimit: bigint;
  paymasterPostOpGasLimit: bigint;
  validUntil: number;
  validAfter: number;
  decisionId: string;
}

/**
 * The paymaster service (docs/account-abstraction.md#sponsored-gas-the-paymaster): turns a
 * sponsorship decision into KeelPaymaster's `paymasterData` (validUntil ‖ validAfter ‖ the
 * paymaster signer's EIP-191 signature over the contract's `getHash`). Only Keel smart accounts
 * of the caller's principal are sponsored, only under the caller's own policies (the decision
 * takes the caller's actor); a denial is 402 `sponsorship_denied` with the decision's reasons.
 */
export class PaymasterService {
  constructor(
    private readonly deps: {
      db: Kysely<DB>;
      config: Config;
      signers: SignerRegistry;
      sponsorship: Sponsorship;
      /** The chain's native coin in USD base units (10^-8), null when it has no usable price. */
      nativeUsd8: (chainId: number) => Promise<bigint | null>;
      now?: () => number;
    },
  ) {}

  /** The configured paymaster address and signer; 503 `paymaster_not_configured` otherwise. */
  configured(): { paymaster: Address; signer: Signer } {
    const sa = this.deps.config.smartAccounts;
    if (!sa.paymaster)
      throw new PermanentError('paymaster_not_configured', '`smartAccounts.paymaster` is not configured');
    const signer = signerForRole(this.deps.signers, PAYMASTER_ROLE, {
      setting: 'smartAccounts.paymasterSigner',
      name: sa.paymasterSigner,
    });
    if ('problem' in signer) throw new PermanentError('paymaster_not_configured', `the paymaster: ${signer.problem}`);
    return { paymaster: getAddress(sa.paymaster), signer };
  }

  async sponsorOperation(input: SponsorOperationInput, actor: SponsorshipActor): Promise<Sponsored> {
    const { paymaster, signer } = this.configured();
    const { config, db } = this.deps;
    const op = input.userOp;
    const invalid = (field: string, code: string, message: string) =>
      new ValidationError(`the user operation cannot be sponsored: ${message}`, [{ field, code, message }]);
    if (!config.chains.some((c) => c.chainId === input.chainId))
      throw invalid('chainId', 'unknown_chain', `chain ${input.chainId} is not configured`);
    if (!isAddress(op.sender)) throw invalid('userOp.sender', 'invalid_address', 'not an address');
    const account = await accountByAddress(db, input.chainId, getAddress(op.sender));
    // Another principal's account is as unknown as an address Keel never created.
    if (!account || !canManage(account.created_by_principal, actor))
      throw invalid('userOp.sender', 'unknown_smart_account', `not a Keel smart account on chain ${input.chainId}`);
    if (input.userId !== undefined && input.userId !== account.user_id)
      throw invalid('userId', 'user_mismatch', `the sender is user ${account.user_id}'s account`);
    const calls = decodeAccountCalls(op.callData);
    if (!calls) throw invalid('userOp.callData', 'unknown_call', 'not a KeelSmartAccount execute or executeBatch call');

    // The paymaster's gas limits are covered by the hash: keep what the stub gave the caller.
    const pmGas = {
      verification: op.paymasterVerificationGasLimit || PAYMASTER_VERIFICATION_GAS,
      postOp: op.paymasterVerificationGasLimit ? (op.paymasterPostOpGasLimit ?? 0n) : PAYMASTER_POST_OP_GAS,
    };
    const maxGas = maxGasOf(op, pmGas);
    const price = await this.deps.nativeUsd8(input.chainId);
    if (price === null)
      throw new RetryableError(
        'paymaster_price_unavailable',
        `chain ${input.chainId}'s native coin has no usable USD price: the operation's maximum cost is unknown`,
      );
    const decision = await this.deps.sponsorship.decide(
      {
        policyId: input.policyId,
        chainId: input.chainId,
        sender: account.address,
        userId: account.user_id,
        apiKeyId: input.apiKeyId ?? actor.keyId,
        clientIp: input.clientIp,
        deviceId: input.deviceId,
        calls,
        maxCostUsd: maxCostUsd8(maxGas, op.maxFeePerGas, price),
        maxGas,
        isNewAccount: input.isNewAccount ?? Boolean(op.factory && op.factory !== '0x'),
      },
      { actor, dryRun: input.stub ?? false },
    );
    if (!decision.sponsored)
      throw new KeelError(
        'sponsorship_denied',
        `sponsorship policy ${input.policyId} refused to pay this operation's gas: ${decision.reasons.map((r) => r.code).join(', ')}`,
        { extra: { decisionId: decision.id, class: decision.class, reasons: decision.reasons } },
      );

    const { validUntil, validAfter } = validityWindow(
      this.deps.now?.() ?? Date.now(),
      config.smartAccounts.sponsorshipValiditySeconds,
    );
    let signature = STUB_PAYMASTER_SIGNATURE;
    if (!input.stub) {
      const withPm = {
        ...op,
        signature: '0x',
        paymaster,
        paymasterVerificationGasLimit: pmGas.verification,
        paymasterPostOpGasLimit: pmGas.postOp,
        paymasterData: encodePaymasterData(validUntil, validAfter),
      } as UserOperation<'0.8'>;
      const hash = paymasterHash({
        userOp: toPackedUserOperation(withPm),
        validUntil,
        validAfter,
        chainId: input.chainId,
        paymaster,
      });
      signature = await signer.signMessage({ message: { raw: hash } });
    }
    return {
      paymaster,
      paymasterData: encodePaymasterData(validUntil, validAfter, signature),
      paymasterVerificationGasLimit: pmGas.verification,
      paymasterPostOpGasLimit: pmGas.postOp,
      validUntil,
      validAfter,
      decisionId: decision.id,
    };
  }
}
