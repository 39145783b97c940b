import type { Hex } from 'viem';
import { safeChecksum } from '../pipeline/format.ts';
import {
  assessApproval,
  assetAt,
  expiryWarnings,
  lookalikeWarnings,
  nameOf,
  PERMIT2_ADDRESS,
  untilText,
  who,
  type SigningContext,
} from './context-logic.ts';
import { decodePersonalMessage } from './message-logic.ts';
import { decodePermit, type DecodedPermit, type PermitKind } from './permit-logic.ts';
import {
  addressFields,
  flattenFields,
  normaliseTypedData,
  typedDataDigest,
  type NormalisedTypedData,
  type RenderedField,
  type TypedDataInput,
} from './typed-data-logic.ts';
import { riskOf, warning, type Risk, type SigningWarning } from './warnings.ts';

/**
 * The signing preview: what an end user is asked to sign, decoded, in plain language, with
 * warnings and an overall risk. PURE (plain data in, plain data out; no I/O, no clock but
 * `ctx.now`), so the routes, the dashboard and user-operation previews render the same thing.
 * Rules and wording: docs/signing-previews.md.
 */

export type SigningRequest =
  | { kind: 'typed_data'; typedData: TypedDataInput }
  | { kind: 'personal_message'; message: string; origin?: string | undefined };

export type SigningPreviewKind = PermitKind | 'typed_data' | 'personal_message';

/** A token permission the signature grants, for display. */
export interface PreviewApproval {
  kind: 'allowance' | 'transfer';
  token: { address: string; symbol: string | null; decimals: number | null };
  spender: { address: string; name: string | null };
  /** Base units; `unlimited` when it counts as unlimited. */
  amount: { baseUnits: string; unlimited: boolean; text: string };
  /** When the permission ends (ISO-8601), or null when it does not end by itself. */
  expiresAt: string | null;
}

export interface SigningPreview {
  object: 'signing_preview';
  chainId: number;
  standard: 'eip712' | 'eip191';
  kind: SigningPreviewKind;
  /** What a wallet signs: the EIP-712 digest or the EIP-191 message hash. */
  digest: Hex;
  summary: string;
  /** Plain-language lines, in reading order. */
  lines: string[];
  /** Every signed field, as text (the generic rendering; for permits too). */
  fields: RenderedField[];
  domain: {
    name: string | null;
    version: string | null;
    chainId: number | null;
    verifyingContract: string | null;
    verifyingContractName: string | null;
  } | null;
  message: { text: string | null; hex: string | null; domains: string[] } | null;
  approvals: PreviewApproval[];
  warnings: SigningWarning[];
  risk: Risk;
}

const KIND_TEXT: Record<PermitKind, string> = {
  erc2612_permit: 'a token permit (ERC-2612)',
  dai_permit: 'a DAI-style token permit',
  permit2_allowance: 'a Permit2 allowance',
  permit2_allowance_batch: 'a Permit2 allowance for several tokens',
  permit2_transfer: 'a Permit2 one-time transfer',
  permit2_transfer_batch: 'a Permit2 one-time transfer of several tokens',
};

/** Renders the preview of one signing request; bad typed data throws `typed_data_invalid`. */
export function renderSigningPreview(ctx: SigningContext, request: SigningRequest): SigningPreview {
  if (request.kind === 'personal_message') return personalPreview(ctx, request.message, request.origin);
  const td = normaliseTypedData(request.typedData);
  const digest = typedDataDigest(td);
  const fields = [
    ...flattenFields({ EIP712Domain: td.domainType }, 'EIP712Domain', td.domain as never, 'domain'),
    ...flattenFields(td.types, td.primaryType, td.message, 'message'),
  ];
  const warnings: SigningWarning[] = [];
  const lines: string[] = [];
  const d = td.domain;
  const chainId = d.chainId !== undefined ? Number(d.chainId) : null;
  if (d.chainId !== undefined && d.chainId !== BigInt(ctx.chainId))
    warnings.push(
      warning(
        'chain_mismatch',
        'domain.chainId',
        `The signature is for chain ${d.chainId}, but you are on ${ctx.chainName} (chain ${ctx.chainId}).`,
      ),
    );
  const permit = decodePermit(td);
  const approvals: PreviewApproval[] = [];
  let summary: string;
  if (permit) {
    summary = permitLines(ctx, td, permit, lines, warnings, approvals);
  } else {
    const app = d.name ? `“${d.name}”` : 'an app';
    summary = `Sign a ${td.primaryType} message for ${app}`;
    lines.push(`${summary}${d.verifyingContract ? `, checked by the contract ${who(ctx, d.verifyingContract)}` : ''}.`);
    for (const f of fields.filter((x) => x.path.startsWith('message.')))
      lines.push(`${f.path.slice(8)}: ${fieldText(ctx, f)}`);
    warnings.push(
      warning(
        'unrecognised_message',
        null,
        `Keel does not recognise ${td.primaryType} messages; every field is listed as signed.`,
      ),
    );
    if (d.verifyingContract && !nameOf(ctx, d.verifyingContract))
      warnings.push(
        warning(
          'unknown_verifying_contract',
          'domain.verifyingContract',
          `The contract ${safeChecksum(d.verifyingContract)} is not one this service knows on ${ctx.chainName}.`,
        ),
      );
  }
  warnings.push(...lookalikeWarnings(ctx, addressFields(fields)));
  return {
    object: 'signing_preview',
    chainId: ctx.chainId,
    standard: 'eip712',
    kind: permit?.kind ?? 'typed_data',
    digest,
    summary,
    lines,
    fields,
    domain: {
      name: d.name ?? null,
      version: d.version ?? null,
      chainId,
      verifyingContract: d.verifyingContract ?? null,
      verifyingContractName: d.verifyingContract ? (nameOf(ctx, d.verifyingContract) ?? null) : null,
    },
    message: null,
    approvals,
    warnings: sortWarnings(warnings),
    risk: riskOf(warnings),
  };
}

