import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_CODES, isErrorCode } from '../lib/error-catalogue.ts';
import { KeelError, NotFoundError, UpstreamError } from '../lib/errors.ts';
import { useProblems } from './problem.ts';

describe('problem+json answers', () => {
  const app = Fastify({ bodyLimit: 64 });
  beforeAll(async () => {
    useProblems(app);
    app.get('/missing', async () => {
      throw new NotFoundError('no such thing');
    });
    app.get('/upstream', async () => {
      throw new UpstreamError('chain_unavailable', 'chain 1 could not be read', { userMessage: 'Specific.' });
    });
    app.get('/uncatalogued', async () => {
      throw new KeelError('made_up_code' as never, 'a code from nowhere');
    });
    app.get('/bug', async () => {
      throw new Error('a plain bug');
    });
    app.post('/echo', async (req) => req.body);
    await app.ready();
  });
  afterAll(() => app.close());

  it('carry a catalogued code with its catalogued status, whatever failed', async () => {
    const json = { 'content-type': 'application/json' };
    const answers = [
      await app.inject({ method: 'GET', url: '/missing' }),
      await app.inject({ method: 'GET', url: '/upstream' }),
      await app.inject({ method: 'GET', url: '/uncatalogued' }),
      await app.inject({ method: 'GET', url: '/bug' }),
      await app.inject({ method: 'GET', url: '/no-route' }),
      await app.inject({
        method: 'POST',
        url: '/echo',
        headers: json,
        payload: JSON.stringify({ a: 'x'.repeat(100) }),
      }),
      await app.inject({ method: 'POST', url: '/echo', headers: json, payload: '{' }),
      await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/x-unknown' }, payload: 'x' }),
    ];
    const codes = answers.map((r) => {
      const p = r.json() as { code: string; status: number; userMessage: string };
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(isErrorCode(p.code), `${p.code} is catalogued`).toBe(true);
      expect(r.statusCode, p.code).toBe(ERROR_CODES[p.code as keyof typeof ERROR_CODES].status);
      expect(p.status).toBe(r.statusCode);
      return p.code;
    });
    expect(codes).toEqual([
      'not_found',
      'chain_unavailable',
      'internal_error',
      'internal_error',
      'not_found',
      'payload_too_large',
      'bad_request',
      'unsupported_media_type',
    ]);
    expect(answers[1]!.json()).toMatchObject({ userMessage: 'Specific.' });
    expect(answers[0]!.json()).toMatchObject({ userMessage: ERROR_CODES.not_found.userMessage });
  });
});
