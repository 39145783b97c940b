import { z } from 'zod';
import { dbJson } from '../db/json.ts';
import { idPattern } from '../lib/ids.ts';
import { addressStates, type AddressState, type PayeeAddressFlag } from './payee-logic.ts';
import type { AddressChangeRow, PayeeRow } from './payee-store.ts';

/** The payee book's API shapes (zod, for the OpenAPI document) and the mapping from rows. */

/** A payee id as the payee book makes them (`pye_` and a ULID): what every payouts route accepts. */
export const payeeIdSchema = z.string().regex(idPattern('pye'), 'a payee id (pye_…)');

const principalRef = z.object({ id: z.string(), name: z.string() });
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const flagSchema = z
  .discriminatedUnion('kind', [
    z.object({
      kind: z.literal('lookalike'),
      of: z.string().describe('The address this one looks like (same leading and trailing characters)'),
      source: z
        .enum(['payee', 'known'])
        .describe('`payee`: a payee’s address; `known`: an address Keel knows (paid, its own, configured)'),
      payeeId: z.string().nullable(),
    }),
    z.object({ kind: z.literal('contract') }),
  ])
  .meta({ id: 'PayeeAddressFlag' });

export const addressChangeSchema = z
  .object({
    object: z.literal('payee_address_change'),
    id: z.string(),
    payeeId: z.string(),
    chainId: z.number().int(),
    asset: z.object({ symbol: z.string(), address: z.string() }),
    address: z.string(),
    state: z
      .enum(['pending_approval', 'cooling_off', 'active', 'superseded', 'rejected'])
      .describe(
        '`pending_approval`: waits for a second principal; `cooling_off`: approved, payable from `activeFrom`; `active`: the address paid now; `superseded`: a newer address is active; `rejected`',
      ),
    flags: z
      .array(flagSchema)
      .describe('Why an approver should look twice; approving a flagged change needs `acknowledgeFlags`'),
    isContract: z.boolean().describe('The address has code on its chain (entered with `confirmContract`)'),
    requestedBy: z.object({ apiKeyId: z.string(), principal: principalRef }),
    requestedAt: z.string(),
    coolOffUntil: z.string(),
    decision: z
      .object({
        decision: z.enum(['approve', 'reject']),
        apiKeyId: z.string(),
        principal: principalRef,
        note: z.string().nullable(),
        decidedAt: z.string(),
      })
      .nullable(),
    activeFrom: z
      .string()
      .nullable()
      .describe('When the address became (or becomes) payable: the later of approval and cool-off end'),
  })
  .meta({ id: 'PayeeAddressChange' });

export const payeeSchema = z
  .object({
    object: z.literal('payee'),
    id: z.string(),
    name: z.string(),
    reference: z.string(),
    status: z.enum(['active', 'disabled']),
    verification: z
      .enum(['verified', 'pending', 'none'])
      .describe(
        '`verified`: every address entered is active; `pending`: some wait for approval or cool-off; `none`: no address',
      ),
    addresses: z
      .array(addressChangeSchema)
      .describe(
        'Per chain and asset: the active address and any change on its way (superseded and rejected ones: GET …/address-changes)',
      ),
    createdAt: z.string(),
    disabledAt: z.string().nullable(),
  })
  .meta({ id: 'Payee' });

export const payeeListSchema = z
  .object({ object: z.literal('list'), data: z.array(payeeSchema), hasMore: z.boolean() })
  .meta({ id: 'PayeeList' });

export const addressChangeListSchema = z
  .object({ object: z.literal('list'), data: z.array(addressChangeSchema), hasMore: z.boolean() })
  .meta({ id: 'PayeeAddressChangeList' });

export const importReportSchema = z
  .object({
    object: z.literal('payee_import'),
    created: z.number().int().describe('Payees created'),
    lines: z.array(
      z.object({
        line: z.number().int(),
        reference: z.string(),
        payeeId: z.string(),
        addressChangeId: z.string(),
        flags: z.array(flagSchema),
      }),
    ),
    payees: z.array(payeeSchema),
  })
  .meta({ id: 'PayeeImport' });

export type AddressChangeResource = z.output<typeof addressChangeSchema>;
export type PayeeResource = z.output<typeof payeeSchema>;

/** The resource of each change of one payee, states computed over all of them at `now`. */
export function addressChangeResources(
  rows: readonly AddressChangeRow[],
  names: ReadonlyMap<string, string>,
  now: Date,
): AddressChangeResource[] {
  const facts = rows.map((r) => ({
    id: r.id,
    key: `${r.chain_id}:${r.asset_address.toLowerCase()}`,
    status: r.status,
    requestedByPrincipal: r.requested_by_principal,
    coolOffUntil: new Date(r.cool_off_until),
    activeFrom: r.active_from ? new Date(r.active_from) : null,
  }));
  const states = new Map<string, AddressState>();
  for (const key of new Set(facts.map((f) => f.key)))
    for (const [id, s] of addressStates(
      facts.filter((f) => f.key === key),
      now,
    ))
      states.set(id, s);
  const ref = (id: string) => ({ id, name: names.get(id) ?? id });
  return rows.map((r) => ({
    object: 'payee_address_change' as const,
    id: r.id,
    payeeId: r.payee_id,
    chainId: r.chain_id,
    asset: { symbol: r.asset_symbol, address: r.asset_address },
    address: r.address,
    state: states.get(r.id)!,
    flags: dbJson<PayeeAddressFlag[]>(r.flags),
    isContract: r.is_contract,
    requestedBy: { apiKeyId: r.requested_by, principal: ref(r.requested_by_principal) },
    requestedAt: iso(r.requested_at)!,
    coolOffUntil: iso(r.cool_off_until)!,
    decision:
      r.status === 'pending' || !r.decided_by_principal
        ? null
        : {
            decision: r.status === 'approved' ? ('approve' as const) : ('reject' as const),
            apiKeyId: r.decided_by ?? 'system',
            principal: ref(r.decided_by_principal),
            note: r.decision_note,
            decidedAt: iso(r.decided_at)!,
          },
    activeFrom: iso(r.active_from),
  }));
}

/** A payee with its current addresses and changes on their way. */
export function payeeResource(row: PayeeRow, changes: readonly AddressChangeResource[]): PayeeResource {
  const addresses = changes.filter((c) => c.state !== 'superseded' && c.state !== 'rejected');
  return {
    object: 'payee',
    id: row.id,
    name: row.name,
    reference: row.reference,
    status: row.status,
    verification:
      addresses.length === 0 ? 'none' : addresses.every((a) => a.state === 'active') ? 'verified' : 'pending',
    addresses,
    createdAt: iso(row.created_at)!,
    disabledAt: iso(row.disabled_at),
  };
}