function fieldText(ctx: SigningContext, f: RenderedField): string {
  if (f.type === 'address') return who(ctx, f.value);
  if (f.type === 'string') return JSON.stringify(f.value);
  return f.value;
}

function permitLines(
  ctx: SigningContext,
  td: NormalisedTypedData,
  p: DecodedPermit,
  lines: string[],
  warnings: SigningWarning[],
  approvals: PreviewApproval[],
): string {
  const vc = td.domain.verifyingContract;
  // The verifying contract: the token itself (ERC-2612, DAI) or Permit2.
  if (p.verifier === 'permit2') {
    if (!vc || vc.toLowerCase() !== PERMIT2_ADDRESS.toLowerCase())
      warnings.push(
        warning(
          'unknown_verifying_contract',
          'domain.verifyingContract',
          `A Permit2 message must be checked by Permit2 (${PERMIT2_ADDRESS}), not ${vc ? safeChecksum(vc) : 'no contract'}.`,
        ),
      );
  } else if (!vc || !assetAt(ctx, vc))
    warnings.push(
      warning(
        'unknown_verifying_contract',
        'domain.verifyingContract',
        vc
          ? `The token ${safeChecksum(vc)} is not an asset this service knows on ${ctx.chainName}.`
          : 'The permit names no token contract.',
      ),
    );
  if (p.owner && ctx.signer && p.owner.address.toLowerCase() !== ctx.signer.toLowerCase())
    warnings.push(
      warning(
        'signer_mismatch',
        p.owner.field,
        `The permit is for ${safeChecksum(p.owner.address)}, but ${safeChecksum(ctx.signer)} is asked to sign it.`,
      ),
    );
  let spenderWarned = false;
  p.grants.forEach((g, i) => {
    const a = assessApproval(ctx, { ...g, spender: p.spender, spenderField: p.spenderField });
    // One unknown_spender per permit, however many tokens it covers.
    for (const w of a.warnings) {
      if (w.code === 'unknown_spender' && spenderWarned) continue;
      spenderWarned ||= w.code === 'unknown_spender';
      warnings.push(w);
    }
    // Permit2 reads an expiration of 0 as "the block the permit is used in".
    const sameBlock = g.expiresAt === 0n;
    const until =
      g.kind === 'allowance' && p.verifier === 'permit2'
        ? sameBlock
          ? ', for the block it is submitted in only'
          : `, ${untilText(ctx, g.expiresAt)}`
        : '';
    lines.push(`${a.text}${until}.`);
    if (g.expiresField && g.kind === 'allowance' && g.amount > 0n && !sameBlock)
      warnings.push(
        ...expiryWarnings(
          ctx,
          g.expiresAt,
          g.expiresField,
          p.grants.length > 1 ? `permission for token ${i + 1}` : 'permission',
        ),
      );
    const asset = assetAt(ctx, g.token);
    approvals.push({
      kind: g.kind,
      token: { address: safeChecksum(g.token), symbol: asset?.symbol ?? null, decimals: asset?.decimals ?? null },
      spender: { address: safeChecksum(p.spender), name: nameOf(ctx, p.spender) ?? null },
      amount: {
        baseUnits: g.amount.toString(),
        unlimited: a.warnings.some((w) => w.code === 'unlimited_amount'),
        text: a.text,
      },
      expiresAt:
        g.expiresAt === null || g.expiresAt > 8_640_000_000_000n
          ? null
          : new Date(Number(g.expiresAt) * 1000).toISOString(),
    });
  });
  if (p.kind === 'erc2612_permit' || p.kind === 'dai_permit')
    lines.push(
      'The permission lasts until it is used up or you revoke it; the deadline below only limits when it can be submitted.',
    );
  lines.push(`The signature can be used ${untilText(ctx, p.signatureDeadline)} (nonce ${p.nonce}).`);
  warnings.push(...expiryWarnings(ctx, p.signatureDeadline, p.deadlineField, 'signature'));
  if (p.witness)
    lines.push(
      `It also signs a ${p.witness.type} (${p.witness.field}) that the spender's contract checks: see its fields below.`,
    );
  return `Sign ${KIND_TEXT[p.kind]} for ${who(ctx, p.spender)}`;
}

function personalPreview(ctx: SigningContext, message: string, origin?: string): SigningPreview {
  const m = decodePersonalMessage(message, origin);
  const lines: string[] = [];
  if (m.text !== null) lines.push(`Sign this text (${m.byteLength} bytes):`, m.text);
  else lines.push(`Sign ${m.byteLength} bytes of unreadable data: ${m.hex}`);
  if (m.domains.length) lines.push(`It names: ${m.domains.join(', ')}.`);
  const warnings = [...m.warnings];
  return {
    object: 'signing_preview',
    chainId: ctx.chainId,
    standard: 'eip191',
    kind: 'personal_message',
    digest: m.digest,
    summary: m.text !== null ? 'Sign a text message' : 'Sign unreadable data',
    lines,
    fields: [],
    domain: null,
    message: { text: m.text, hex: m.hex, domains: m.domains },
    approvals: [],
    warnings: sortWarnings(warnings),
    risk: riskOf(warnings),
  };
}

const RANK = { high: 0, medium: 1, low: 2 } as const;

/** Most severe first; otherwise in the order found. */
function sortWarnings(ws: SigningWarning[]): SigningWarning[] {
  return ws
    .map((w, i) => ({ w, i }))
    .sort((a, b) => RANK[a.w.severity] - RANK[b.w.severity] || a.i - b.i)
    .map((x) => x.w);
}
