import { keccak256, type Address, type Hex } from 'viem';
import { failpoint } from '../lib/failpoints.ts';
import { gasLimitFor, type Fees } from './fees.ts';
import { allocateNonces } from './nonces.ts';
import { reasonForRevert, revertJson, simulationJson } from './service.ts';
import { WORK_COLUMNS, type AttemptRow, type TxRow } from './store.ts';
import { exposureGrowth } from './exposure.ts';
import { failAll, handleOf, queuedOfBatch, signerOf, type WorkerContext } from './worker-context.ts';
import { dbJson } from '../db/json.ts';
import { markGroupSubmitted } from './worker-send.ts';

/**
 * A signed row with its first attempt, or `moved`: no longer queued when it came to signing.
 * `submitted`: what the group broadcast commit (`markGroupSubmitted`) did with it — `ok`: it is
 * `submitted` and its bytes are to be sent now; `gone`/`requeued`: look at it again; absent:
 * not part of that commit (a later member of a batch, or the commit failed), broadcast alone.
 */
export type SignOutcome = { row: TxRow; attempt: AttemptRow; submitted?: 'ok' | 'gone' | 'requeued' } | 'moved';

interface SignItem {
  row: TxRow;
  call: { to: Address; data: Hex; value: bigint };
  gas: bigint;
  fees: Fees;
  /** A new simulation to store (when the transaction was simulated again before signing). */
  simulation?: string;
  resolve: (r: SignOutcome) => void;
  reject: (err: unknown) => void;
}

/**
 * queued → signed. Signs a queued transaction — with the rest of its batch, at consecutive
 * nonces, when it leads one. Nonces of one signer are handed out under one row lock, so
 * signings of one signer are serial by nature; instead of each waiting for that lock in its
 * own database transaction, whatever queued up while one group was being signed is signed
 * together in the next (one lock, one commit).
 */
export class TransactionSigning {
  /** Signing queues per (chain, signer). */
  private readonly queues = new Map<string, { items: SignItem[]; busy: boolean }>();

  constructor(private readonly ctx: WorkerContext) {}

  /**
   * Signs `row` (and its batch). `moved` when it is no longer queued (cancelled, or another
   * worker took it on); null when it failed before signing (a simulation revert).
   */
  async sign(row: TxRow): Promise<SignOutcome | null> {
    const { ctx } = this;
    const h = handleOf(ctx, row);
    const signer = signerOf(ctx, row);
    const members = row.batch_id ? await queuedOfBatch(ctx, row.batch_id) : [row];
    if (members[0]?.id !== row.id) return 'moved';
    const calls = members.map((m) => ({ to: m.to_address as Address, data: m.data as Hex, value: BigInt(m.value) }));
    // Intake simulated it moments ago: sign on that. Anything older (a transaction that waited
    // for review, or for a worker) is simulated again on the latest block first — a batch as a
    // whole, each call on top of the ones before it.
    const fresh =
      members.every((m) => m.gas_limit !== null) &&
      Date.now() - new Date(row.created_at).getTime() < ctx.cfg.resimulateAfterSeconds * 1000;
    let gas: bigint[];
    let simulations: Array<string | undefined> = members.map(() => undefined);
    if (fresh) gas = members.map((m) => BigInt(m.gas_limit!));
    else {
      const { sim, exposures } = await ctx.pipeline.simulateAndValue(h.client, h.config, signer.address, calls);
      if (!sim.ok && sim.revert) {
        const at = sim.revert.index;
        const revertCodes = dbJson<Parameters<typeof reasonForRevert>[0]>(members[at]!.revert_codes);
        const reason = reasonForRevert(revertCodes ?? null, sim.revert.description) ?? 'simulation_reverted';
        await failAll(
          ctx,
          members,
          at,
          reason,
          { description: sim.revert.description, at: 'before_signing' },
          {
            simulation: JSON.stringify(simulationJson(sim, at)),
            revert: JSON.stringify(revertJson(sim.revert, 'simulation')),
          },
        );
        return null;
      }
      // The decision (and any review) judged what it could move then: never sign something that now moves more.
      const growth = members.map((m, i) => exposureGrowth(m, exposures[i]!));
      const grown = growth.findIndex((g) => g !== null);
      if (grown >= 0) {
        await failAll(
          ctx,
          members,
          grown,
          'exposure_increased',
          { ...growth[grown]!, at: 'before_signing' },
          { simulation: JSON.stringify(simulationJson(sim, grown)) },
        );
        return null;
      }
      gas = sim.gasUsed.map((g) => gasLimitFor(g, ctx.cfg.gasMarginPercent));
      simulations = members.map((_, i) => JSON.stringify(simulationJson(sim, i)));
    }
    const fees = await ctx.pipeline.fees.get(h.chainId);
    const done = await Promise.all(
      members.map((m, i) =>
        this.enqueue({
          row: m,
          call: calls[i]!,
          gas: gas[i]!,
          fees,
          ...(simulations[i] ? { simulation: simulations[i] } : {}),
        }),
      ),
    );
    const lead = done[0]!;
    if (lead === 'moved') return 'moved';
    ctx.stats.signed += done.filter((d) => d !== 'moved').length;
    return lead;
  }

  /** Queues a prepared transaction for signing with whatever else waits for the same signer. */
  private enqueue(item: Omit<SignItem, 'resolve' | 'reject'>): Promise<SignOutcome> {
    const key = `${item.row.chain_id}:${item.row.from_address}`;
    const q = this.queues.get(key) ?? { items: [], busy: false };
    this.queues.set(key, q);
    const p = new Promise<SignOutcome>((resolve, reject) => q.items.push({ ...item, resolve, reject }));
    if (!q.busy) void this.drain(q);
    return p;
  }

