import { bumpFees } from './fees.ts';
import { fillNonceGap, findNonceGaps, skipNonce } from './nonces.ts';
import { nonceAccounts } from './nonces-store.ts';
import type { WorkerContext } from './worker-context.ts';

/**
 * The periodic nonce check: for each signer account Keel has used, finds nonces allocated but
 * never mined (a crash between allocation and send, a refused broadcast) and heals them — a
 * nonce the chain already passed is skipped, a hole below pending transactions is filled with
 * a 0-value self-transfer so the transactions above it can be mined.
 */
export async function healNonceGaps(ctx: WorkerContext): Promise<void> {
  const { db, log, stats } = ctx;
  for (const acc of await nonceAccounts(db)) {
    const h = ctx.chains.get(acc.chainId);
    const signer = ctx.signers.byAddress(acc.address);
    if (!h || !signer) continue;
    const mined = await h.client.getTransactionCount({ address: signer.address, blockTag: 'latest' });
    const gaps = await findNonceGaps(db, h.chainId, signer.address, mined, { minAgeMs: ctx.cfg.leaseMs * 2 });
    for (const gap of gaps) {
      const owner = gap.ref
        ? await db.selectFrom('transactions').select('status').where('id', '=', gap.ref).executeTakeFirst()
        : undefined;
      // A signed transaction still holds its nonce: its broadcast step sends it.
      if (owner?.status === 'signed') continue;
      if (gap.kind === 'passed') {
        await db
          .transaction()
          .execute((trx) => skipNonce(trx, { chainId: h.chainId, address: signer.address, nonce: gap.nonce }));
        log.warn({ chainId: h.chainId, signer: signer.name, nonce: gap.nonce }, 'nonce used outside Keel: skipped');
        continue;
      }
      const fees = bumpFees(
        await ctx.pipeline.fees.get(h.chainId),
        { maxFeePerGas: 0n, maxPriorityFeePerGas: 0n },
        12.5,
      );
      const hash = await fillNonceGap(
        {
          db,
          signer,
          chainId: h.chainId,
          fees,
          sendRawTransaction: (raw) => h.client.sendRawTransaction({ serializedTransaction: raw }),
        },
        gap,
      );
      stats.gapsHealed++;
      log.warn(
        { chainId: h.chainId, signer: signer.name, nonce: gap.nonce, hash, was: gap.status },
        'nonce gap healed with a 0-value self-transfer',
      );
    }
  }
}
