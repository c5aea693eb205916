import { versionOrder } from '../../../core/identity/version-order.ts';
import { keys } from '../../../core/items/keys.ts';
import { buildRecordItems, type Item } from '../../../core/items/record-items.ts';
import type { StoredRecord } from '../../../core/items/stored-record.ts';
import {
  type CanonicalRecordInput,
  CanonicalRecordSchema,
  sourceRecordKey,
} from '../../../schemas/entities/canonical-record.ts';
import { identifierKey } from '../../../schemas/entities/identifier.ts';

/**
 * Store items written by hand, in the shapes the ingest path writes them, for unit tests of code that
 * reads a whole store or partition (store check, erasure) without running the ingest path itself.
 */

/** A canonical record as the store keeps it: parsed, keyed, linked by all its identifiers. */
export const storedRecord = (input: CanonicalRecordInput): StoredRecord => {
  const record = CanonicalRecordSchema.parse(input);
  return {
    ...record,
    recordKey: sourceRecordKey(record),
    identifiers: record.identifiers,
    linkIds: record.identifiers.map(identifierKey),
  };
};

export const profileItem = (
  customerId: string,
  status: 'active' | 'merged' | 'erased',
  extra: Record<string, unknown> = {},
): Item => ({
  pk: keys.customer(customerId),
  sk: keys.profile,
  kind: 'profile',
  customerId,
  status,
  rev: 1,
  seedRecord: 'seed',
  createdAt: '2026-03-01T00:00:00Z',
  ...extra,
});

/** The record item, its order-line items and its locator, as an ingest into `customerId` leaves them. */
export const recordItems = (record: StoredRecord, customerId: string | undefined): Item[] => {
  const { main, aux } = buildRecordItems(record, customerId, 'ingest');
  const locator: Item = {
    pk: keys.locator(record.recordKey),
    sk: keys.locatorSort,
    kind: 'locator',
    recordKey: record.recordKey,
    versionOrd: versionOrder(record.source.version),
    deleted: false,
    linkIds: [...record.linkIds],
    auxKeys: aux.map((a) => a.sk),
    partition: main.pk,
    ...(customerId !== undefined ? { customerId } : {}),
  };
  return [main, ...aux, locator];
};

/** The owner item (keyed by `hashOf(idKey)`) and the 360-partition mirror of an identifier. */
export const identifierItems = (
  idKey: string,
  customerId: string,
  hashOf: (idKey: string) => string = (k) => k,
): Item[] => [
  {
    pk: keys.identifier(hashOf(idKey)),
    sk: keys.owner,
    kind: 'identifier',
    idKey,
    customerId,
    contestedBy: [],
  },
  mirrorItem(idKey, customerId),
];

export const mirrorItem = (idKey: string, customerId: string): Item => ({
  pk: keys.customer(customerId),
  sk: keys.identifierMirror(idKey),
  kind: 'identifierMirror',
  customerId,
  identifier: { type: idKey.slice(0, idKey.indexOf(':')), value: idKey.slice(idKey.indexOf(':') + 1) },
});

/** Finds one item by its key; throws naming the key when it is missing. */
export const itemAt = (items: Iterable<Item>, pk: string, sk: string): Item => {
  for (const item of items) if (item.pk === pk && item.sk === sk) return item;
  throw new Error(`no item ${pk} / ${sk}`);
};
