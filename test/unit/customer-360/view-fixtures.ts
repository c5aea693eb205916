import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import { sourceRecordKey } from '../../../schemas/entities/canonical-record.ts';

/** Record items as the store writes them (core/items), built without the ingest path, for the projector's tests. */
export const recordItem = (
  customerId: string,
  record: Omit<StoredRecord, 'recordKey' | 'linkIds' | 'identifiers'>,
): Item =>
  buildRecordItems(
    { ...record, recordKey: sourceRecordKey(record), linkIds: [], identifiers: [] } as StoredRecord,
    customerId,
    'ingest',
  ).main;

const source = (system: string, stream: string, key: string, version = '1') => ({
  system,
  stream,
  key,
  version,
});

export const customerRecord = (
  customerId: string,
  key: string,
  data: Record<string, unknown>,
  version = '1',
) =>
  recordItem(customerId, {
    entity: 'customer',
    source: source('sap-s4', 'business-partners', key, version),
    data: { name: `Customer ${key}`, ...data },
  } as unknown as StoredRecord);

export const orderRecord = (
  customerId: string,
  n: number,
  overrides: { status?: string; netAmount?: number; version?: string; orderedAt?: string } = {},
) =>
  recordItem(customerId, {
    entity: 'order',
    source: source('sap-s4', 'sales-orders', `SO-${n}`, overrides.version ?? '1'),
    data: {
      orderNumber: `SO-${n}`,
      orderedAt: overrides.orderedAt ?? new Date(Date.UTC(2020, 0, 1) + n * 3_600_000).toISOString(),
      status: overrides.status ?? 'delivered',
      currency: 'EUR',
      netAmount: overrides.netAmount ?? 100,
      lines: [
        { lineNumber: '10', partNumber: `P-${n % 40}`, quantity: 2 },
        { lineNumber: '20', partNumber: 'P-999', quantity: 1 },
      ],
    },
  } as unknown as StoredRecord);

/**
 * A web event's record item built by hand, in the shape `buildRecordItems` gives it (checked by a test):
 * the heavy customer's 200,000 events are built in a fraction of the time.
 */
export const webRecord = (customerId: string, n: number, sessions = 5_000, parts = 300): Item => {
  const data = {
    messageId: `msg-${n}`,
    type: 'track',
    event: 'Product Viewed',
    timestamp: new Date(Date.UTC(2021, 0, 1) + n * 60_000).toISOString(),
    sessionId: `s-${n % sessions}`,
    interest: { kind: n % 7 === 0 ? 'cartAdd' : 'productView', partNumber: `P-${n % parts}` },
    properties: { path: `/parts/P-${n % parts}` },
  };
  const recordKey = `webActivity#segment-web#events#msg-${n}`;
  return {
    pk: keys.customer(customerId),
    sk: keys.record(recordKey),
    kind: 'record',
    recordKey,
    entity: 'webActivity',
    source: source('segment-web', 'events', `msg-${n}`),
    identifiers: [],
    linkIds: [],
    versionOrd: 'N000000000000000000000000000001',
    data,
    summary: `Web track Product Viewed P-${n % parts}`,
    cause: 'ingest',
    customerId,
    gsi2pk: keys.timelinePk(customerId),
    gsi2sk: `${data.timestamp}#${recordKey}`,
    gsi1pk: keys.partPk(data.interest.partNumber),
    gsi1sk: `${data.timestamp}#INTEREST#${customerId}#${recordKey}`,
  };
};

export const webRecordViaStore = (customerId: string, n: number, sessions = 5_000, parts = 300) =>
  recordItem(customerId, {
    entity: 'webActivity',
    source: source('segment-web', 'events', `msg-${n}`),
    data: {
      messageId: `msg-${n}`,
      type: 'track',
      event: 'Product Viewed',
      timestamp: new Date(Date.UTC(2021, 0, 1) + n * 60_000).toISOString(),
      sessionId: `s-${n % sessions}`,
      interest: { kind: n % 7 === 0 ? 'cartAdd' : 'productView', partNumber: `P-${n % parts}` },
      properties: { path: `/parts/P-${n % parts}` },
    },
  } as unknown as StoredRecord);

export const invoiceRecord = (customerId: string, n: number, status: string, dueDate: string) =>
  recordItem(customerId, {
    entity: 'invoice',
    source: source('sap-s4', 'billing-documents', `INV-${n}`),
    data: {
      invoiceNumber: `INV-${n}`,
      issuedOn: new Date(Date.UTC(2024, 0, 1) + n * 86_400_000).toISOString().slice(0, 10),
      dueDate,
      currency: 'EUR',
      amount: 50,
      status,
    },
  } as unknown as StoredRecord);

export const profileItem = (customerId: string, overrides: Record<string, unknown> = {}): Item => ({
  pk: keys.customer(customerId),
  sk: keys.profile,
  kind: 'profile',
  customerId,
  status: 'active',
  rev: 0,
  writes: 0,
  seedRecord: 'customer#sap-s4#business-partners#1',
  createdAt: '2026-01-01T00:00:00Z',
  ...overrides,
});
