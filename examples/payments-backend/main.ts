/**
 * A payments backend on Keel, small enough to read in one sitting (README.md beside it):
 *
 *  1. registers its webhook endpoint with Keel and keeps the signing secret it gets back;
 *  2. creates a payment intent for an order and prints where the customer pays;
 *  3. when Keel's `payment_intent.succeeded` webhook arrives (verified, deduplicated), pays out
 *     through `POST /v1/transactions` — once, even if the webhook comes twice or the call is retried;
 *  4. reports the payout's outcome from the `transaction.*` webhooks.
 *
 * Run: KEEL_API_KEY=… PAYOUT_ADDRESS=0x… node --conditions=keel-source --import tsx examples/payments-backend/main.ts
 */
import { createKeelClient, type KeelEvent, KeelApiError, type Schema, unwrap } from '@keel/client';
import { readSettings } from './config.ts';
import { startWebhookReceiver } from './webhook-receiver.ts';

type Transaction = Schema<'TransactionResource'>;

/** A payout's final states: Keel sends one of these events last for each transaction. */
const FINAL_TRANSACTION_EVENTS = [
  'transaction.confirmed',
  'transaction.reverted',
  'transaction.failed',
  'transaction.rejected',
  'transaction.expired',
  'transaction.cancelled',
] as const;

const log = (line: string) => console.log(`[payments-backend] ${line}`);

async function main(): Promise<void> {
  const settings = readSettings();
  const keel = createKeelClient({ baseUrl: settings.keelUrl, apiKey: settings.apiKey });
  /** Payouts sent, by transaction id → the payment intent they pay out for. */
  const payouts = new Map<string, string>();
  let endpointId: string | undefined;

  const shutdown = async (code: number) => {
    // The endpoint is this process's: remove it so Keel stops delivering to a closed port.
    if (endpointId) {
      await keel
        .DELETE('/v1/webhook-endpoints/{id}', { params: { path: { id: endpointId } } })
        .catch((e: unknown) => log(`could not remove webhook endpoint ${endpointId}: ${String(e)}`));
    }
    await receiver.close();
    process.exit(code);
  };

  /** What this backend does on each verified event (each event id once). */
  async function onEvent(event: KeelEvent): Promise<void> {
    if (event.type === 'payment_intent.succeeded') {
      const intent = event.data.object; // typed: Schema<'PaymentIntent'>
      log(`payment intent ${intent.id} succeeded: received ${intent.amountReceived.amount} ${intent.asset.symbol}`);
      const tx = await payOut(intent.id);
      payouts.set(tx.id, intent.id);
      log(
        `payout ${tx.id} created for ${intent.id}: ${settings.payoutAmount} ${settings.asset} to ${settings.payoutAddress} (${tx.status})`,
      );
      return;
    }
    if ((FINAL_TRANSACTION_EVENTS as readonly string[]).includes(event.type)) {
      const tx = event.data.object as Transaction;
      if (!payouts.has(tx.id)) return; // another integration's transaction
      log(`payout ${tx.id} ${tx.status}${tx.hash ? ` (${tx.hash})` : ''}`);
      if (settings.exitWhenDone) await shutdown(tx.status === 'confirmed' ? 0 : 1);
    }
  }

  /**
   * Sends the payout for one paid intent. The Idempotency-Key is derived from the intent, so the
   * payout is created once even when this runs twice (a webhook redelivered after a restart, a
   * retried request): Keel answers a repeated key with the first transaction.
   */
  async function payOut(intentId: string): Promise<Transaction> {
    return unwrap(
      keel.POST('/v1/transactions', {
        params: { header: { 'Idempotency-Key': `payout-${intentId}` } },
        body: {
          kind: 'transfer',
          chainId: settings.chainId,
          signer: settings.payoutSigner,
          to: settings.payoutAddress,
          asset: settings.asset,
          amount: settings.payoutAmount,
          userId: `order-${intentId}`,
          metadata: { paymentIntent: intentId },
        },
      }),
    );
  }

  // 1. The webhook receiver, then its registration with Keel (the secret is only shown now).
  const path = '/keel/webhooks';
  const receiver = await startWebhookReceiver({ host: settings.host, port: settings.port, path, onEvent, log });
  const url = settings.publicUrl ?? `http://${settings.host}:${receiver.port}${path}`;
  const endpoint = await unwrap(
    keel.POST('/v1/webhook-endpoints', {
      body: {
        url,
        eventTypes: ['payment_intent.succeeded', ...FINAL_TRANSACTION_EVENTS],
        description: 'examples/payments-backend',
      },
    }),
  );
  endpointId = endpoint.id;
  receiver.secrets = [endpoint.secret];
  log(`webhook endpoint ${endpoint.id} registered: ${url}`);
  process.once('SIGINT', () => void shutdown(130));
  process.once('SIGTERM', () => void shutdown(143));

  // 2. An order to pay.
  const intent = await unwrap(
    keel.POST('/v1/payment-intents', {
      body: {
        amount: settings.orderAmount,
        asset: settings.asset,
        chains: [settings.chainId],
        customerReference: `example-${Date.now()}`,
        description: 'Order from examples/payments-backend',
      },
    }),
  );
  log(
    `payment intent ${intent.id} created: pay ${intent.amount.amount} ${intent.asset.symbol} to ${intent.depositAddress} on chain ${settings.chainId}`,
  );
  log('waiting for the payment (Ctrl-C to stop)');
}

main().catch((e: unknown) => {
  if (e instanceof KeelApiError) {
    console.error(`[payments-backend] Keel answered ${e.status} ${e.code}: ${e.message}`);
    for (const f of e.fieldErrors) console.error(`  ${f.field}: ${f.message}`);
    if (e.requestId) console.error(`  request id ${e.requestId}`);
  } else console.error(`[payments-backend] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
