import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { idPattern } from '../lib/ids.ts';
import {
  accrualsListSchema,
  creditBodySchema,
  creditSchema,
  listQuerySchema,
  streamBodySchema,
  streamSchema,
} from './accrual-resource.ts';
import type { Accruals } from './accruals.ts';

const streamParams = z.object({ id: z.string().regex(idPattern('str'), 'a stream id (str_…)') });
const tags = ['payouts'];

/**
 * Accruals' HTTP surface (docs/payouts.md): micro-payout credits, streams, and the
 * balances (`payouts:write` to write, `payouts:read` to read).
 */
export function accrualRoutes(deps: { accruals: Accruals }) {
  const { accruals } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.post(
      '/v1/accruals',
      {
        config: { scope: 'payouts:write', outcome: 'accrual.credit' },
        schema: {
          tags,
          summary: 'Credit a micro-payout to a payee: it accrues until paying it is economical',
          description:
            'Adds `amount` to the payee’s balance on the chain and asset. Balances are paid through payout runs once they reach `payouts.micro.feeMultiple` × the estimated fee of paying one recipient, or `payouts.micro.maxIntervalSeconds` after their oldest unpaid credit. `reference` names one credit: sent again with the same payee, chain, asset and amount it answers 200 with the first credit; with anything else 409 `accrual_reference_conflict`.',
          body: creditBodySchema,
          response: { 200: creditSchema, 201: creditSchema },
        },
      },
      async (req, reply) => {
        const r = await accruals.credit(req.body, requestActor(req));
        return reply.code(r.created ? 201 : 200).send(r.credit);
      },
    );
    r.get(
      '/v1/accruals',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'Accrual balances (accrued, reserved in a run, paid) and streams with what they accrued so far',
          querystring: listQuerySchema,
          response: { 200: accrualsListSchema },
        },
      },
      async (req) => accruals.list(req.query),
    );
    r.post(
      '/v1/accruals/streams',
      {
        config: { scope: 'payouts:write', outcome: 'accrual.stream_create' },
        schema: {
          tags,
          summary: 'Start a stream: a rate per second that accrues continuously and is settled on a schedule',
          description:
            'Accrues `ratePerSecond` from `startAt` (to `endAt`, or until stopped), in whole seconds. At each multiple of `payouts.streams.settleIntervalSeconds` what accrued up to that instant — exactly, floored to a base unit; the fraction is carried — moves into the payee’s balance and is paid through a payout run.',
          body: streamBodySchema,
          response: { 201: streamSchema },
        },
      },
      async (req, reply) => reply.code(201).send(await accruals.createStream(req.body, requestActor(req))),
    );
    r.get(
      '/v1/accruals/streams/:id',
      {
        config: { scope: 'payouts:read' },
        schema: {
          tags,
          summary: 'One stream, with what it accrued up to now',
          params: streamParams,
          response: { 200: streamSchema },
        },
      },
      async (req) => accruals.getStream(req.params.id),
    );
    r.post(
      '/v1/accruals/streams/:id/stop',
      {
        config: { scope: 'payouts:write', outcome: 'accrual.stream_stop' },
        schema: {
          tags,
          summary: 'Stop a stream now',
          description:
            'Nothing accrues after now; what accrued before is still settled at the next instant. A stream already stopped or past its end answers 409 `accrual_stream_ended`.',
          params: streamParams,
          body: z.strictObject({}).optional(),
          response: { 200: streamSchema },
        },
      },
      async (req) => accruals.stopStream(req.params.id, requestActor(req)),
    );
  };
}
