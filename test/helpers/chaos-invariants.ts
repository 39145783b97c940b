import type { Address, Hash, PublicClient } from 'viem';
import { erc20Abi } from '../../src/contracts/abis.ts';
import type { ChaosWorld } from './chaos-world.ts';
import { WINDOW_LIMIT, WINDOW_RULE } from './chaos-world.ts';

/**
 * The end of a chaos run: waits (bounded) until the system has drained, then checks what must
 * hold whatever the faults were — against the chain and the database, never against timings:
 *   - transactions: each stored hash that was mined belongs to a final transaction, final once
 *     (one final history entry), matching its receipt; each signer's nonces on chain are
 *     exactly Keel's (no nonce twice, none used by something Keel does not know); no nonce
 *     allocation left open;
 *   - idempotency: each Idempotency-Key made at most one transaction (exactly one when answered),
 *     and the recipient received its amount once or not at all;
 *   - payments: each paid intent succeeded with the amount paid, one deposit, one succeeded event;
 *   - webhooks: every event delivered at least once, every delivery of it under one webhook-id,
 *     a webhook-id never naming two events, every delivery ended `succeeded`;
 *   - policy windows: no user's live window usage above the limit.
 */

export interface DriverTransfer {
  key: string;
  to: Address;
  amount: bigint;
  userId: string;
  /** The final answer's HTTP status and transaction; absent when the driver gave up. */
  status?: number;
  id?: string;
  txStatus?: string;
}

export interface DriverIntent {
  id: string;
  key: string;
  depositAddress: string;
  paid: bigint;
  hash: Hash;
}

export interface DriverLog {
  transfers: DriverTransfer[];
  intents: DriverIntent[];
}

const FINAL_LIST = ['confirmed', 'reverted', 'failed', 'expired', 'cancelled', 'rejected'] as const;
const FINAL: readonly string[] = FINAL_LIST;
const MINED_FINAL = ['confirmed', 'reverted'];
/** Event types that happen once per object (no reorgs in a chaos run). */
const ONCE_PER_OBJECT = [
  'transaction.created',
  'transaction.confirmed',
  'payment_intent.created',
  'payment_intent.succeeded',
];
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v) as Record<string, any>;

/** What is still moving; empty when drained. */
async function pending(world: ChaosWorld, driver: DriverLog): Promise<string[]> {
  const db = world.db.db;
  const out: string[] = [];
  const open = await db
    .selectFrom('transactions')
    .select(['id', 'status'])
    .where('status', 'not in', FINAL_LIST)
    .execute();
  if (open.length)
    out.push(`${open.length} transactions not final (${[...new Set(open.map((t) => t.status))].join(', ')})`);
  const ids = driver.intents.map((i) => i.id);
  if (ids.length) {
    const notDone = await db
      .selectFrom('payment_intents')
      .select(['id', 'status'])
      .where('id', 'in', ids)
      .where('status', '!=', 'succeeded')
      .execute();
    if (notDone.length) out.push(`${notDone.length} paid intents not succeeded`);
  }
  const deliveries = await db
    .selectFrom('webhook_deliveries')
    .select((e) => e.fn.countAll<string>().as('n'))
    .where('status', 'in', ['pending', 'delivering'])
    .executeTakeFirstOrThrow();
  if (Number(deliveries.n)) out.push(`${deliveries.n} webhook deliveries pending`);
  const events = await db
    .selectFrom('events')
    .select('id')
    .where('created_at', '>=', world.endpointCreatedAt)
    .execute();
  const seen = new Set(world.receiver.received.map((r) => r.headers['webhook-id']));
  const missing = events.filter((e) => !seen.has(e.id));
  if (missing.length) out.push(`${missing.length} events not received yet`);
  return out;
}

