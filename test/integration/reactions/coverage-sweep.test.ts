import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbBackend } from '../../../adapters/dynamodb/dynamodb-backend.ts';
import { createStoreItemsReader } from '../../../adapters/dynamodb/scan-store-items.ts';
import {
  createCustomerStore,
  type DynamoCustomerStore,
} from '../../../app/customer-store/create-customer-store.ts';
import { decideReactions } from '../../../app/reactions/decide-reactions.ts';
import { STORED_UNIT_ATTRIBUTES } from '../../../app/reactions/file-stored-coverage.ts';
import { sweepCoverage } from '../../../app/reactions/sweep-coverage.ts';
import { buildCoverageDueItem } from '../../../core/reactions/coverage-due.ts';
import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import { erp, exampleCustomer } from '../../../schemas/entities/examples.ts';
import { createTestTable, type TestTable } from '../../support/store.ts';
import { followStream } from '../../support/stream-follower.ts';

// Coverage entering the notice window with no change of its unit, on DynamoDB Local: units are loaded 45 days
// before their end, the change stream decides what it decides, then only the clock moves on to the sweeps.

let table: TestTable;
let store: DynamoCustomerStore;
let backend: DynamoDbBackend;
let stream: ReturnType<typeof followStream>;

const END = '2026-04-16';
const at = (day: string) => new Date(`${day}T00:30:00Z`);

const unit = (key: string, version: string, customer: string, data: Record<string, unknown>) =>
  ({
    entity: 'installedProduct',
    source: { system: 'sap-s4', stream: 'installed-base', key, version },
    identifiers: [erp(customer)],
    data: { partNumber: 'P-100', serialNumber: `SN-${key}`, purchasedOn: '2024-04-16', ...data },
  }) as CanonicalRecordInput;

/** Hands the changes committed since the last call to the reaction decisions, as the stream subscription does. */
const decideChanges = async (day: string) => {
  const result = await decideReactions(await stream.next(), { backend, now: () => at(day) });
  expect(result.failedSequenceNumbers).toEqual([]);
  return result.decided;
};

/** The coverage notices the stream has announced since the last read. */
const noticesOnStream = async () =>
  (await stream.next())
    .filter((c) => c.eventName === 'INSERT' && c.newImage?.kind === 'reaction')
    .map((c) => c.newImage?.payload as Record<string, unknown>);

beforeAll(async () => {
  table = await createTestTable('coverage-sweep');
  store = createCustomerStore({
    tableName: table.tableName,
    documentClient: table.documentClient,
    baseDelayMs: 1,
  });
  backend = new DynamoDbBackend(table.documentClient, table.tableName);
  stream = followStream(table);
  await store.ingest([
    exampleCustomer({ key: '1000', version: '1' }, [erp('1000')]),
    exampleCustomer({ key: '2000', version: '1' }, [erp('2000')]),
    unit('E-WARRANTY', '1', '1000', { warrantyEnd: END }),
    unit('E-RENEWED', '1', '1000', { contractNumber: '4100007', contractEnd: END }),
    unit('E-ERASED', '1', '2000', { warrantyEnd: END }),
  ]);
});
afterAll(async () => table.drop());

describe('the daily coverage sweep on DynamoDB Local', () => {
  it('notices nothing for units loaded 45 days before their coverage ends', async () => {
    expect(await decideChanges('2026-03-02')).toBe(0);
    expect(await noticesOnStream()).toEqual([]);
  });

  it('sends nothing for a contract renewed in between, nor for a unit whose customer was erased', async () => {
    await store.ingest([
      unit('E-RENEWED', '2', '1000', { contractNumber: '4100007', contractEnd: '2027-04-16' }),
    ]);
    const erasedId = (await store.findCustomerByIdentifier('erp', '2000', 'sap-s4'))?.customerId;
    if (!erasedId) throw new Error('customer 2000 was not stored');
    await store.eraseCustomer(erasedId, { requestedBy: 'dpo@example.com', reason: 'GDPR art. 17' });

    expect(await decideChanges('2026-03-10')).toBe(0);
    const due = (await backend.readPartition(`COVERAGE-DUE#${END}`)).map((item) => item.recordKey);
    expect(due).toEqual(['installedProduct#sap-s4#installed-base#E-WARRANTY']);
    // The old end's due item as a change that also moved the record (a merge) would have left it behind: the sweep
    // must judge it on the renewed record.
    await backend.commit([
      {
        op: 'put',
        item: buildCoverageDueItem('installedProduct#sap-s4#installed-base#E-RENEWED', {
          coverage: 'contract',
          endsOn: END,
        }),
      },
    ]);
  });

  it('sends nothing the day before the end enters the window', async () => {
    const dayBefore = await sweepCoverage({ backend, now: () => at('2026-03-16') });

    expect(dayBefore).toMatchObject({ days: 31, due: 0, noticed: 0, failed: [] });
    expect(await noticesOnStream()).toEqual([]);
  });

  it('sends exactly one notice on the day 30 days before the end, however often the sweep runs', async () => {
    const first = await sweepCoverage({ backend, now: () => at('2026-03-17') });
    const second = await sweepCoverage({ backend, now: () => at('2026-03-17') });

    expect(first).toMatchObject({ due: 2, noticed: 1, changed: 1, failed: [] });
    expect(second).toMatchObject({ due: 0, noticed: 0 });
    const notices = await noticesOnStream();
    expect(notices).toEqual([
      expect.objectContaining({
        partNumber: 'P-100',
        serialNumber: 'SN-E-WARRANTY',
        coverage: 'warranty',
        endsOn: END,
        daysLeft: 30,
      }),
    ]);
  });
});

describe('units stored before due items existed, on DynamoDB Local', () => {
  it('are filed from a scan of the store on the first run given it, and only then', async () => {
    await store.ingest([unit('E-STORED', '1', '1000', { warrantyEnd: '2026-12-01' })]);
    // Stored as before this version: the stream never filed it.
    await stream.next();
    const storedItems = createStoreItemsReader(table.documentClient, table.tableName, {
      attributes: STORED_UNIT_ATTRIBUTES,
    });

    const first = await sweepCoverage({ backend, now: () => at('2026-03-18'), storedItems });
    const second = await sweepCoverage({ backend, now: () => at('2026-03-18'), storedItems });

    expect(first.storedUnits).toMatchObject({ status: 'done' });
    expect((await backend.readPartition('COVERAGE-DUE#2026-12-01')).map((item) => item.recordKey)).toEqual([
      'installedProduct#sap-s4#installed-base#E-STORED',
    ]);
    // The warranty noticed the day before is filed again by the pass, and not noticed again.
    expect(first).toMatchObject({ noticed: 0, alreadyNoticed: 1 });
    expect(second.storedUnits).toEqual({ status: 'alreadyDone', filed: 0 });
    expect(await noticesOnStream()).toEqual([]);
  });
});
