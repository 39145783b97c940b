import type { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requestActor } from '../auth/actor.ts';
import { publicRateLimit } from '../auth/rate-limit.ts';
import type { Config } from '../config/schema.ts';
import { KeelError, NotFoundError, ValidationError } from '../lib/errors.ts';
import { idPattern } from '../lib/ids.ts';
import { pageQuery } from '../lib/pagination.ts';
import { attestationListSchema, attestationSchema, publicAttestationSchema, snapshotSchema } from './resource.ts';
import type { Attestations } from './service.ts';

const tags = ['attestations'];
const STREAM = Symbol('stream');

/**
 * A snapshot upload's body as the route receives it: the request stream (under a symbol, so the
 * input guard and the idempotency hash see only the plain members: format and declared length).
 */
class StreamedBody {
  readonly format: 'csv' | 'json';
  readonly contentLength: string | null;
  readonly [STREAM]: Readable;
  constructor(format: 'csv' | 'json', stream: Readable, contentLength: string | undefined) {
    this.format = format;
    this.contentLength = contentLength ?? null;
    this[STREAM] = stream;
  }
  /**
   * The body's chunks. Leaving the loop early (a rejected upload) does not destroy the request:
   * that would reset the connection before the client reads the 4xx; see `discardRest`.
   */
  stream(): AsyncIterable<Buffer> {
    return this[STREAM].iterator({ destroyOnReturn: false });
  }
  /** Reads and drops what is left of the body, so the answer reaches the client on a live connection. */
  discardRest(): void {
    this[STREAM].resume();
  }
}
const snapshotId = z.string().regex(/^lsn_[0-9a-z]+$/, 'a liability snapshot id (lsn_…)');
const attestationId = z.string().regex(/^att_[0-9a-z]+$/, 'an attestation id (att_…)');
const ATT_ID_RE = idPattern('att');

const rowSchema = z.object({ userId: z.string(), asset: z.string(), balance: z.string() });
const jsonSnapshotBody = z.strictObject({
  asOf: z.string().describe('When the balances held (ISO 8601)'),
  rows: z.array(rowSchema).describe('One row per user and asset'),
});

// The proof format is the verifier's (clients/verify/proof.schema.json); documented there.
const proofSchema = z.looseObject({ version: z.literal(2), snapshotId: z.string() }).meta({ id: 'LiabilityProof' });

/**
 * Proof of reserves over HTTP (docs/proof-of-reserves.md): liability snapshots (JSON or CSV) and
 * their proofs, attestation drafts, reserve signatures, publishing (`attestations:write`;
 * reading needs `attestations:read`), and the public read of a published attestation (no key,
 * limited per IP).
 */
