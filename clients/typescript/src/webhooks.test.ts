import { Webhook } from 'standardwebhooks';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Schema } from './index.ts';
import { type KeelEvent, KeelWebhookError, verifyWebhook } from './webhooks.ts';

// Secrets in Keel's format: `whsec_` + base64 of 32 bytes.
const secretOf = (byte: number) => `whsec_${btoa(String.fromCharCode(...new Uint8Array(32).fill(byte)))}`;
const SECRET = secretOf(7);
const NEXT_SECRET = secretOf(9);

const event = {
  id: 'evt_01test',
  object: 'event',
  type: 'payment_intent.succeeded',
  timestamp: '2026-12-05T12:00:00.000Z',
  apiVersion: 1,
  createdAt: '2026-12-05T12:00:00.000Z',
  data: { object: { id: 'pi_01test', object: 'payment_intent', status: 'succeeded' } },
};
const body = JSON.stringify(event);

/** The headers Keel sends with a delivery signed by `secrets` (several during a rotation) at `at`. */
function signed(secrets: string[], payload = body, at = new Date()): Record<string, string> {
  const id = event.id;
  const signature = secrets.map((s) => new Webhook(s).sign(id, at, payload)).join(' ');
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signature,
  };
}

describe('verifyWebhook', () => {
  it('accepts a delivery signed with the secret and returns its event', () => {
    const got = verifyWebhook(SECRET, body, signed([SECRET]));
    expect(got).toEqual(event);
  });

  it('reads Fetch Headers and Node-style plain headers (any case, array values)', () => {
    const h = signed([SECRET]);
    expect(verifyWebhook(SECRET, body, new Headers(h)).id).toBe(event.id);
    const node = {
      'Webhook-Id': h['webhook-id'],
      'WEBHOOK-TIMESTAMP': [h['webhook-timestamp']!],
      'webhook-signature': h['webhook-signature'],
      'content-type': undefined,
    };
    expect(verifyWebhook(SECRET, body, node).id).toBe(event.id);
  });

  it('rejects a tampered body, another secret, and missing headers', () => {
    const h = signed([SECRET]);
    expect(() => verifyWebhook(SECRET, body.replace('pi_01test', 'pi_01evil'), h)).toThrow(KeelWebhookError);
    expect(() => verifyWebhook(NEXT_SECRET, body, h)).toThrow(KeelWebhookError);
    expect(() => verifyWebhook(SECRET, body, { 'webhook-id': event.id })).toThrow(KeelWebhookError);
    expect(() => verifyWebhook([], body, h)).toThrow(/no webhook secret/);
  });

  it('rejects a delivery signed too long ago (a replay) or in the future', () => {
    const old = new Date(Date.now() - 10 * 60_000);
    expect(() => verifyWebhook(SECRET, body, signed([SECRET], body, old))).toThrow(KeelWebhookError);
    const future = new Date(Date.now() + 10 * 60_000);
    expect(() => verifyWebhook(SECRET, body, signed([SECRET], body, future))).toThrow(KeelWebhookError);
  });

  it('during a rotation accepts what either secret signed', () => {
    const both = [SECRET, NEXT_SECRET];
    // Keel signs with both secrets while a rotation overlaps; a receiver may know only one of them.
    expect(verifyWebhook(SECRET, body, signed(both)).id).toBe(event.id);
    expect(verifyWebhook(NEXT_SECRET, body, signed(both)).id).toBe(event.id);
    // A receiver that accepts both secrets takes a delivery signed by either one.
    expect(verifyWebhook(both, body, signed([SECRET])).id).toBe(event.id);
    expect(verifyWebhook(both, body, signed([NEXT_SECRET])).id).toBe(event.id);
    const stranger = secretOf(1);
    expect(() => verifyWebhook(both, body, signed([stranger]))).toThrow(KeelWebhookError);
  });

  it('rejects a correctly signed body that is not an event', () => {
    const notEvent = JSON.stringify({ hello: 'world' });
    expect(() => verifyWebhook(SECRET, notEvent, signed([SECRET], notEvent))).toThrow(/not a Keel event/);
  });

  it('narrows event.data.object by event.type', () => {
    const e = verifyWebhook(SECRET, body, signed([SECRET]));
    expectTypeOf(e).toEqualTypeOf<KeelEvent>();
    if (e.type === 'payment_intent.succeeded') {
      expectTypeOf(e.data.object).toEqualTypeOf<Schema<'PaymentIntent'>>();
    }
    if (e.type === 'transaction.confirmed') {
      expectTypeOf(e.data.object).toEqualTypeOf<Schema<'TransactionResource'>>();
    }
    expectTypeOf<Extract<KeelEvent, { type: 'payment_intent.succeeded' }>['data']['object']>().toEqualTypeOf<
      Schema<'PaymentIntent'>
    >();
  });
});
