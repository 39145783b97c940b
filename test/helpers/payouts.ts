import { randomBytes } from 'node:crypto';
import { generatePrivateKey, privateKeyToAccount } from 'viem/accounts';
import type { Address } from 'viem';
import { apiCaller } from './treasury.ts';

/**
 * Payees a payout run may pay, made the way an operator makes them (docs/payouts.md): created
 * through `POST /v1/payees` with one address each, every address change approved by ANOTHER
 * principal holding `review`. With `payouts.addressCoolOffSeconds: 0` in the test's config the
 * addresses are payable as soon as they are approved. Addresses are fresh (never held a token).
 */
export async function createPayablePayees(opts: {
  /** The running Keel's base URL. */
  url: string;
  /** A token with `payouts:write` (the requester). */
  writer: string;
  /** A token with `review` of a principal other than `writer`'s. */
  reviewer: string;
  chainId: number;
  n: number;
  /** Asset symbol or address (default tUSD). */
  asset?: string;
  /** Name prefix, for readable references. */
  prefix?: string;
}): Promise<Array<{ id: string; address: Address }>> {
  const call = apiCaller(opts.url);
  const tag = `${opts.prefix ?? 'payee'}-${randomBytes(4).toString('hex')}`;
  const out: Array<{ id: string; address: Address }> = [];
  for (let i = 0; i < opts.n; i++) {
    const address = privateKeyToAccount(generatePrivateKey()).address;
    const created = await call('POST', '/v1/payees', opts.writer, {
      name: `${tag} ${i}`,
      reference: `${tag}-${i}`,
      addresses: [{ chainId: opts.chainId, asset: opts.asset ?? 'tUSD', address }],
    });
    if (created.status !== 201) throw new Error(`payee not created: ${JSON.stringify(created.body)}`);
    const id: string = created.body.id;
    for (const change of created.body.addresses as Array<{ id: string; flags: unknown[] }>) {
      const ok = await call('POST', `/v1/payees/${id}/address-changes/${change.id}/approve`, opts.reviewer, {
        note: 'test: checked',
        // A lookalike of another random address is possible, if rare: acknowledged as a person would.
        acknowledgeFlags: change.flags.length > 0,
      });
      if (ok.status !== 200) throw new Error(`address change not approved: ${JSON.stringify(ok.body)}`);
    }
    out.push({ id, address });
  }
  return out;
}
