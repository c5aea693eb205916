import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { storeRecordKey } from './expectations.ts';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';

/**
 * Issue 10 item 5: a Business Central customer whose e-mail was typed `orders(at)example.com`, served by the
 * sandbox's real HTTP server and synced into DynamoDB Local.
 */
const startWithGarbledEmail = async (options: HarnessOptions = {}) => {
  const h = await startHarness({ only: 'business-central', ...options });
  const [id] = h.sandbox.faults.businessCentral.inject({
    kind: 'invalidEmail',
    stream: 'customers',
    count: 1,
  });
  const row = h.sandbox.truth().businessCentral.customers.find((customer) => customer.id === id);
  if (id === undefined || typeof row?.number !== 'string' || typeof row.email !== 'string') {
    throw new Error('the sandbox garbled no Business Central customer');
  }
  return { h, id, number: row.number, email: row.email };
};

const syncCustomers = (h: Harness) =>
  h.service.sync(
    { connector: 'business-central', full: false, streams: ['customers'] },
    { timeBudget: unlimitedTimeBudget, reserveMs: 0 },
  );

/** The stored record item of one source record (the identifiers it was loaded with), if it was loaded. */
const storedRecord = async (h: Harness, recordKey: string) => {
  const page = await h.table.documentClient.send(
    new ScanCommand({
      TableName: h.table.tableName,
      FilterExpression: '#kind = :record AND recordKey = :key',
      ExpressionAttributeNames: { '#kind': 'kind' },
      ExpressionAttributeValues: { ':record': 'record', ':key': recordKey },
    }),
  );
  return page.Items?.[0] as { identifiers: { type: string; value: string }[] } | undefined;
};

describe('invalid identifying values from the Business Central sandbox (DynamoDB Local)', () => {
  let garbled: Awaited<ReturnType<typeof startWithGarbledEmail>>;
  beforeAll(async () => {
    garbled = await startWithGarbledEmail();
  });
  afterAll(async () => {
    await garbled?.h.stop();
  });

  it('quarantine the customer under its number, naming the field and the raw e-mail, and do not load it', {
    timeout: 120_000,
  }, async () => {
    const { h, id, number, email } = garbled;

    const result = await syncCustomers(h);
    const quarantined = await h.state.listQuarantine({ connector: 'business-central' });
    const recordKey = storeRecordKey('customer', 'business-central', 'customers', id);

    expect(email).toMatch(/\(at\)/);
    expect(result.failed).toEqual([]);
    expect(quarantined.map((q) => [q.stream, q.recordKey, q.reason])).toEqual([
      ['customers', number, `email: ${JSON.stringify(email)} is not an e-mail address`],
    ]);
    expect((await h.storedRecords()).has(recordKey)).toBe(false);
    expect(await storedRecord(h, recordKey)).toBeUndefined();
    // Every other customer arrived.
    const loaded = [...(await h.storedRecords()).keys()].filter((key) => key.includes('#customers#'));
    expect(loaded.length).toBe(h.sandbox.truth().businessCentral.customers.length - 1);
  });
});

describe('an installation that loads customers without an invalid e-mail (invalidIdentifiers.email)', () => {
  let garbled: Awaited<ReturnType<typeof startWithGarbledEmail>>;
  beforeAll(async () => {
    garbled = await startWithGarbledEmail({
      configure: { 'business-central': { invalidIdentifiers: { email: 'drop-identifier' } } },
    });
  });
  afterAll(async () => {
    await garbled?.h.stop();
  });

  it('loads the customer with its number but without the e-mail identifier, and quarantines nothing', {
    timeout: 120_000,
  }, async () => {
    const { h, id, number } = garbled;

    await syncCustomers(h);
    const stored = await storedRecord(h, storeRecordKey('customer', 'business-central', 'customers', id));

    expect(await h.state.listQuarantine({ connector: 'business-central' })).toEqual([]);
    expect(stored?.identifiers.map((i) => i.type).sort()).toEqual(['erp', 'phone']);
    expect(stored?.identifiers.find((i) => i.type === 'erp')?.value).toContain(number);
  });
});
