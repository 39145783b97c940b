import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/lib/ids.ts';
import { heldForReview } from '../src/pipeline/service.ts';
import { TransactionsStore } from '../src/pipeline/store.ts';
import { testDatabase, type TestDatabase } from './helpers/db.ts';

/**
 * `TransactionsStore.insertAlone` writes a new transaction and its `transaction.created` event
 * in one statement, so it builds the event's resource before the write. That resource must be
 * exactly what the row reads back as, and what the event carries (on Postgres and PGlite).
 */
describe('TransactionsStore.insertAlone', () => {
  let db: TestDatabase;
  let store: TransactionsStore;

  beforeAll(async () => {
    db = await testDatabase();
    store = new TransactionsStore(db.db);
    // Endpoints the event fans out to, or not: as `publishEvent` decides (events/store.ts).
    await db.db
      .insertInto('webhook_endpoints')
      .values(
        (
          [
            ['we_all', ['*'], 'enabled', null],
            ['we_tx', ['transaction.created'], 'enabled', ['transactions:read']],
            ['we_unreadable', ['*'], 'enabled', ['payments:read']],
            ['we_other', ['payment_intent.created'], 'enabled', null],
            ['we_off', ['*'], 'disabled', null],
          ] as const
        ).map(([id, types, status, scopes]) => ({
          id,
          url: 'https://93.184.215.14/hook',
          event_types: [...types],
          status,
          read_scopes: scopes ? [...scopes] : null,
          secret_enc: 'x',
        })),
      )
      .execute();
  });
  afterAll(async () => {
    await db?.close();
  });

  /** A row as the intake writes it; `full` fills every optional column the intake can fill. */
  const rowOf = (id: string, full: boolean) => ({
    id,
    chain_id: 31337,
    signer: 'treasury',
    from_address: '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266',
    kind: 'transfer' as const,
    intent_kind: 'transfer' as const,
    to_address: '0x5FbDB2315678afecb367f032d93F642f64180aa3',
    recipient: full ? '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' : null,
    value: '0',
    data: '0xa9059cbb',
    asset: full
      ? JSON.stringify({ symbol: 'tUSD', address: '0x5FbDB2315678afecb367f032d93F642f64180aa3', decimals: 6 })
      : null,
    amount: '125500000',
    amount_usd8: full ? '12550000000' : null,
    call: full
      ? JSON.stringify({ function: 'transfer(address,uint256)', args: ['0x70', '1'], selector: '0xa9059cbb' })
      : null,
    exposure: full
      ? JSON.stringify({ outflows: [{ asset: 'tUSD', amount: '125500000', usd: '125.5' }], big: '1e30' })
      : null,
    user_id: 'user_1',
    session_id: full ? 'sess_1' : null,
    api_key_id: 'key_test',
    created_by_principal: full ? 'prn_test' : null,
    metadata: JSON.stringify(full ? { order: 'o-1', note: 'ünïcode "quoted"' } : {}),
    decision: JSON.stringify({ outcome: full ? 'review' : 'allow', reasons: [], policyVersion: 3, z: 1, a: [2, 1] }),
    simulation: JSON.stringify({ gasUsed: '51234', balanceChanges: [{ delta: '-125500000' }] }),
    preview: full ? JSON.stringify({ lines: [{ text: 'Send 125.50 tUSD' }] }) : null,
    gas_limit: '61480',
    status: full ? ('pending_review' as const) : ('queued' as const),
    status_reason: full ? 'policy_review' : 'policy_allowed',
    next_run_at: new Date(),
    ...(full ? heldForReview(new Date(Date.now() + 3_600_000)) : {}),
  });

  for (const full of [false, true]) {
    it(`returns and publishes the resource the row reads back as (${full ? 'every column filled, held for review' : 'optional columns empty, queued'})`, async () => {
      const id = newId('tx');
      const row = rowOf(id, full);
      const created = await store.insertAlone(
        db.db,
        row,
        [
          { status: 'pending_policy', reason: 'created' },
          { status: row.status, reason: row.status_reason, detail: { policyVersion: 3, nested: { b: 1, a: [1] } } },
        ],
        { chainId: 31337, address: row.to_address },
      );
      const loaded = await store.load(db.db, id);
      expect(created).toEqual(loaded);
      expect(JSON.parse(JSON.stringify(created))).toEqual(JSON.parse(JSON.stringify(loaded)));

      const events = await db.db
        .selectFrom('events')
        .select(['id', 'type', 'data'])
        .where(sql<string>`data->>'id'`, '=', id)
        .execute();
      expect(events.map((e) => e.type)).toEqual(['transaction.created']);
      expect(events[0]!.data).toEqual(JSON.parse(JSON.stringify(loaded)));
      const deliveries = await db.db
        .selectFrom('webhook_deliveries')
        .select('endpoint_id')
        .where('event_id', '=', events[0]!.id)
        .execute();
      expect(deliveries.map((d) => d.endpoint_id).sort()).toEqual(['we_all', 'we_tx']);

      const dest = await db.db
        .selectFrom('destinations')
        .select('paid_count')
        .where('chain_id', '=', 31337)
        .where('address', '=', row.to_address.toLowerCase())
        .executeTakeFirst();
      expect(dest?.paid_count).toBe(0);
    });
  }

  it('refuses a row in any other state (a final row goes through insert, with its outcome)', async () => {
    const row = { ...rowOf(newId('tx'), false), status: 'rejected' as const };
    await expect(store.insertAlone(db.db, row, [{ status: 'rejected', reason: 'policy_denied' }])).rejects.toThrow(
      /queued or held/,
    );
    expect(await db.db.selectFrom('transactions').select('id').where('id', '=', row.id).executeTakeFirst()).toBe(
      undefined,
    );
  });
});
