import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { decideReactions } from '../../../app/reactions/decide-reactions.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { partIssuesOf } from '../../../core/reactions/part-issue-index.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { erp, exampleCustomer } from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import { followStream } from '../../support/stream-follower.ts';

// Complaints about a part live outside the customers' partitions: in the part's issue index, and in the change
// request the threshold raises. On DynamoDB Local, with the change stream handed to the reaction decisions as
// the subscription does: what is left of an erased customer there, and what a change still on its way does.

let table: TestTable;
let store: DynamoCustomerStore;
let backend: DynamoDbBackend;
let stream: ReturnType<typeof followStream>;

// The changes happen now (the stream dates them), so the cases must be recent to be news.
const NOW = new Date();
const OCCURRED_AT = new Date(NOW.getTime() - 60 * 60 * 1000).toISOString();
const config = ReactionsConfigSchema.parse({ complaintThreshold: 2 });

const complaint = (key: string, customer: string, serialNumber: string) =>
  ({
    entity: 'interaction',
    source: { system: 'callcenter', stream: 'contacts', key, version: '1' },
    identifiers: [erp(customer)],
    data: {
      interactionId: key,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt: OCCURRED_AT,
      category: 'complaint',
      partNumber: 'P-9',
      serialNumber,
      subject: `Pump of ${customer} leaks`,
      contactPerson: `Contact of ${customer}`,
      agent: 'Anna Agent',
    },
  }) as CanonicalRecordInput;

const decide = async (changes: readonly ChangeRecord[]) => {
  const result = await decideReactions(changes, { backend, now: () => NOW, config });
  expect(result.failedSequenceNumbers).toEqual([]);
  return result.decided;
};

const itemsUnder = async (prefix: string) => {
  const out = await table.documentClient.send(new ScanCommand({ TableName: table.tableName }));
  return (out.Items ?? []).filter((item) => String(item.pk).startsWith(prefix));
};

const customerOf = async (erpNumber: string) => {
  const found = await store.findCustomerByIdentifier('erp', erpNumber, 'sap-s4');
  if (!found) throw new Error(`customer ${erpNumber} was not stored`);
  return found.customerId;
};

let changesOfFirstComplaint: ChangeRecord[] = [];

beforeAll(async () => {
  table = await createTestTable('erasure-part-issues');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  backend = new DynamoDbBackend(table.documentClient, table.tableName);
  stream = followStream(table);
  await store.ingest([
    exampleCustomer({ key: '700', version: '1' }, [erp('700')]),
    exampleCustomer({ key: '701', version: '1' }, [erp('701')]),
  ]);
  await decide(await stream.next());
});
afterAll(async () => table.drop());

describe("an erased customer's complaints about a part, on DynamoDB Local", () => {
  it('raise the change request with the evidence, announced for a day and marked decided without it', async () => {
    await store.ingest([complaint('CASE-1', '700', 'SN-700')]);
    changesOfFirstComplaint = await stream.next();
    await decide(changesOfFirstComplaint);
    await store.ingest([complaint('CASE-2', '701', 'SN-701')]);

    expect(await decide(await stream.next())).toBe(1);

    const [marker, announcement] = ['DECISION', 'ANNOUNCEMENT'].map(
      async (sk) => (await itemsUnder('REACTION#product-issue:P-9')).find((item) => item.sk === sk) ?? {},
    );
    expect(await marker).toEqual({
      pk: 'REACTION#product-issue:P-9:CASE-2',
      sk: 'DECISION',
      kind: 'reactionDecided',
      detailType: 'ProductIssueThresholdReached',
      reactionKey: 'product-issue:P-9:CASE-2',
      decidedAt: expect.any(String),
    });
    const announced = (await announcement) as {
      payload?: { evidence?: { serialNumber?: string }[] };
      expiresAt?: number;
    };
    expect(announced.payload?.evidence?.map((e) => e.serialNumber)).toEqual(['SN-700', 'SN-701']);
    expect(announced.expiresAt).toBe(Math.floor(NOW.getTime() / 1000) + 24 * 60 * 60);
  });

  it('keeps no contact person or agent in the part issue index', async () => {
    const text = JSON.stringify(await itemsUnder('PARTISSUE#P-9'));
    expect(text).toContain('Pump of 700 leaks');
    expect(text).not.toContain('Contact of 700');
    expect(text).not.toContain('Anna Agent');
  });

  it('still count after the erasure, naming no customer, subject or serial number of the erased one', async () => {
    const erasedId = await customerOf('700');
    const otherId = await customerOf('701');

    await store.eraseCustomer(erasedId, { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17' });

    const index = await itemsUnder('PARTISSUE#P-9');
    const text = JSON.stringify(index);
    expect(text).not.toContain(erasedId);
    expect(text).not.toContain('SN-700');
    expect(text).not.toContain('Pump of 700 leaks');
    expect(text).toContain(otherId);
    expect(text).toContain('SN-701');
    const cases = partIssuesOf(await backend.readPartition('PARTISSUE#P-9'));
    expect(cases.map((c) => [c.interaction.interactionId, c.customerId])).toEqual([
      ['CASE-1', undefined],
      ['CASE-2', otherId],
    ]);
  });

  it("still count when the erasure's own changes reach the reaction decisions", async () => {
    const erasure = await stream.next();
    expect(erasure.some((c) => c.eventName === 'REMOVE' && c.oldImage?.entity === 'interaction')).toBe(true);

    expect(await decide(erasure)).toBe(0);

    const cases = partIssuesOf(await backend.readPartition('PARTISSUE#P-9'));
    expect(cases.map((c) => [c.interaction.interactionId, c.customerId])).toEqual([
      ['CASE-1', undefined],
      ['CASE-2', await customerOf('701')],
    ]);
  });

  it("index nothing again from a change of the erased customer's complaint still on its way", async () => {
    const erasedId = await customerOf('700').catch(() => undefined);
    expect(erasedId).toBeUndefined();

    expect(await decide(changesOfFirstComplaint)).toBe(0);

    const text = JSON.stringify(await itemsUnder('PARTISSUE#P-9'));
    expect(text).not.toContain('SN-700');
    expect(text).not.toContain('Pump of 700 leaks');
  });

  it('hold nothing of the customer once the erasure returns, whenever a change of theirs was read during it', async () => {
    for (const n of [0, 1, 2]) {
      const key = `71${n}`;
      await store.ingest([exampleCustomer({ key, version: '1' }, [erp(key)])]);
      await decide(await stream.next());
      await store.ingest([complaint(`CASE-71${n}`, key, `SN-${key}`)]);
      const onItsWay = await stream.next();
      const erasedId = await customerOf(key);
      // The decisions read the complaint's change just before the erasure's `n`th commit.
      const commit = store.backend.commit.bind(store.backend);
      let commits = 0;
      store.backend.commit = async (ops) => {
        if (commits++ === n) await decide(onItsWay);
        return commit(ops);
      };
      try {
        await store.eraseCustomer(erasedId, { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17' });
      } finally {
        store.backend.commit = commit;
      }

      // Before the erasure's own changes reach the decisions, and after.
      for (const moment of ['returned', 'its changes read']) {
        const text = JSON.stringify(await itemsUnder('PARTISSUE#P-9'));
        const when = `read before commit ${n}, erasure ${moment}`;
        expect(text, when).not.toContain(erasedId);
        expect(text, when).not.toContain(`SN-${key}`);
        expect(text, when).not.toContain(`Pump of ${key} leaks`);
        if (moment === 'returned') await decide(await stream.next());
      }
    }
  });
});