/** Drains (bounded), then returns every violation found, each a sentence. */
export async function checkInvariants(
  world: ChaosWorld,
  driver: DriverLog,
  client: PublicClient,
  opts: { drainMs: number; log: (line: string) => void },
): Promise<{ violations: string[]; notes: string[] }> {
  const violations: string[] = [];
  const notes: string[] = [];
  const db = world.db.db;
  const deadline = Date.now() + opts.drainMs;
  for (let last = ''; ; ) {
    const left = await pending(world, driver);
    if (!left.length) break;
    if (left.join('; ') !== last) opts.log(`draining: ${(last = left.join('; '))}`);
    if (Date.now() > deadline) {
      violations.push(`not drained within ${opts.drainMs} ms after the faults stopped: ${left.join('; ')}`);
      break;
    }
    await sleep(500);
  }

  // ---- transactions, nonces and the chain
  const txs = await db
    .selectFrom('transactions')
    .select(['id', 'status', 'nonce', 'tx_hash', 'from_address', 'recipient', 'amount', 'user_id', 'receipt'])
    .execute();
  const attempts = await db.selectFrom('transaction_attempts').select(['tx_id', 'tx_hash', 'nonce']).execute();
  const history = await db.selectFrom('transaction_history').select(['tx_id', 'status']).execute();
  const allocations = await db
    .selectFrom('nonce_allocations')
    .select(['address', 'nonce', 'status', 'ref', 'tx_hash'])
    .execute();
  const byId = new Map(txs.map((t) => [t.id, t]));
  const finals = new Map<string, number>();
  for (const h of history) if (FINAL.includes(h.status)) finals.set(h.tx_id, (finals.get(h.tx_id) ?? 0) + 1);
  for (const t of txs) {
    if (!FINAL.includes(t.status)) continue; // reported by the drain
    if ((finals.get(t.id) ?? 0) !== 1)
      violations.push(`${t.id} (${t.status}) has ${finals.get(t.id) ?? 0} final history entries`);
  }
  for (const a of allocations) {
    if (a.status === 'allocated') violations.push(`nonce ${a.nonce} of ${a.address} left allocated (ref ${a.ref})`);
  }

  // Every transaction the signers sent since the run began, from the blocks themselves.
  const signers = new Set(txs.map((t) => t.from_address.toLowerCase()));
  // cacheTime 0: viem answers getBlockNumber from a cache for a polling interval (4 s), and a
  // stale head hid the blocks of the last transactions confirmed ("… which is not on chain").
  const head = await client.getBlockNumber({ cacheTime: 0 });
  const mined = new Map<string, { nonce: number; from: string; block: bigint }>();
  const nums: bigint[] = [];
  for (let n = world.startBlock + 1n; n <= head; n++) nums.push(n);
  for (let i = 0; i < nums.length; i += 25) {
    const blocks = await Promise.all(
      nums.slice(i, i + 25).map((n) => client.getBlock({ blockNumber: n, includeTransactions: true })),
    );
    for (const b of blocks)
      for (const tx of b.transactions) {
        if (signers.has(tx.from.toLowerCase()))
          mined.set(tx.hash.toLowerCase(), { nonce: tx.nonce, from: tx.from.toLowerCase(), block: b.number! });
      }
  }
  const knownHash = new Map<string, string>();
  for (const a of attempts) knownHash.set(a.tx_hash.toLowerCase(), a.tx_id);
  for (const a of allocations)
    if (a.tx_hash && !knownHash.has(a.tx_hash.toLowerCase()))
      knownHash.set(a.tx_hash.toLowerCase(), `${a.ref ?? 'allocation'}`);
  const noncesSeen = new Map<string, string>();
  for (const [hash, m] of mined) {
    const owner = knownHash.get(hash);
    if (!owner) violations.push(`signer ${m.from} sent ${hash} (nonce ${m.nonce}) that Keel has no record of`);
    const k = `${m.from}:${m.nonce}`;
    if (noncesSeen.has(k)) violations.push(`nonce ${m.nonce} of ${m.from} mined twice (${noncesSeen.get(k)}, ${hash})`);
    noncesSeen.set(k, hash);
    const t = owner ? byId.get(owner) : undefined;
    if (t && !MINED_FINAL.includes(t.status) && t.status !== 'cancelled')
      violations.push(`${t.id} is ${t.status} but its attempt ${hash} was mined`);
    if (t && t.tx_hash?.toLowerCase() !== hash && MINED_FINAL.includes(t.status))
      violations.push(`${t.id} records hash ${t.tx_hash} but ${hash} of it was mined`);
  }
  // Chain nonces contiguous per signer from where the run began: every one accounted for above.
  for (const from of signers) {
    const startNonce = await client.getTransactionCount({ address: from as Address, blockNumber: world.startBlock });
    const endNonce = await client.getTransactionCount({ address: from as Address, blockNumber: head });
    for (let n = startNonce; n < endNonce; n++) {
      if (!noncesSeen.has(`${from}:${n}`))
        violations.push(`nonce ${n} of ${from} was used on chain by an unseen transaction`);
    }
  }
  const nonceOwners = new Map<string, string>();
  for (const t of txs) {
    if (!MINED_FINAL.includes(t.status)) continue;
    if (!t.tx_hash) {
      violations.push(`${t.id} is ${t.status} without a hash`);
      continue;
    }
    const k = `${t.from_address.toLowerCase()}:${t.nonce}`;
    if (nonceOwners.has(k))
      violations.push(`nonce ${t.nonce} of ${t.from_address} is final in ${nonceOwners.get(k)} and ${t.id}`);
    nonceOwners.set(k, t.id);
    const m = mined.get(t.tx_hash.toLowerCase());
    if (!m) {
      // Where it is, if anywhere: a block past the head read above would be the check's mistake.
      const where = await client
        .getTransaction({ hash: t.tx_hash as Hash })
        .then((x) => (x.blockNumber === null ? 'pending' : `in block ${x.blockNumber}, the check read head ${head}`))
        .catch(() => 'unknown to the node');
      violations.push(
        `${t.id} is ${t.status} with ${t.tx_hash}, which is not on chain in blocks up to ${head} (${where})`,
      );
      continue;
    }
    if (m.nonce !== Number(t.nonce)) violations.push(`${t.id} stores nonce ${t.nonce}, mined with ${m.nonce}`);
    const receipt = await client.getTransactionReceipt({ hash: t.tx_hash as Hash });
    const want = t.status === 'confirmed' ? 'success' : 'reverted';
    if (receipt.status !== want) violations.push(`${t.id} is ${t.status} but its receipt says ${receipt.status}`);
    const stored = t.receipt ? json(t.receipt) : undefined;
    if (!stored) violations.push(`${t.id} is ${t.status} without a stored receipt`);
    else if (stored.blockHash && String(stored.blockHash).toLowerCase() !== receipt.blockHash.toLowerCase())
      violations.push(`${t.id} stores block ${stored.blockHash}, the chain has ${receipt.blockHash}`);
  }

  // ---- idempotency: one key, at most one transaction; the recipient paid once or not at all
  const byRecipient = new Map<string, typeof txs>();
  for (const t of txs) {
    if (!t.recipient) continue;
    const k = t.recipient.toLowerCase();
    byRecipient.set(k, [...(byRecipient.get(k) ?? []), t]);
  }
  const tusd = world.chain.world.contracts.tUSD;
  for (const d of driver.transfers) {
    const rows = byRecipient.get(d.to.toLowerCase()) ?? [];
    if (rows.length > 1)
      violations.push(`Idempotency-Key ${d.key} made ${rows.length} transactions: ${rows.map((r) => r.id).join(', ')}`);
    if (d.status === 201 && rows.length !== 1)
      violations.push(`Idempotency-Key ${d.key} answered ${d.id} but ${rows.length} transactions exist`);
    if (d.status === 201 && rows[0] && rows[0].id !== d.id)
      violations.push(`Idempotency-Key ${d.key} answered ${d.id}, stored ${rows[0].id}`);
    const t = rows[0];
    if (t && ['confirmed', 'reverted', 'failed', 'cancelled'].includes(t.status)) {
      const bal = await client.readContract({ address: tusd, abi: erc20Abi, functionName: 'balanceOf', args: [d.to] });
      const want = t.status === 'confirmed' ? d.amount : 0n;
      if (bal !== want) violations.push(`recipient ${d.to} of ${t.id} (${t.status}) holds ${bal}, expected ${want}`);
    }
  }

  // ---- payments
  const ids = driver.intents.map((i) => i.id);
  if (ids.length) {
    const intents = new Map(
      (
        await db
          .selectFrom('payment_intents')
          .select(['id', 'status', 'amount_received'])
          .where('id', 'in', ids)
          .execute()
      ).map((r) => [r.id, r]),
    );
    const deposits = await db
      .selectFrom('payment_deposits')
      .select(['intent_id', 'amount', 'status', 'kind'])
      .where('intent_id', 'in', ids)
      .execute();
    const succeeded = (
      await db.selectFrom('events').select('data').where('type', '=', 'payment_intent.succeeded').execute()
    ).map((e) => json(e.data).id as string);
    for (const i of driver.intents) {
      const row = intents.get(i.id);
      if (row?.status !== 'succeeded') violations.push(`intent ${i.id} paid ${i.paid} is ${row?.status ?? 'missing'}`);
      if (row && BigInt(row.amount_received) !== i.paid)
        violations.push(`intent ${i.id} paid ${i.paid} credited ${row.amount_received}`);
      const mine = deposits.filter((d) => d.intent_id === i.id);
      if (mine.length !== 1 || BigInt(mine[0]!.amount) !== i.paid)
        violations.push(
          `intent ${i.id} has ${mine.length} deposits (${mine.map((d) => `${d.amount} ${d.status}`).join(', ')})`,
        );
      const ev = succeeded.filter((s) => s === i.id).length;
      if (ev !== 1) violations.push(`intent ${i.id} has ${ev} payment_intent.succeeded events`);
    }
  }

  // ---- webhooks
  // Events from before the endpoint existed (the driver's own key) are not its to deliver.
  const events = await db
    .selectFrom('events')
    .select(['id', 'type', 'data'])
    .where('created_at', '>=', world.endpointCreatedAt)
    .execute();
  const received = world.receiver.received;
  const bodyById = new Map<string, string>();
  const idsByObject = new Map<string, Set<string>>();
  for (const r of received) {
    const id = r.headers['webhook-id'] ?? '';
    if (!r.verifiedWith.length) violations.push(`delivery ${id} failed signature verification`);
    const prev = bodyById.get(id);
    let body: Record<string, any>;
    try {
      body = JSON.parse(r.body);
    } catch {
      violations.push(`delivery ${id} is not JSON`);
      continue;
    }
    const what = `${body.type} ${body.data?.id ?? body.data?.object?.id ?? ''}`;
    if (prev !== undefined && prev !== what)
      violations.push(`webhook-id ${id} carried two events: ${prev} and ${what}`);
    bodyById.set(id, what);
    if (ONCE_PER_OBJECT.includes(body.type)) idsByObject.set(what, (idsByObject.get(what) ?? new Set()).add(id));
  }
  for (const [what, s] of idsByObject)
    if (s.size > 1) violations.push(`${what} delivered under ${s.size} webhook-ids (${[...s].join(', ')})`);
  for (const e of events) if (!bodyById.has(e.id)) violations.push(`event ${e.id} (${e.type}) never delivered`);
  const failed = await db
    .selectFrom('webhook_deliveries')
    .select(['id', 'event_id', 'status'])
    .where('status', '=', 'failed')
    .execute();
  for (const f of failed) violations.push(`delivery ${f.id} of ${f.event_id} ended failed`);

  // ---- policy windows: live usage per user never above the limit
  const usage = await db
    .selectFrom('policy_window_usage')
    .select(['window_key', 'ref', 'amount'])
    .where('rule_id', '=', WINDOW_RULE)
    .where('released_at', 'is', null)
    .execute();
  const sums = new Map<string, bigint>();
  for (const u of usage) sums.set(u.window_key, (sums.get(u.window_key) ?? 0n) + BigInt(u.amount));
  for (const [k, sum] of sums)
    if (sum > WINDOW_LIMIT) violations.push(`window ${k} holds ${sum} > limit ${WINDOW_LIMIT}`);
  // The same from the transactions' side: what each user was let through.
  const allowed = new Map<string, bigint>();
  for (const t of txs)
    if (t.user_id.startsWith('chaos-') && !['rejected', 'failed', 'cancelled', 'expired'].includes(t.status))
      allowed.set(t.user_id, (allowed.get(t.user_id) ?? 0n) + BigInt(t.amount));
  for (const [u, sum] of allowed)
    if (sum > WINDOW_LIMIT) violations.push(`user ${u} was allowed ${sum} > limit ${WINDOW_LIMIT}`);
  notes.push(`window totals: ${[...sums].map(([k, v]) => `${k}=${v}`).join(', ') || 'none'}`);
  const orphans = usage.filter((u) => {
    const t = byId.get(u.ref);
    return !t || ['rejected', 'failed', 'cancelled', 'expired'].includes(t.status);
  });
  if (orphans.length)
    notes.push(`${orphans.length} live window uses whose transaction is missing or did not go through`);
  notes.push(`chain: ${mined.size} signer transactions mined in blocks ${world.startBlock + 1n}..${head}`);
  return { violations, notes };
}
