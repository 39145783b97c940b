/**
 * The warnings a signing preview can carry: a stable `code`, a severity, and the sentence a
 * fintech may show its end user as is (the rendered warning adds the specifics). PURE data.
 * docs/signing-previews.md lists the same table; a test keeps them in step.
 */

export type Severity = 'low' | 'medium' | 'high';
export type Risk = Severity;

export const SIGNING_WARNINGS = {
  approval: {
    severity: 'medium',
    explanation: 'This signature lets another address move tokens from your account without asking you again.',
  },
  unlimited_amount: {
    severity: 'high',
    explanation:
      'The amount is unlimited: the spender could take every token of this kind you hold now or receive later.',
  },
  unknown_spender: {
    severity: 'high',
    explanation: 'The address that would be allowed to spend your tokens is not one this service knows or trusts.',
  },
  lookalike_address: {
    severity: 'high',
    explanation:
      'An address in this request looks like a known address but is a different one: a common trick to steal funds.',
  },
  long_expiry: {
    severity: 'medium',
    explanation: 'This permission stays valid for a long time; a shorter one limits what can go wrong.',
  },
  no_expiry: {
    severity: 'medium',
    explanation: 'This permission never expires: it stays valid until you revoke it.',
  },
  expired: {
    severity: 'low',
    explanation:
      'The deadline of this request has already passed: it would not work, and a trustworthy app would not ask for it.',
  },
  chain_mismatch: {
    severity: 'high',
    explanation: 'This signature is for another network than the one you are using.',
  },
  unknown_verifying_contract: {
    severity: 'medium',
    explanation: 'The contract this signature is meant for is not one this service knows.',
  },
  signer_mismatch: {
    severity: 'medium',
    explanation: 'The account this permission is for is not the account asked to sign it.',
  },
  unrecognised_message: {
    severity: 'medium',
    explanation: 'This is not a kind of message this service recognises: read every field before you sign.',
  },
  blind_signature: {
    severity: 'high',
    explanation:
      'This message is not readable text (it looks like a hash or encoded data): signing it could authorise something you cannot see.',
  },
  origin_mismatch: {
    severity: 'high',
    explanation: 'The message names another website than the one asking you to sign it.',
  },
  hidden_characters: {
    severity: 'medium',
    explanation:
      'The text contains invisible or direction-changing characters that can make it read differently than it is.',
  },
} as const satisfies Record<string, { severity: Severity; explanation: string }>;

export type SigningWarningCode = keyof typeof SIGNING_WARNINGS;

/** One warning of a preview. */
export interface SigningWarning {
  code: SigningWarningCode;
  severity: Severity;
  /** The field it is about (`message.spender`, `domain.chainId`), or null for the whole request. */
  field: string | null;
  /** The specific finding, in one plain sentence. */
  message: string;
  /** The code's general explanation, for an end user. */
  explanation: string;
}

export function warning(code: SigningWarningCode, field: string | null, message: string): SigningWarning {
  const w = SIGNING_WARNINGS[code];
  return { code, severity: w.severity, field, message, explanation: w.explanation };
}

const RANK: Record<Severity, number> = { low: 0, medium: 1, high: 2 };

/** The overall risk: the highest severity among the warnings, `low` without any. */
export function riskOf(warnings: readonly SigningWarning[]): Risk {
  let r: Risk = 'low';
  for (const w of warnings) if (RANK[w.severity] > RANK[r]) r = w.severity;
  return r;
}