  private async drain(q: { items: SignItem[]; busy: boolean }): Promise<void> {
    q.busy = true;
    try {
      while (q.items.length) {
        // The members of a batch sort together, in batch order (a batch's id is its first member's).
        const key = (r: TxRow) => `${r.batch_id ?? r.id}:${String(r.batch_index ?? 0).padStart(4, '0')}`;
        const group = q.items.splice(0, 64).sort((a, b) => (key(a.row) < key(b.row) ? -1 : 1));
        try {
          const results = await this.signGroup(group);
          if (results.some((r) => r !== 'moved')) failpoint('pipeline.signed');
          await this.submitGroup(results);
          group.forEach((it, i) => it.resolve(results[i]!));
        } catch (err) {
          for (const it of group) it.reject(err);
        }
      }
    } finally {
      q.busy = false;
    }
  }

  /**
   * signed → submitted for the group just signed, in one database transaction
   * (`markGroupSubmitted`), instead of one per transaction; each step then sends its own
   * bytes, in nonce order. Later members of a batch are left to the `signed` step (whoever
   * claims them broadcasts them after their predecessor). A failure here leaves the rows
   * `signed`: their steps broadcast them one by one, as before.
   */
  private async submitGroup(results: SignOutcome[]): Promise<void> {
    const ready = results.filter(
      (r): r is Exclude<SignOutcome, 'moved'> => r !== 'moved' && (r.row.batch_index ?? 0) === 0,
    );
    if (ready.length === 0) return;
    try {
      const marked = await markGroupSubmitted(this.ctx, ready);
      for (const r of ready) {
        const m = marked.get(r.row.id);
        if (m) r.submitted = m;
      }
    } catch (err) {
      this.ctx.log.warn({ err: String(err).slice(0, 300) }, 'group broadcast commit failed; broadcasting one by one');
    }
  }

  /** Signs one group of one signer in one database transaction: nonces, attempts and `signed` rows commit together. */
  private async signGroup(group: SignItem[]): Promise<SignOutcome[]> {
    const { ctx } = this;
    const first = group[0]!.row;
    const chainId = Number(first.chain_id);
    const h = handleOf(ctx, first);
    const signer = signerOf(ctx, first);
    const pending = await h.client.getTransactionCount({ address: signer.address, blockTag: 'pending' });
    return ctx.db.transaction().execute(async (trx) => {
      const locked = new Map(
        (
          await trx
            .selectFrom('transactions')
            .select(WORK_COLUMNS)
            .where(
              'id',
              'in',
              group.map((b) => b.row.id),
            )
            .orderBy('id')
            .forUpdate()
            .execute()
        ).map((r) => [r.id, r]),
      );
      // Cancelled, or moved on by a worker that took the lease over: not signed here.
      const live = group.filter((it) => locked.get(it.row.id)?.status === 'queued');
      const allocs = await allocateNonces(trx, {
        chainId,
        address: signer.address,
        chainPendingNonce: pending,
        refs: live.map((it) => it.row.id),
      });
      const sign = async (it: SignItem, nonce: number) => {
        const raw = await signer.signTransaction({
          chainId,
          type: 'eip1559',
          nonce,
          to: it.call.to,
          data: it.call.data,
          value: it.call.value,
          gas: it.gas,
          ...it.fees,
        });
        return { raw, hash: keccak256(raw) };
      };
      const signed = await Promise.all(
        live.map(async (it, i) => {
          const alloc = allocs[i]!;
          return { it, alloc, ...(await sign(it, alloc.nonce)) };
        }),
      );
      // A nonce given again (its earlier holder was refused by the node, never mined) can sign the
      // very same bytes when the call and fees are equal: the same hash, which an attempt of the
      // refused transaction holds already. One wei more of fee makes it another transaction.
      for (let round = 0; round < 3; round++) {
        const taken = await ctx.store.attemptHashesTaken(
          trx,
          signed.map((x) => x.hash),
        );
        if (!taken.size) break;
        for (const x of signed.filter((y) => taken.has(y.hash))) {
          x.it.fees = {
            ...x.it.fees,
            maxFeePerGas: x.it.fees.maxFeePerGas + 1n,
            maxPriorityFeePerGas: x.it.fees.maxPriorityFeePerGas + 1n,
          };
          Object.assign(x, await sign(x.it, x.alloc.nonce));
        }
      }
      const attempts = await ctx.store.addOriginalAttempts(
        trx,
        signed.map((x) => ({
          tx_id: x.it.row.id,
          tx_hash: x.hash,
          raw: x.raw,
          nonce: x.alloc.nonce,
          max_fee_per_gas: x.it.fees.maxFeePerGas.toString(),
          max_priority_fee_per_gas: x.it.fees.maxPriorityFeePerGas.toString(),
          gas_limit: x.it.gas.toString(),
        })),
      );
      const rows = await ctx.store.markSigned(
        trx,
        signed.map((x) => ({
          id: x.it.row.id,
          nonce: x.alloc.nonce,
          tx_hash: x.hash,
          gas_limit: x.it.gas.toString(),
          simulation: x.it.simulation ? JSON.parse(x.it.simulation) : null,
          detail: {
            nonce: x.alloc.nonce,
            hash: x.hash,
            ...(x.alloc.reused ? { reusedNonce: true } : {}),
            ...(x.alloc.resynced ? { resynced: x.alloc.resynced } : {}),
          },
        })),
      );
      failpoint('pipeline.sign.before_commit');
      const byId = new Map(rows.map((r) => [r.id, r]));
      const attemptById = new Map(attempts.map((a) => [a.tx_id, a]));
      return group.map((it) => {
        const row = byId.get(it.row.id);
        const attempt = attemptById.get(it.row.id);
        return row && attempt ? { row, attempt } : ('moved' as const);
      });
    });
  }
}
