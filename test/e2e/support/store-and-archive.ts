import { join } from 'node:path';
import { createStoreItemsReader } from '../../../adapters/dynamodb/scan-store-items.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { FileEventArchive } from '../../../infra/local/eventbus/archive/file-event-archive.ts';
import type { RuntimeInfo } from '../../../infra/local/runtime-info.ts';
import { documentClientFor } from './local-store-access.ts';

/** Every store item of a running local hub (the connector kit's partitions left out), read with one Scan. */
export const readStoreItems = async (runtime: RuntimeInfo): Promise<Item[]> => {
  const client = documentClientFor(runtime);
  try {
    const items: Item[] = [];
    for await (const page of createStoreItemsReader(client, runtime.tableName).readAll()) items.push(...page);
    return items;
  } finally {
    client.destroy();
  }
};

/** A source record as the store keeps it: the record item of its current version. */
export interface StoredSourceRecord {
  readonly recordKey: string;
  readonly entity: string;
  readonly partition: string;
  readonly customerId: string | undefined;
  readonly source: { system: string; stream: string; key: string; version: string; deleted?: boolean };
  readonly data: Record<string, unknown> | undefined;
}

export const storedSourceRecords = (items: readonly Item[]): StoredSourceRecord[] =>
  items
    .filter((item) => item.kind === 'record')
    .map((item) => ({
      recordKey: String(item.recordKey),
      entity: String(item.entity),
      partition: item.pk,
      customerId: typeof item.customerId === 'string' ? item.customerId : undefined,
      source: item.source as StoredSourceRecord['source'],
      data: item.data as Record<string, unknown> | undefined,
    }));

/** The change event each stored record's current version must have been announced with (docs/events.md). */
export const announcingDetailType: Readonly<Record<string, string>> = {
  customer: 'CustomerUpdated',
  order: 'OrderRecorded',
  shipment: 'ShipmentUpdated',
  product: 'ProductChanged',
  inventory: 'InventoryChanged',
  interaction: 'InteractionRecorded',
  installedProduct: 'InstalledProductRecorded',
};

/** One record change as the bus archive shows it. */
export interface AnnouncedChange {
  /** `<detail-type>|<system>|<stream>|<key>|<version>`: one source record version. */
  readonly change: string;
  readonly eventId: string;
  readonly backfill: string | undefined;
}

export const changeKey = (
  detailType: string,
  source: { system: string; stream: string; key: string; version: string },
): string => `${detailType}|${source.system}|${source.stream}|${source.key}|${source.version}`;

/**
 * Every record-change event the local bus archived (in `<dataDir>/archive`), with the lines a crash cut
 * short reported separately: a torn line is an announcement lost from the archive.
 */
export const readAnnouncedChanges = (
  dataDir: string,
): { changes: AnnouncedChange[]; unreadableLines: string[] } => {
  const unreadableLines: string[] = [];
  const archive = new FileEventArchive({
    dir: join(dataDir, 'archive'),
    onCorruptLine: (file, line, problem) => unreadableLines.push(`${file}:${line}: ${problem}`),
  });
  const detailTypes = new Set(Object.values(announcingDetailType));
  const changes: AnnouncedChange[] = [];
  for (const { event } of archive.eventsSince(new Date(0))) {
    if (!detailTypes.has(event['detail-type'])) continue;
    const detail = event.detail as {
      source: { system: string; stream: string; key: string; version: string };
      metadata: { eventId: string; backfill?: string };
    };
    changes.push({
      change: changeKey(event['detail-type'], detail.source),
      eventId: detail.metadata.eventId,
      backfill: detail.metadata.backfill,
    });
  }
  return { changes, unreadableLines };
};
