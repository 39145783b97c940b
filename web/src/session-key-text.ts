import { groupDecimal, short } from './format.ts';
import type { SessionKey } from './types.ts';

/**
 * Plain-language words for session keys in the dashboard (pure, unit-tested): what a key may
 * do, in the order an operator checks it (what it may call, what it may pay, when), and its
 * status labels.
 */

export const SESSION_KEY_STATUS_LABEL: Record<SessionKey['status'], string> = {
  pending: 'Pending',
  active: 'Active',
  revoking: 'Revoking',
  revoked: 'Revoked',
  expired: 'Expired',
  failed: 'Failed',
};

const list = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;

/** One sentence per part of the scope: targets and functions, token with recipients and caps, native value, window. */
export function describeScope(scope: SessionKey['scope'], nativeSymbol = 'ETH'): string[] {
  const lines: string[] = [];
  for (const t of scope.targets)
    lines.push(`May call ${list(t.functions.map((f) => f.signature))} on ${short(t.contract, 6)}.`);
  if (scope.token) {
    const { asset, recipients, perOperation, total } = scope.token;
    const to =
      recipients.length === 1
        ? short(recipients[0]!, 6)
        : `any of ${recipients.length} addresses (${recipients.map((r) => short(r, 4)).join(', ')})`;
    lines.push(
      `May send ${asset.symbol} to ${to}: at most ${groupDecimal(perOperation.amount)} ${asset.symbol} per operation and ${groupDecimal(total.amount)} ${asset.symbol} in total.`,
    );
  }
  lines.push(
    scope.valuePerCall.baseUnits === '0'
      ? `Cannot send ${nativeSymbol} with its calls.`
      : `May send up to ${groupDecimal(scope.valuePerCall.amount, 18)} ${nativeSymbol} with each call.`,
  );
  lines.push(
    scope.validFrom
      ? `Valid from ${scope.validFrom.replace('.000Z', 'Z')} until ${scope.validUntil.replace('.000Z', 'Z')}.`
      : `Valid until ${scope.validUntil.replace('.000Z', 'Z')}.`,
  );
  return lines;
}

/** The remaining allowance in words, or why none is shown. */
export function describeAllowance(key: Pick<SessionKey, 'allowance' | 'scope' | 'status'>): string {
  const symbol = key.scope.token?.asset.symbol;
  if (!symbol) return 'No token allowance (calls only).';
  if (!key.allowance)
    return key.status === 'active'
      ? 'Allowance unavailable: the chain could not be read.'
      : 'No allowance: the key is not live.';
  return `${groupDecimal(key.allowance.spent.amount)} ${symbol} spent, ${groupDecimal(key.allowance.remaining.amount)} ${symbol} remaining of ${groupDecimal(key.scope.token!.total.amount)}.`;
}
