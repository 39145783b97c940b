import { maxUint256, maxUint48 } from 'viem';
import type { NormalisedTypedData, TypedValue } from './typed-data-logic.ts';
import { hasShape } from './typed-data-logic.ts';

/**
 * Recognises the token permissions end users are asked to sign, by the SHAPE of their types
 * (names and types of every field), never by the primary type's name alone:
 * ERC-2612 `Permit`, DAI-style `Permit` (`allowed`), Uniswap Permit2 AllowanceTransfer
 * (`PermitSingle`, `PermitBatch`) and SignatureTransfer (`PermitTransferFrom`,
 * `PermitBatchTransferFrom`, and their `…Witness…` forms with any witness type). PURE.
 * Deadlines are unix seconds, `null` when the standard reads the value as "never".
 */

export type PermitKind =
  | 'erc2612_permit'
  | 'dai_permit'
  | 'permit2_allowance'
  | 'permit2_allowance_batch'
  | 'permit2_transfer'
  | 'permit2_transfer_batch';

/** A grant inside a permit: `allowance` (standing) or `transfer` (one pull of at most `amount`). */
export interface PermitGrant {
  kind: 'allowance' | 'transfer';
  token: string;
  amount: bigint;
  amountField: string;
  /** When the allowance itself ends (Permit2 `expiration`); null: it lasts until revoked. */
  expiresAt: bigint | null;
  expiresField: string | null;
}

export interface DecodedPermit {
  kind: PermitKind;
  /** Which contract must verify it: the token itself, or Permit2. */
  verifier: 'token' | 'permit2';
  /** The account whose tokens it spends, when the message names it (ERC-2612, DAI). */
  owner: { address: string; field: string } | null;
  spender: string;
  spenderField: string;
  grants: PermitGrant[];
  /** Until when the signature can be submitted; null: any time. */
  signatureDeadline: bigint | null;
  deadlineField: string;
  nonce: bigint;
  /** SignatureTransfer witness: the extra struct the spender's contract checks, by type name. */
  witness: { field: string; type: string } | null;
}

type Msg = { readonly [k: string]: TypedValue };

const TOKEN_PERMISSIONS = { token: 'address', amount: 'uint256' };
const PERMIT_DETAILS = { token: 'address', amount: 'uint160', expiration: 'uint48', nonce: 'uint48' };

