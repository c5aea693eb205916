import type { Item } from '../items/record-items.ts';
import type { LocatorItem, OwnerItem, ProfileItem } from '../items/state-items.ts';
import type { StoredRecord } from '../items/stored-record.ts';

/** Everything the slow path read about the customers a record touches, transitively. */
export interface GatheredCluster {
  /** Active customers whose partitions were read, with all their items. */
  readonly partitions: Map<string, Item[]>;
  /** Profiles of active customers and of merged ones that an unmerge could bring back. */
  readonly profiles: Map<string, ProfileItem>;
  /** Owner items of every identifier the gathered records link by. */
  readonly owners: Map<string, OwnerItem>;
  /** Locators of every gathered record. */
  readonly locators: Map<string, LocatorItem>;
  /** The records as stored, by record key, with the customer holding each. */
  readonly records: Map<string, { record: StoredRecord; customerId: string }>;
  /**
   * Further copies of a record found in another gathered partition: a plain write that never reached its
   * commit point left them (core/ingest/write-plain.ts). `records` holds the copy the locator places, or else
   * the newest; a restructuring deletes these.
   */
  readonly strays: Array<{ recordKey: string; customerId: string }>;
  /**
   * Partitions of merged customers that still hold more than their profile: a merge split over several commits
   * stopped before its deletes (its records were copied to the survivor, or not yet). Their records are gathered
   * as copies like any other; a restructuring deletes what is left and moves the ledger and history along.
   */
  readonly leftovers: Map<string, Item[]>;
}

/** Reads a stored record item back into domain form. */
export const recordFromItem = (item: Item): StoredRecord =>
  ({
    entity: item.entity,
    source: item.source,
    identifiers: item.identifiers ?? [],
    data: item.data,
    recordKey: item.recordKey,
    linkIds: item.linkIds ?? [],
  }) as StoredRecord;

/** The gathered records by record key, without where each was found: the input a re-resolution starts from. */
export const recordsOf = (gathered: GatheredCluster): Map<string, StoredRecord> =>
  new Map([...gathered.records.entries()].map(([recordKey, placed]) => [recordKey, placed.record]));
