import { recordsOf } from '../identity/cluster.ts';
import { readCluster } from '../identity/read-cluster.ts';
import { type RestructureDeps, reresolveCluster } from '../identity/reresolve-cluster.ts';
import { versionOrder } from '../identity/version-order.ts';
import { keys } from '../items/keys.ts';
import { LocatorItemSchema, OwnerItemSchema, parseStateItem } from '../items/state-items.ts';
import { keyString } from '../items/write-ops.ts';
import type { RecordOutcome } from '../ports/customer-store.ts';
import type { PreparedRecord } from './prepare-records.ts';

/** A record whose restructuring lost to concurrent writes on every attempt; the page may try it again later. */
export class IdentityRaceError extends Error {
  override readonly name = 'IdentityRaceError';
}

export interface UnsettledRecordDeps extends RestructureDeps {
  readonly maxAttempts: number;
  readonly pause: (attempt: number) => Promise<void>;
}

/**
 * Ingests one record whose identity is not settled: it may merge customers, raise a conflict, split a
 * customer (its identifiers changed or it was deleted) or claim a new unique identifier. Optimistic:
 * read the cluster, re-resolve, commit guarded by every involved customer's revision; retry on a race.
 */
export const ingestUnsettledRecord = async (
  prepared: PreparedRecord,
  deps: UnsettledRecordDeps,
): Promise<RecordOutcome> => {
  const { record, versionOrd, index, repeat } = prepared;
  for (let attempt = 0; attempt < deps.maxAttempts; attempt++) {
    if (attempt > 0) await deps.pause(attempt);
    const carried = record.identifiers.map((id) => `${id.type}:${id.value}`);
    const locatorKey = { pk: keys.locator(record.recordKey), sk: keys.locatorSort };
    const ownerKeys = carried.map((id) => ({ pk: keys.identifier(deps.hashOf(id)), sk: keys.owner }));
    const found = await deps.backend.getItems([locatorKey, ...ownerKeys]);
    const locatorItem = found.get(keyString(locatorKey));
    const locator = locatorItem ? parseStateItem(LocatorItemSchema, locatorItem) : undefined;
    if (locator && locator.versionOrd >= versionOrd) {
      return {
        index,
        outcome: locator.versionOrd === versionOrd ? 'unchanged' : 'stale',
        recordKey: record.recordKey,
      };
    }
    // Stryker disable next-line ArrayDeclaration: a seed naming no stored customer reads an empty partition, which readCluster skips.
    const seeds: string[] = [];
    for (const key of ownerKeys) {
      const item = found.get(keyString(key));
      if (item?.kind === 'suppressed') return { index, outcome: 'suppressed', recordKey: record.recordKey };
      // Stryker disable next-line ConditionalExpression,StringLiteral,BlockStatement: equivalent as far as reviewed: readCluster reads the owners of the record's link ids itself and the old identifiers from the stored record of the locator's customer, so only a carried identifier that links nothing (an anonymous web id) seeds differently, and that customer's records re-resolve as they were; the mark also drops the killed `true` mutant
      if (item?.kind === 'identifier') {
        const owner = parseStateItem(OwnerItemSchema, item);
        seeds.push(owner.customerId, ...owner.contestedBy);
      }
    }
    if (locator?.customerId && !locator.deleted) seeds.push(locator.customerId);
    const gathered = await readCluster(
      deps.backend,
      seeds,
      // Stryker disable next-line ArrayDeclaration: an identifier nobody owns adds nothing to the cluster.
      record.source.deleted ? [] : record.linkIds,
      deps.hashOf,
      { idKeys: new Set(carried), found },
    );
    // A plain copy of a newer version, whose writer has not reached (or never will reach) its commit point: this
    // record would overwrite news the feed announced, and the copy's commit, its page's replay or the next
    // restructuring of its customer makes it the record. Against it this version is stale.
    const held = gathered.records.get(record.recordKey);
    if (held && versionOrder(held.record.source.version) > versionOrd) {
      return { index, outcome: 'stale', recordKey: record.recordKey };
    }
    const records = recordsOf(gathered);
    if (record.source.deleted) records.delete(record.recordKey);
    else records.set(record.recordKey, record);
    const plan = await reresolveCluster(deps, gathered, records, {
      incoming: { record, versionOrd, locator, repeat: repeat === true },
    });
    if (plan) {
      const customerId = plan.customerOf.get(record.recordKey);
      return {
        index,
        outcome: 'written',
        recordKey: record.recordKey,
        ...(customerId ? { customerId } : {}),
      };
    }
  }
  throw new IdentityRaceError(
    `record ${record.recordKey}: identity resolution kept racing with concurrent writes after ${deps.maxAttempts} attempts`,
  );
};
