import { sql, type Kysely, type Transaction } from 'kysely';
import { getAddress, type Address } from 'viem';
import type { DB } from '../db/schema.ts';
import type { PayableAnswer, PayableResolver } from './ports.ts';

/**
 * INTERIM, until the payee book (payees.ts, `Payees`) is merged: a `PayableResolver` that reads
 * `payout_interim_payees (payee_id, chain_id, address)` when that table exists (the int tests
 * create it) and answers `unknown_payee` otherwise. It exists so payout runs can be tested
 * through a whole Keel process before the payee book lands; module.ts wires `Payees` instead.
 */
export class InterimPayables implements PayableResolver {
  constructor(private readonly db: Kysely<DB>) {}

  async payable(
    payeeIds: readonly string[],
    chainId: number,
    _asset: Address,
    trx?: Transaction<DB>,
  ): Promise<Map<string, PayableAnswer>> {
    const out = new Map<string, PayableAnswer>(payeeIds.map((id) => [id, { ok: false, reason: 'unknown_payee' }]));
    if (!payeeIds.length) return out;
    const db = trx ?? this.db;
    const exists = await sql<{ t: string | null }>`select to_regclass('payout_interim_payees')::text as t`.execute(db);
    if (!exists.rows[0]?.t) return out;
    const rows = await sql<{ payee_id: string; address: string | null }>`
      select payee_id, address from payout_interim_payees
      where chain_id = ${chainId} and payee_id in (${sql.join(payeeIds)})`.execute(db);
    for (const r of rows.rows)
      out.set(
        r.payee_id,
        r.address ? { ok: true, address: getAddress(r.address) } : { ok: false, reason: 'no_address' },
      );
    return out;
  }
}