/** Recognises a permit; undefined for anything else (rendered field by field). */
export function decodePermit(td: NormalisedTypedData): DecodedPermit | undefined {
  const { types, primaryType: p, message: m } = td;
  if (
    hasShape(types, p, {
      owner: 'address',
      spender: 'address',
      value: 'uint256',
      nonce: 'uint256',
      deadline: 'uint256',
    })
  ) {
    const deadline = m.deadline as bigint;
    return {
      kind: 'erc2612_permit',
      verifier: 'token',
      owner: { address: m.owner as string, field: 'message.owner' },
      spender: m.spender as string,
      spenderField: 'message.spender',
      grants: [
        {
          kind: 'allowance',
          token: tokenOf(td),
          amount: m.value as bigint,
          amountField: 'message.value',
          expiresAt: null,
          expiresField: null,
        },
      ],
      // A max uint256 deadline is the usual way of saying "never".
      signatureDeadline: deadline === maxUint256 ? null : deadline,
      deadlineField: 'message.deadline',
      nonce: m.nonce as bigint,
      witness: null,
    };
  }
  if (
    hasShape(types, p, { holder: 'address', spender: 'address', nonce: 'uint256', expiry: 'uint256', allowed: 'bool' })
  ) {
    const expiry = m.expiry as bigint;
    return {
      kind: 'dai_permit',
      verifier: 'token',
      owner: { address: m.holder as string, field: 'message.holder' },
      spender: m.spender as string,
      spenderField: 'message.spender',
      // DAI's permit is all or nothing: allowed → max uint256, not allowed → 0.
      grants: [
        {
          kind: 'allowance',
          token: tokenOf(td),
          amount: m.allowed ? maxUint256 : 0n,
          amountField: 'message.allowed',
          expiresAt: null,
          expiresField: null,
        },
      ],
      // DAI reads expiry 0 as "never".
      signatureDeadline: expiry === 0n || expiry === maxUint256 ? null : expiry,
      deadlineField: 'message.expiry',
      nonce: m.nonce as bigint,
      witness: null,
    };
  }
  // Permit2 AllowanceTransfer.
  const single = { details: 'PermitDetails', spender: 'address', sigDeadline: 'uint256' };
  const batch = { details: 'PermitDetails[]', spender: 'address', sigDeadline: 'uint256' };
  const isSingle = hasShape(types, p, single);
  if ((isSingle || hasShape(types, p, batch)) && hasShape(types, 'PermitDetails', PERMIT_DETAILS)) {
    const details = (isSingle ? [m.details] : (m.details as readonly TypedValue[])) as Msg[];
    const at = (i: number) => (isSingle ? 'message.details' : `message.details[${i}]`);
    return {
      kind: isSingle ? 'permit2_allowance' : 'permit2_allowance_batch',
      verifier: 'permit2',
      owner: null,
      spender: m.spender as string,
      spenderField: 'message.spender',
      grants: details.map((d, i) => {
        const exp = d.expiration as bigint;
        return {
          kind: 'allowance' as const,
          token: d.token as string,
          amount: d.amount as bigint,
          amountField: `${at(i)}.amount`,
          // Permit2 reads expiration 0 as "this block only"; max uint48 is never.
          expiresAt: exp === maxUint48 ? null : exp,
          expiresField: `${at(i)}.expiration`,
        };
      }),
      signatureDeadline: (m.sigDeadline as bigint) === maxUint256 ? null : (m.sigDeadline as bigint),
      deadlineField: 'message.sigDeadline',
      nonce: details.length ? (details[0]!.nonce as bigint) : 0n,
      witness: null,
    };
  }
  // Permit2 SignatureTransfer, with or without a witness.
  const transfer = { permitted: 'TokenPermissions', spender: 'address', nonce: 'uint256', deadline: 'uint256' };
  const transferBatch = { ...transfer, permitted: 'TokenPermissions[]' };
  if (!hasShape(types, 'TokenPermissions', TOKEN_PERMISSIONS)) return undefined;
  let isBatch: boolean;
  let witness: DecodedPermit['witness'] = null;
  if (hasShape(types, p, transfer)) isBatch = false;
  else if (hasShape(types, p, transferBatch)) isBatch = true;
  else {
    // A witness form: the four fields plus exactly one struct field.
    const fields = types[p] ?? [];
    const extra = fields.filter((f) => !(f.name in transfer));
    if (fields.length !== 5 || extra.length !== 1 || !(extra[0]!.type in types)) return undefined;
    const base = { x: fields.filter((f) => f.name in transfer) };
    if (hasShape(base, 'x', transfer)) isBatch = false;
    else if (hasShape(base, 'x', transferBatch)) isBatch = true;
    else return undefined;
    witness = { field: `message.${extra[0]!.name}`, type: extra[0]!.type };
  }
  const permitted = (isBatch ? m.permitted : [m.permitted]) as readonly Msg[];
  const deadline = m.deadline as bigint;
  return {
    kind: isBatch ? 'permit2_transfer_batch' : 'permit2_transfer',
    verifier: 'permit2',
    owner: null,
    spender: m.spender as string,
    spenderField: 'message.spender',
    grants: permitted.map((t, i) => ({
      kind: 'transfer' as const,
      token: t.token as string,
      amount: t.amount as bigint,
      amountField: isBatch ? `message.permitted[${i}].amount` : 'message.permitted.amount',
      expiresAt: deadline === maxUint256 ? null : deadline,
      expiresField: 'message.deadline',
    })),
    signatureDeadline: deadline === maxUint256 ? null : deadline,
    deadlineField: 'message.deadline',
    nonce: m.nonce as bigint,
    witness,
  };
}

/** The token of an ERC-2612/DAI permit is the verifying contract itself. */
function tokenOf(td: NormalisedTypedData): string {
  return td.domain.verifyingContract ?? '0x0000000000000000000000000000000000000000';
}
