import type { Item } from '../items/record-items.ts';

/** A source record item of a customer or part partition, as the reactions read it. */
export interface RecordFact {
  readonly entity: string;
  readonly recordKey: string;
  readonly data: Record<string, unknown>;
}

/** The live source records of a partition (records deleted at the source carry no data). */
export const recordFacts = (items: readonly Item[]): RecordFact[] =>
  items
    .filter((item) => item.kind === 'record' && typeof item.data === 'object' && item.data !== null)
    .map((item) => ({
      entity: String(item.entity),
      recordKey: String(item.recordKey),
      data: item.data as Record<string, unknown>,
    }));

/** The latest value of a status dimension (lifecycle stage, key customer...) in a customer partition. */
export const latestStatus = (items: readonly Item[], dimension: string): string | undefined => {
  let latest: { at: string; value: string } | undefined;
  for (const item of items) {
    if (item.kind !== 'status') continue;
    const change = item.change as { dimension?: string; value?: string; changedAt?: string } | undefined;
    if (change?.dimension !== dimension || !change.value || !change.changedAt) continue;
    if (!latest || change.changedAt > latest.at) latest = { at: change.changedAt, value: change.value };
  }
  return latest?.value;
};

/** Key customers are the insights' Pareto few (status dimension `keyCustomer`). */
export const isKeyCustomer = (items: readonly Item[]): boolean =>
  latestStatus(items, 'keyCustomer') === 'true';