export function attestationRoutes(deps: { attestations: Attestations; config: Config }) {
  const { attestations, config } = deps;
  return (app: FastifyInstance) => {
    const r = app.withTypeProvider<ZodTypeProvider>();
    // The upload streams: in this route's own scope, JSON and CSV bodies reach the handler as
    // the request stream (each row checked as it arrives, snapshot-stream.ts), not as text.
    app.register(async (scope) => {
      scope.removeContentTypeParser(['application/json', 'text/csv']);
      scope.addContentTypeParser(['application/json', 'text/csv'], (req, payload, done) => {
        const format = req.headers['content-type']?.toLowerCase().includes('csv') ? 'csv' : 'json';
        done(null, new StreamedBody(format, payload, req.headers['content-length']));
      });
      scope.withTypeProvider<ZodTypeProvider>().post(
        '/v1/liability-snapshots',
        {
          config: { scope: 'attestations:write', outcome: 'liability_snapshot.create' },
          // The body schema documents the two formats; the rows are checked while streaming.
          validatorCompiler: (ctx) =>
            ctx.httpPart === 'body' ? (data) => ({ value: data }) : validatorCompiler(ctx as never),
          schema: {
            tags,
            summary: 'Upload a liability snapshot: what each user is owed per asset at one time',
            description:
              'JSON (`{ asOf, rows: [{ userId, asset, balance }] }`) or CSV (`Content-Type: text/csv`, header `user_id,asset,balance`, `asOf` in the query), streamed: rows are checked as they arrive, so uploads of millions of rows take memory for the checked snapshot only. Every row is checked; any bad row rejects the whole snapshot with 422 `snapshot_invalid` whose `errors[]` name each line and field (negative balance, unknown asset, duplicate user and asset, more decimals than the asset has, bad user id; at most 1,000 listed, `errorCount` the total) and nothing is stored. Otherwise each user gets a 32-byte random salt, the leaves are shuffled, the Merkle sum tree is built and the snapshot is stored with its leaves. Limits: `attestations.maxSnapshotRows` rows, `attestations.maxUploadBytes` bytes (413 `payload_too_large`).',
            querystring: z.object({ asOf: z.string().optional().describe('CSV uploads: when the balances held') }),
            body: z.union([jsonSnapshotBody, z.string().describe('CSV text')]),
            response: { 201: snapshotSchema },
          },
        },
        async (req, reply) => {
          const a = requestActor(req);
          const body = req.body as unknown;
          if (!(body instanceof StreamedBody))
            throw new ValidationError('the body is JSON or CSV', [
              { field: 'body', code: 'required', message: 'Content-Type application/json or text/csv' },
            ]);
          if (body.format === 'csv' && !req.query.asOf)
            throw new ValidationError('a CSV upload names asOf in the query', [
              { field: 'querystring.asOf', code: 'required', message: 'when the balances held (ISO 8601)' },
            ]);
          const max = config.attestations.maxUploadBytes;
          if (Number(body.contentLength ?? 0) > max)
            throw new KeelError(
              'payload_too_large',
              `the upload is larger than ${max} bytes (attestations.maxUploadBytes)`,
            );
          let created: Awaited<ReturnType<Attestations['createSnapshotFromUpload']>>;
          try {
            created = await attestations.createSnapshotFromUpload(
              { format: body.format, body: body.stream(), asOf: req.query.asOf },
              { apiKeyId: a.keyId, principalId: a.principalId },
              'liability_snapshot.create',
            );
          } catch (error) {
            body.discardRest();
            throw error;
          }
          return reply.code(201).send(created);
        },
      );
    });
    r.get(
      '/v1/liability-snapshots/:id',
      {
        config: { scope: 'attestations:read' },
        schema: {
          tags,
          summary: 'One liability snapshot: root, totals per asset, leaf count',
          params: z.object({ id: snapshotId }),
          response: { 200: snapshotSchema },
        },
      },
      async (req) => attestations.getSnapshot(req.params.id),
    );
    r.get(
      '/v1/liability-snapshots/:id/proofs/:userId',
      {
        config: { scope: 'attestations:read' },
        schema: {
          tags,
          summary: 'A user’s inclusion proof, for the fintech to hand to that user',
          description:
            'The proof JSON (clients/verify/proof.schema.json): the user’s leaf with its salt and balances, the sibling hashes and sums up to the root, and `attestationId`, the latest published attestation over the snapshot, once there is one (the /proof page checks the root against it and its on-chain record). Give it to that user only: the salt is what keeps the leaf private. 404 `proof_not_found` when the user is not in the snapshot.',
          params: z.object({ id: snapshotId, userId: z.string().min(1).max(128) }),
          response: { 200: proofSchema },
        },
      },
      async (req) =>
        (await attestations.proof(req.params.id, req.params.userId)) as unknown as z.infer<typeof proofSchema>,
    );
    r.post(
      '/v1/attestations',
      {
        config: { scope: 'attestations:write', outcome: 'attestation.create' },
        schema: {
          tags,
          summary: 'Draft an attestation from a liability snapshot and reserves read at one block per chain',
          description:
            'Reads reserves on each chain (default: every configured chain, at its latest block minus its confirmations): every Keel account’s balance of each configured asset and its ERC-4626 positions valued with `convertToAssets` at that block, plus the optional extra reserve addresses. Answers the draft with the digest of its content and the EIP-191 message every reserve address signs; Keel’s own addresses have signed already (an address whose signer could not sign shows `signed: false`).',
          body: z.strictObject({
            snapshotId,
            chains: z
              .array(z.strictObject({ chainId: z.number().int().positive(), blockNumber: z.string().optional() }))
              .min(1)
              .max(32)
              .optional(),
            extraReserves: z
              .array(z.strictObject({ chainId: z.number().int().positive(), address: z.string() }))
              .max(100)
              .optional(),
          }),
          response: { 201: attestationSchema },
        },
      },
      async (req, reply) => {
        const a = requestActor(req);
        return reply
          .code(201)
          .send(
            await attestations.createDraft(
              req.body,
              { apiKeyId: a.keyId, principalId: a.principalId },
              'attestation.create',
            ),
          );
      },
    );
    r.get(
      '/v1/attestations',
      {
        config: { scope: 'attestations:read' },
        schema: {
          tags,
          summary: 'Attestations, newest first',
          querystring: z.object(pageQuery(attestationId, { cursor: 'id (att_…)' })),
          response: { 200: attestationListSchema },
        },
      },
      async (req) => ({
        object: 'list' as const,
        ...(await attestations.list({
          limit: req.query.limit,
          ...(req.query.startingAfter ? { startingAfter: req.query.startingAfter } : {}),
        })),
      }),
    );
    r.get(
      '/v1/attestations/:id',
      {
        config: { scope: 'attestations:read' },
        schema: {
          tags,
          summary: 'One attestation',
          params: z.object({ id: attestationId }),
          response: { 200: attestationSchema },
        },
      },
      async (req) => attestations.get(req.params.id),
    );
    r.post(
      '/v1/attestations/:id/signatures',
      {
        config: { scope: 'attestations:write', outcome: 'attestation.sign' },
        schema: {
          tags,
          summary: 'Add an external reserve address’s signature of the attestation message',
          description:
            'The signature must be the EIP-191 (`personal_sign`) signature of the draft’s `message` by `address`, one of the attestation’s reserve addresses: checked by recovery, 422 `reserve_signature_invalid` otherwise. 409 `attestation_not_draft` once published.',
          params: z.object({ id: attestationId }),
          body: z.strictObject({ address: z.string(), signature: z.string() }),
          response: { 200: attestationSchema },
        },
      },
      async (req) => attestations.addSignature(req.params.id, req.body, 'attestation.sign'),
    );
    r.post(
      '/v1/attestations/:id/publish',
      {
        config: { scope: 'attestations:write', outcome: 'attestation.publish' },
        schema: {
          tags,
          summary: 'Publish a fully signed attestation: Keel’s attestation signer signs it, the registry records it',
          description:
            'Every reserve address must have signed (409 `attestation_unsigned` lists those missing); every signature is checked again. Keel’s attestation signer signs the message, the attestation is published (event `attestation.published`) and, with `attestations.registry` configured, its root, totals and digest are sent to the registry contract through the write path (intent kind `attestation`); `registry.status` turns `recorded` when that transaction is final.',
          params: z.object({ id: attestationId }),
          body: z.strictObject({}).optional(),
          response: { 200: attestationSchema },
        },
      },
      async (req) => {
        const a = requestActor(req);
        return attestations.publish(
          req.params.id,
          { apiKeyId: a.keyId, principalId: a.principalId },
          'attestation.publish',
        );
      },
    );
    r.get(
      '/v1/public/attestations/:id',
      {
        config: { public: true, rateLimit: publicRateLimit(config, 'attestations') },
        schema: {
          tags,
          summary: 'A published attestation, as anyone may read and verify it (no API key)',
          description:
            'Public and rate limited per client IP. Only published attestations; a draft, a malformed or an unknown id answer the same 404.',
          security: [],
          params: z.object({ id: z.string().describe('att_…') }),
          response: { 200: publicAttestationSchema },
        },
      },
      async (req) => {
        if (!ATT_ID_RE.test(req.params.id)) throw new NotFoundError('no such published attestation');
        return attestations.publicView(req.params.id);
      },
    );
  };
}
