import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import { connectorKeys } from '../../../adapters/dynamodb/connector-state/state-keys.ts';
import type { DynamoCustomerStore } from '../../../app/customer-store/create-customer-store.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleInteraction,
  exampleInvoice,
  exampleOrder,
  exampleShipment,
  exampleWebActivity,
  phone,
} from '../../../schemas/entities/examples.ts';

const v = '2026-03-01T00:00:00Z';

/** Anna: one SAP record plus a Business Central record sharing her e-mail, so the two merge. */
export const seedCustomers = async (store: DynamoCustomerStore) => {
  const anna = [erp('1000')];
  const result = await store.ingest([
    exampleCustomer({ key: '1000', version: v }, [erp('1000'), email('anna@example.com')], {
      name: 'Anna Berger',
    }),
    exampleOrder({ key: 'SO-1', version: v }, anna, { orderedAt: '2026-01-10T10:00:00Z' }),
    exampleOrder({ key: 'SO-2', version: v }, anna, { orderedAt: '2026-02-10T10:00:00Z' }),
    exampleOrder({ key: 'SO-3', version: v }, anna, { orderedAt: '2026-03-10T10:00:00Z' }),
    exampleInvoice({ key: 'INV-1', version: v }, anna, { status: 'paid', dueDate: '2026-02-01' }),
    exampleInvoice({ key: 'INV-2', version: v }, anna, { status: 'overdue', dueDate: '2026-03-01' }),
    exampleShipment({ key: 'SH-1', version: v }, anna, { status: 'delayed', promisedDate: '2026-03-15' }),
    exampleWebActivity({ key: 'W-1', version: v }, anna, {
      partNumber: 'P-100',
      timestamp: '2026-03-05T09:00:00Z',
    }),
    exampleCustomer({ key: '3000', version: v }, [erp('3000'), email('carl@example.com')], {
      name: 'Carl Erased',
    }),
  ]);
  // Business Central knows Anna by phone only; a later call-center contact carries both her e-mail and
  // that phone, which links the two customers: identity resolution merges them and records why.
  const bc = await store.ingest([
    exampleCustomer(
      { system: 'bc-eu', stream: 'customers', key: 'C0001', version: v },
      [erp('C0001', 'bc-eu'), phone('+49 89 1234567')],
      { name: 'Anna Berger' },
    ),
  ]);
  const link = await store.ingest([
    exampleInteraction({ key: 'CALL-1', version: v }, [email('anna@example.com'), phone('+49 89 1234567')]),
  ]);
  const rejected = [...result.outcomes, ...bc.outcomes, ...link.outcomes].filter(
    (o) => o.outcome === 'rejected',
  );
  if (rejected.length > 0) throw new Error(`seed rejected: ${JSON.stringify(rejected)}`);
  const owner = async (number: string, system = 'sap-s4') => {
    const found = await store.findCustomerByIdentifier('erp', number, system);
    if (!found) throw new Error(`seed: no customer for ${system}:${number}`);
    return found.customerId;
  };
  return { anna: await owner('1000'), carl: await owner('3000') };
};

/** One connector that ran with a failure and has quarantined records. */
export const seedConnectors = async (client: DynamoDBDocumentClient, tableName: string) => {
  const state = createDynamoConnectorState(client, tableName);
  const run = {
    connector: 'sap-s4',
    caughtUp: true,
    startedAt: '2026-03-01T10:00:00Z',
    finishedAt: '2026-03-01T10:01:00Z',
    recordsRead: 10,
    recordsWritten: 7,
    recordsQuarantined: 3,
    recordsDeleted: 0,
    pages: 1,
    requests: 1,
    retries: 0,
    durationMs: 60_000,
  };
  await state.saveRunStatus({ ...run, stream: 'business-partners', status: 'succeeded', lagMs: 30_000 });
  await state.saveRunStatus({
    ...run,
    stream: 'sales-orders',
    status: 'failed',
    lagMs: 90_000,
    error: 'HTTP 503',
  });
  // Written as the connector kit stores them (its own quarantine write is not used here: see the report).
  for (const key of ['BP-1', 'BP-2', 'BP-3']) {
    const at = '2026-03-01T10:00:30Z';
    await client.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: connectorKeys.quarantine('sap-s4'),
          sk: connectorKeys.quarantineSort('business-partners', key),
          kind: 'quarantinedRecord',
          connector: 'sap-s4',
          stream: 'business-partners',
          recordKey: key,
          reason: 'data.email: must be an e-mail address',
          rawJson: JSON.stringify({ BusinessPartner: key, EmailAddress: 'not-an-email' }),
          firstSeenAt: at,
          lastSeenAt: at,
          occurrences: 1,
          gsi1pk: connectorKeys.quarantineIndex,
          gsi1sk: connectorKeys.quarantineIndexSort(at, 'sap-s4', 'business-partners', key),
        },
      }),
    );
  }
};
