import { DeleteCommand, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import { createCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import { recordFromItem } from '../../../core/identity/cluster.ts';
import { ingestPage } from '../../../core/ingest/ingest-page.ts';
import { hashIdentifier, keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import type { WriteOp } from '../../../core/items/write-ops.ts';
import { eraseCustomer } from '../../../core/privacy/erase-customer.ts';
import { createHubStoreAccess } from '../../../infra/local/admin/hub-store-access.ts';
import { checkLocalStore } from '../../../infra/local/cli/commands/store.ts';
import { localAwsIdentity } from '../../../infra/local/store/dynamodb-local.ts';
import { email, erp, exampleCustomer, exampleOrder } from '../../../schemas/entities/examples.ts';
import { memoryIngestDeps } from '../../support/memory-ingest-deps.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';

/** Moves a customer's order under another customer, locator included: what the old merge race left behind. */
const strandOrder = async (table: TestTable, fromId: string, toId: string) => {
  const { Items } = await table.documentClient.send(
    new QueryCommand({
      TableName: table.tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.customer(fromId) },
    }),
  );
  const order = (Items ?? []).find((i) => i.kind === 'record' && i.entity === 'order') as Item;
  const record = recordFromItem(order);
  const { main, aux } = buildRecordItems(record, toId, 'ingest');
  await table.documentClient.send(
    new DeleteCommand({ TableName: table.tableName, Key: { pk: order.pk, sk: order.sk } }),
  );
  for (const item of [main, ...aux])
    await table.documentClient.send(new PutCommand({ TableName: table.tableName, Item: item }));
  await table.documentClient.send(
    new UpdateCommand({
      TableName: table.tableName,
      Key: { pk: keys.locator(record.recordKey), sk: keys.locatorSort },
      UpdateExpression: 'SET customerId = :c, #p = :p',
      ExpressionAttributeNames: { '#p': 'partition' },
      ExpressionAttributeValues: { ':c': toId, ':p': keys.customer(toId) },
    }),
  );
  return record.recordKey;
};

/** The table, as a function sees it that times out right after the commit `last` picks. */
class TimedOutAfter extends DynamoDbBackend {
  private stopped = false;
  constructor(
    client: TestTable['documentClient'],
    tableName: string,
    private readonly last: (ops: readonly WriteOp[]) => boolean,
  ) {
    super(client, tableName);
  }
  override async commit(ops: readonly WriteOp[]) {
    if (this.stopped) throw new Error('Task timed out after 900.00 seconds');
    const result = await super.commit(ops);
    this.stopped = this.last(ops);
    return result;
  }
}

/** `npx hub360 store check` as the hub runs it for the CLI, over the test table: its lines and exit code. */
const storeCheckOf = (table: TestTable) => {
  const { storeCheck: hub } = createHubStoreAccess({
    tableName: table.tableName,
    client: { endpoint: table.endpoint, ...localAwsIdentity },
  });
  return async (...args: string[]) => {
    const lines: string[] = [];
    const code = await checkLocalStore(['check', ...args], hub, (l) => lines.push(l));
    return { lines, code };
  };
};

describe('npx hub360 store check [--repair] against DynamoDB Local', () => {
  it('finds an order planted under a merged-away customer, re-homes it with --repair, then reports zero', async () => {
    // Prepare: B (with an order) merged into A by an ordinary ingest, then B's order put back under B.
    const table = await createTestTable('store-check');
    try {
      const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
      await store.ingest([
        exampleCustomer({ key: 'c1', version: '1' }, [erp('1'), email('a@x.de')]),
        exampleCustomer({ key: 'c2', version: '1' }, [email('b@x.de')]),
        exampleOrder({ key: 'o1', version: '1' }, [email('b@x.de')]),
      ]);
      const a = (await store.findCustomerByIdentifier('email', 'a@x.de'))?.customerId as string;
      const b = (await store.findCustomerByIdentifier('email', 'b@x.de'))?.customerId as string;
      await store.ingest([exampleCustomer({ key: 'c3', version: '1' }, [erp('1'), email('b@x.de')])]);
      const survivor = (await store.findCustomerByIdentifier('email', 'b@x.de'))?.customerId as string;
      const merged = survivor === a ? b : a;
      expect([a, b]).toContain(survivor);
      expect(a).not.toBe(b);
      const recordKey = await strandOrder(table, survivor, merged);
      const storeCheck = storeCheckOf(table);

      // Act: check, repair, check again.
      const { lines: found, code: foundCode } = await storeCheck();
      const { lines: repaired } = await storeCheck('--repair');
      const { lines: after, code: afterCode } = await storeCheck();

      // Assert
      expect(foundCode).toBe(1);
      expect(found).toContain(
        `  found    record ${recordKey} sits under merged customer ${merged} (belongs to ${survivor})`,
      );
      expect(repaired).toContain(
        `  repaired record ${recordKey} sits under merged customer ${merged} (belongs to ${survivor})`,
      );
      expect(after).toContain('No problems found.');
      expect(afterCode).toBe(0);
      const view = await store.getCustomer360(survivor);
      expect(view.kind).toBe('found');
      const timeline = await store.getTimeline(survivor);
      expect(timeline.items.filter((e) => e.entity === 'order')).toHaveLength(1);
    } finally {
      await table.drop();
    }
  }, 60_000);

  it('strips the payload a decision marker kept from before the announcement took it, with --repair', async () => {
    // prepare: a marker as an earlier version wrote it, payload (customer id, invoice figures) and all
    const table = await createTestTable('store-check-decision');
    try {
      const reactionKey = 'payment-follow-up:sap-s4#invoice#INV-9';
      const marker = { pk: `REACTION#${reactionKey}`, sk: 'DECISION' };
      await table.documentClient.send(
        new PutCommand({
          TableName: table.tableName,
          Item: {
            ...marker,
            kind: 'reaction',
            detailType: 'PaymentFollowUpDue',
            reactionKey,
            decidedAt: '2026-03-01T10:00:00Z',
            payload: {
              reactionKey,
              customerId: 'c-9',
              invoice: { invoiceNumber: 'INV-9', grossAmount: 990 },
            },
          },
        }),
      );
      const { storeCheck: hub } = createHubStoreAccess({
        tableName: table.tableName,
        client: { endpoint: table.endpoint, ...localAwsIdentity },
      });

      // act
      const repaired: string[] = [];
      const code = await checkLocalStore(['check', '--repair'], hub, (l) => repaired.push(l));
      const { Item } = await table.documentClient.send(
        new GetCommand({ TableName: table.tableName, Key: marker }),
      );
      const after: string[] = [];
      await checkLocalStore(['check'], hub, (l) => after.push(l));

      // assert
      expect(code).toBe(0);
      expect(repaired).toContain(
        `  repaired reaction decision ${reactionKey} still keeps its payload (written before the announcement took it)`,
      );
      expect(Item).toEqual({
        ...marker,
        kind: 'reactionDecided',
        detailType: 'PaymentFollowUpDue',
        reactionKey,
        decidedAt: '2026-03-01T10:00:00Z',
      });
      expect(after).toContain('No problems found.');
    } finally {
      await table.drop();
    }
  }, 60_000);

  it('finishes a merge whose function stopped between its commits two hours ago, with --repair', async () => {
    // Prepare: Sam with 60 orders, Mo with 40; an order carrying both e-mails merges Mo into Sam, over several
    // commits (more than 100 writes), and the function dies after the first.
    const table = await createTestTable('store-check-restructuring');
    try {
      const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
      const ordersOf = (who: string, count: number, address: string) =>
        Array.from({ length: count }, (_, i) =>
          exampleOrder({ key: `${who}-${i}`, version: '1' }, [email(address)]),
        );
      await store.ingest([
        exampleCustomer({ key: 'S', version: '1' }, [email('s@x.de')]),
        ...ordersOf('S', 60, 's@x.de'),
      ]);
      await store.ingest([
        exampleCustomer({ key: 'M', version: '1' }, [email('m@x.de')]),
        ...ordersOf('M', 40, 'm@x.de'),
      ]);
      const sam = (await store.findCustomerByIdentifier('email', 's@x.de'))?.customerId as string;
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
      const dying = {
        // The hub's own identifier hashes (salted with the table name), so the store check's finish reads them.
        ...memoryIngestDeps(
          // the first commit of a merge over several commits
          new TimedOutAfter(table.documentClient, table.tableName, (ops) =>
            ops.some((op) => op.op === 'patch' && op.set.status === 'merged'),
          ),
        ),
        hashOf: (idKey: string) => hashIdentifier(table.tableName, idKey),
        newCustomerId: () => 'never-needed',
        now: () => twoHoursAgo,
      };
      const linking = exampleOrder({ key: 'O3', version: '1' }, [email('s@x.de'), email('m@x.de')]);
      await expect(ingestPage([linking], dying)).rejects.toThrow('Task timed out');
      const storeCheck = storeCheckOf(table);

      // Act: check, repair, check again.
      const { lines: found, code: foundCode } = await storeCheck();
      const { lines: repaired } = await storeCheck('--repair');
      const { lines: after, code: afterCode } = await storeCheck();

      // Assert: only the stall is reported (the copies on both customers are its work in progress), then finished.
      expect(foundCode).toBe(1);
      const stalls = found.filter((l) => l.startsWith('  found'));
      expect(stalls).toHaveLength(2);
      for (const line of stalls)
        expect(line).toMatch(
          new RegExp(
            `^ {2}found {4}restructuring of customer \\S+ started ${twoHoursAgo.toISOString()} and did not finish: --repair finishes it`,
          ),
        );
      expect(stalls.some((l) => l.includes(`customer ${sam} `))).toBe(true);
      expect(repaired.filter((l) => l.startsWith('  repaired'))).toHaveLength(2);
      expect(after).toContain('No problems found.');
      expect(afterCode).toBe(0);
      // The linking order had gone in ahead of its locator: the finish committed it; its replay is unchanged.
      let orders = 0;
      let cursor: string | undefined;
      do {
        const page = await store.getTimeline(sam, { limit: 100, ...(cursor ? { cursor } : {}) });
        orders += page.items.filter((e) => e.entity === 'order').length;
        cursor = page.cursor;
      } while (cursor !== undefined);
      expect(orders).toBe(101);
      expect((await store.ingest([linking])).counts.unchanged).toBe(1);
    } finally {
      await table.drop();
    }
  }, 120_000);

  it('finishes an erasure that stopped part-way two hours ago, with --repair, for the request it recorded', async () => {
    // Prepare: Ann with an order; her erasure times out right after its first commit (the item that holds it).
    const table = await createTestTable('store-check-erasure');
    try {
      const store = createCustomerStore({ tableName: table.tableName, documentClient: table.documentClient });
      await store.ingest([
        exampleCustomer({ key: 'A', version: '1' }, [email('ann@x.de')]),
        exampleOrder({ key: 'O1', version: '1' }, [email('ann@x.de')]),
      ]);
      const ann = (await store.findCustomerByIdentifier('email', 'ann@x.de'))?.customerId as string;
      const stopping = new TimedOutAfter(table.documentClient, table.tableName, (ops) =>
        ops.some((op) => op.op === 'put' && op.item.sk === keys.erasureUnderWay),
      );
      const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000).toISOString();
      const who = { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17 request of 2026-12-01' };
      await expect(
        eraseCustomer(
          { backend: stopping, hashOf: (id) => hashIdentifier(table.tableName, id), now: twoHoursAgo },
          ann,
          who,
        ),
      ).rejects.toThrow('Task timed out');
      const storeCheck = storeCheckOf(table);

      // Act
      const { lines: repaired } = await storeCheck('--repair');
      const { lines: after, code: afterCode } = await storeCheck();

      // Assert: erased, for the request the stopped erasure recorded, and her e-mail suppressed.
      expect(repaired).toContain(
        `  repaired erasure of customer ${ann} started ${twoHoursAgo} and did not finish: --repair finishes it (so does requesting it again)`,
      );
      expect(afterCode).toBe(0);
      expect(after).toContain('No problems found.');
      const { Item: marker } = await table.documentClient.send(
        new GetCommand({ TableName: table.tableName, Key: { pk: keys.customer(ann), sk: keys.erasure } }),
      );
      expect(marker).toMatchObject(who);
      expect(await store.findCustomerByIdentifier('email', 'ann@x.de')).toBeUndefined();
      expect(
        (await store.ingest([exampleOrder({ key: 'O2', version: '1' }, [email('ann@x.de')])])).counts
          .suppressed,
      ).toBe(1);
    } finally {
      await table.drop();
    }
  }, 120_000);
});
