import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { idPattern } from '../lib/ids.ts';
import { pageQuery } from '../lib/pagination.ts';
import { IMPORT_COLUMNS } from './payee-logic.ts';
import {
  payeeIdSchema,
  addressChangeListSchema,
  addressChangeSchema,
  importReportSchema,
  payeeListSchema,
  payeeSchema,
} from './payee-resource.ts';
import type { Payees } from './payees.ts';

const payeeId = payeeIdSchema;
const changeId = z.string().regex(idPattern('pac'), 'an address change id (pac_…)');
const tags = ['payees'];

const addressInput = {
  chainId: z.number().int().positive().describe('A configured chain'),
  asset: z.string().min(1).max(64).describe('A configured asset on that chain: symbol or token address'),
  address: z.string().min(1).max(64).describe('The payout address (checksummed, or all one case)'),
  confirmContract: z
    .boolean()
    .optional()
    .describe('Required (true) when the address has code on that chain: else 422 `payee_contract_unconfirmed`'),
};

const SAFETY =
  'Each address is held until a principal other than the requester’s approves it (`review`) AND its cool-off (`payouts.addressCoolOffSeconds`, from the request) is over; until then runs are answered `address_pending` for it, and the payee’s previous address on that chain and asset stays the one paid. Lookalikes (same first and last 4 hex characters as a payee’s or a known address) are flagged; a contract address needs `confirmContract: true` (422 `payee_contract_unconfirmed`).';

/**
 * The payee book's HTTP surface (docs/payouts.md#payees-and-address-safety): payees and their
 * payout addresses (`payouts:write` to write, `payouts:read` to read), address changes approved or
 * rejected by reviewers (`review`), CSV import.
 */
export function payeeRoutes(deps: { payees: Payees }) {
  const { payees } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/payees',
      {
        config: { scope: 'payouts:write', outcome: 'payee.create' },
        schema: {
          tags,
          summary: 'Create a payee with its payout addresses (each waits for approval and cool-off)',
          description: `\`reference\` is unique (409 \`payee_reference_taken\`); one address per chain and asset. ${SAFETY}`,
          body: z.strictObject({
            name: z.string().trim().min(1).max(200),
            reference: z.string().trim().min(1).max(200).describe('Your own id of the payee (unique)'),
            addresses: z.array(z.strictObject(addressInput)).max(50).default([]),
          }),
          response: { 201: payeeSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await payees.create(req.body, requestActor(req))),
    );
    r.post(
      '/v1/payees/import',
      {
        config: { scope: 'payouts:write', outcome: 'payee.import' },
        schema: {
          tags,
          summary: 'Import payees from CSV (all or nothing)',
          description: `A \`text/csv\` body: a header line naming the columns (${IMPORT_COLUMNS.map((c) => `\`${c}\``).join(', ')}; \`confirmContract\` optional), then one line per payout address; lines with the same \`reference\` are one payee’s addresses. Every line is checked first; any bad line answers 422 \`validation_failed\` with \`errors[]\` naming \`line N.field\` for each problem, and nothing is written. ${SAFETY}`,
          consumes: ['text/csv'],
          body: z.string().min(1).describe('CSV text'),
          response: { 201: importReportSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await payees.import(req.body, requestActor(req))),
    );
    r.get(
      '/v1/payees',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'Payees, newest first, each with its addresses and changes on their way',
          querystring: z.object({
            ...pageQuery(payeeId, { cursor: 'id (pye_…)' }),
            status: z.enum(['active', 'disabled']).optional(),
          }),
          response: { 200: payeeListSchema },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await payees.list({
          limit: req.query.limit,
          startingAfter: req.query.startingAfter,
          status: req.query.status,
        })),
      }),
    );
    r.get(
      '/v1/payees/:id',
      {
        config: { scope: 'payouts:read' },
        schema: { tags, summary: 'One payee', params: z.object({ id: payeeId }), response: { 200: payeeSchema } },
      },
      async (req) => payees.get(req.params.id),
    );
    r.post(
      '/v1/payees/:id/disable',
      {
        config: { scope: 'payouts:write', outcome: 'payee.disable' },
        schema: {
          tags,
          summary: 'Disable a payee: never paid again (runs are answered `payee_disabled`)',
          params: z.object({ id: payeeId }),
          response: { 200: payeeSchema },
        },
      },
      async (req) => payees.disable(req.params.id, requestActor(req)),
    );
    r.get(
      '/v1/payees/:id/address-changes',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'Every address change of a payee, oldest first (history included)',
          params: z.object({ id: payeeId }),
          response: { 200: addressChangeListSchema },
        },
      },
      async (req) => ({ object: 'list' as const, data: await payees.addressChanges(req.params.id), hasMore: false }),
    );
    r.post(
      '/v1/payees/:id/address-changes',
      {
        config: { scope: 'payouts:write', outcome: 'payee_address_change.request' },
        schema: {
          tags,
          summary: 'Request a new payout address for a payee on one chain and asset',
          description: `${SAFETY} One open change per payee, chain and asset (409 \`address_change_open\`); 409 \`payee_disabled\` for a disabled payee.`,
          params: z.object({ id: payeeId }),
          body: z.strictObject(addressInput),
          response: { 201: addressChangeSchema },
        },
      },
      async (req, reply) =>
        reply.code(201).send(await payees.requestChange(req.params.id, req.body, requestActor(req))),
    );
    const decisionParams = z.object({ id: payeeId, changeId });
    r.post(
      '/v1/payees/:id/address-changes/:changeId/approve',
      {
        config: { scope: 'review', outcome: 'payee_address_change.approve' },
        schema: {
          tags,
          summary: 'Approve a payout address change (a principal other than the requester’s)',
          description:
            'It becomes payable at the later of now and the end of its cool-off (`activeFrom`). 403 `self_approval` for the requester’s principal (any of its keys); 422 `payee_flags_unacknowledged` for a flagged change without `acknowledgeFlags: true`; 409 `address_change_closed` once decided.',
          params: decisionParams,
          body: z.strictObject({
            acknowledgeFlags: z.boolean().optional().describe('Required (true) when the change has flags'),
            note: z.string().max(2_000).optional(),
          }),
          response: { 200: addressChangeSchema },
        },
      },
      async (req) =>
        payees.approve(req.params.id, req.params.changeId, requestActor(req), {
          note: req.body.note ?? null,
          acknowledgeFlags: req.body.acknowledgeFlags === true,
        }),
    );
    r.post(
      '/v1/payees/:id/address-changes/:changeId/reject',
      {
        config: { scope: 'review', outcome: 'payee_address_change.reject' },
        schema: {
          tags,
          summary: 'Reject a payout address change (its requester may withdraw it this way)',
          params: decisionParams,
          body: z.strictObject({ note: z.string().max(2_000).optional() }),
          response: { 200: addressChangeSchema },
        },
      },
      async (req) => payees.reject(req.params.id, req.params.changeId, requestActor(req), req.body.note ?? null),
    );
  };
}
