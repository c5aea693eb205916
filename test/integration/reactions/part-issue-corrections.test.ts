import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { decideReactions } from '../../../app/reactions/decide-reactions.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { ReactionsConfigSchema } from '../../../schemas/config/reactions-config.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { erp, exampleCustomer } from '../../../schemas/entities/examples.ts';
import type { InteractionData } from '../../../schemas/entities/interaction.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import { followStream } from '../../support/stream-follower.ts';

// A service-desk case corrected at the source after it was filed in its part's issue index, on DynamoDB Local:
// the store's own writes, its change stream handed to the reaction decisions as the subscription does. The old
// part and time stop counting, so no change request goes to PDM for a part the case is no longer about.

let table: TestTable;
let store: DynamoCustomerStore;
let backend: DynamoDbBackend;
let stream: ReturnType<typeof followStream>;

// The changes happen now (the stream dates them), so the cases must be recent to be news.
const NOW = new Date();
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 60 * 60 * 1000).toISOString();
const FIRST_TIME = hoursAgo(3);
const CORRECTED_TIME = hoursAgo(5);
const config = ReactionsConfigSchema.parse({ complaintThreshold: 2 });

const serviceCase = (key: string, customer: string, version: string, data: Partial<InteractionData> = {}) =>
  ({
    entity: 'interaction',
    source: { system: 'servicedesk', stream: 'tickets', key, version },
    identifiers: [erp(customer)],
    data: {
      interactionId: key,
      kind: 'serviceCase',
      channel: 'phone',
      occurredAt: FIRST_TIME,
      category: 'complaint',
      partNumber: 'P-9',
      subject: `Pump of ${customer} leaks`,
      ...data,
    },
  }) as CanonicalRecordInput;

/** Every change handed to the decisions so far, to hand them again as a redelivery would. */
const delivered: ChangeRecord[] = [];
const decide = async (changes: readonly ChangeRecord[]) => {
  const result = await decideReactions(changes, { backend, now: () => NOW, config });
  expect(result.failedSequenceNumbers).toEqual([]);
  return result.decided;
};
/** Ingests the records and hands the changes they committed to the decisions; says how many reactions were decided. */
const ingestAndDecide = async (records: readonly CanonicalRecordInput[]) => {
  await store.ingest(records);
  const changes = await stream.next();
  delivered.push(...changes);
  return decide(changes);
};

const filed = async (part: string) =>
  (await backend.readPartition(`PARTISSUE#${part}`))
    .filter((item) => item.sk !== '~RAISED')
    .map((item) => item.sk);

beforeAll(async () => {
  table = await createTestTable('part-issue-corrections');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  backend = new DynamoDbBackend(table.documentClient, table.tableName);
  stream = followStream(table);
  await ingestAndDecide([
    exampleCustomer({ key: '800', version: '1' }, [erp('800')]),
    exampleCustomer({ key: '801', version: '1' }, [erp('801')]),
  ]);
});
afterAll(async () => table.drop());

describe('a service-desk case corrected at the source, on DynamoDB Local', () => {
  it('counts towards the part it is about now, not the part it was first filed under', async () => {
    expect(await ingestAndDecide([serviceCase('CASE-1', '800', '1')])).toBe(0);
    expect(await filed('P-9')).toEqual([`${FIRST_TIME}#CASE-1`]);

    await ingestAndDecide([serviceCase('CASE-1', '800', '2', { partNumber: 'P-10' })]);
    // Another customer's complaint about P-9: with the corrected case still counted there, two would reach it.
    expect(await ingestAndDecide([serviceCase('CASE-2', '801', '1')])).toBe(0);

    expect(await filed('P-9')).toEqual([`${FIRST_TIME}#CASE-2`]);
    expect(await filed('P-10')).toEqual([`${FIRST_TIME}#CASE-1`]);
  });

  it('files a case whose time was corrected once, at its new time', async () => {
    await ingestAndDecide([
      serviceCase('CASE-1', '800', '3', { partNumber: 'P-10', occurredAt: CORRECTED_TIME }),
    ]);

    expect(await filed('P-10')).toEqual([`${CORRECTED_TIME}#CASE-1`]);
  });

  it('takes a case that is no complaint any more out, and changes nothing when the stream hands every change again', async () => {
    await ingestAndDecide([
      serviceCase('CASE-1', '800', '4', {
        partNumber: 'P-10',
        occurredAt: CORRECTED_TIME,
        category: 'question',
      }),
    ]);
    expect(await filed('P-10')).toEqual([]);

    expect(await decide(delivered)).toBe(0);

    expect(await filed('P-9')).toEqual([`${FIRST_TIME}#CASE-2`]);
    expect(await filed('P-10')).toEqual([]);
  });

  it('files a live case at the place a correction a full resync stored before the live change was read puts it', async () => {
    await store.ingest([serviceCase('CASE-3', '801', '1', { partNumber: 'P-20' })]);
    const live = await stream.next();
    await store.ingest([serviceCase('CASE-3', '801', '2', { partNumber: 'P-21' })], {
      backfill: 'fullResync',
    });
    const resync = await stream.next();

    await decide([...live, ...resync]);
    // Delivered again, in any order, the changes put nothing back where the case was.
    await decide([...resync, ...live]);

    expect(await filed('P-20')).toEqual([]);
    expect(await filed('P-21')).toEqual([`${FIRST_TIME}#CASE-3`]);
  });

  it('takes a case deleted at the source out', async () => {
    expect(await filed('P-9')).toEqual([`${FIRST_TIME}#CASE-2`]);

    await ingestAndDecide([
      {
        entity: 'interaction',
        source: { system: 'servicedesk', stream: 'tickets', key: 'CASE-2', version: '2', deleted: true },
        identifiers: [erp('801')],
      } as CanonicalRecordInput,
    ]);

    expect(await filed('P-9')).toEqual([]);
  });
});
