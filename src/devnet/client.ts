import {
  BaseError,
  createTestClient,
  http,
  publicActions,
  walletActions,
  type Address,
  type Hex,
  type TransactionReceipt,
} from 'viem';
import { PermanentError } from '../lib/errors.ts';

/**
 * A viem client for anvil dev chains only: public reads, anvil cheat codes and
 * `eth_sendTransaction` from unlocked dev accounts. Production code goes through src/chain.
 */
export function devClient(rpcUrl: string) {
  return createTestClient({
    mode: 'anvil',
    transport: http(rpcUrl, { retryCount: 2, timeout: 30_000 }),
    pollingInterval: 50,
  })
    .extend(publicActions)
    .extend(walletActions);
}

export type DevClient = ReturnType<typeof devClient>;

/** Calls an RPC method viem's schema does not list (anvil extras). */
export function rawRequest<T>(client: DevClient, method: string, params: unknown[] = []): Promise<T> {
  const request = client.request as unknown as (args: { method: string; params: unknown[] }) => Promise<T>;
  return request({ method, params });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function reason(err: unknown): string {
  if (err instanceof BaseError) return err.shortMessage;
  return err instanceof Error ? err.message : String(err);
}

export interface DevTx {
  /** Human step name used in errors, e.g. `deploy tUSD`. */
  label: string;
  from: Address;
  to: Address;
  data: Hex;
  value?: bigint;
}

/**
 * Sends one transaction from an unlocked dev account and waits for its receipt, failing
 * with the step's label when it reverts. Gas is estimated by anvil after the previous step
 * is mined, so dependent steps can follow each other without hand-set gas limits.
 */
export async function sendDevTx(client: DevClient, tx: DevTx): Promise<TransactionReceipt> {
  let hash: Hex;
  try {
    hash = await client.sendTransaction({
      account: tx.from,
      to: tx.to,
      data: tx.data,
      ...(tx.value ? { value: tx.value } : {}),
      chain: null,
    });
  } catch (err) {
    throw new PermanentError('devnet_tx_failed', `dev chain step "${tx.label}" was rejected: ${reason(err)}`, {
      cause: err,
    });
  }
  const deadline = Date.now() + 30_000;
  for (let wait = 2; ; wait = Math.min(wait * 2, 100)) {
    const receipt = await client.getTransactionReceipt({ hash }).catch(() => undefined);
    if (receipt) {
      if (receipt.status !== 'success') {
        throw new PermanentError('devnet_tx_failed', `dev chain step "${tx.label}" reverted (tx ${hash})`);
      }
      return receipt;
    }
    if (Date.now() > deadline)
      throw new PermanentError(
        'devnet_tx_failed',
        `dev chain step "${tx.label}" was not mined within 30 s (tx ${hash})`,
      );
    await sleep(wait);
  }
}
