import type { RecordData } from './view-lists.ts';

/** What the projector needs of a stored source record, read from a stream image or a partition item. */
export interface RecordImage {
  readonly recordKey: string;
  readonly entity: string;
  readonly versionOrd: string;
  readonly source: Readonly<Record<string, unknown>>;
  /** Absent for a tombstone (the source deleted the record): it counts for nothing. */
  readonly data?: RecordData;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads a record item (`kind: 'record'`); undefined for any other item. Only the attributes the store
 * has always written are used (recordKey, entity, source, versionOrd, data), so a change of the item's
 * other attributes or of where the item lives does not affect the view.
 */
export const recordImageOf = (
  image: Readonly<Record<string, unknown>> | undefined,
): RecordImage | undefined => {
  if (image?.kind !== 'record') return undefined;
  const { recordKey, entity, source, versionOrd, data } = image;
  if (typeof recordKey !== 'string' || typeof entity !== 'string' || !isObject(source)) {
    throw new Error(
      `record item ${String(image.pk)} / ${String(image.sk)} lacks recordKey, entity or source`,
    );
  }
  return {
    recordKey,
    entity,
    source,
    versionOrd: typeof versionOrd === 'string' ? versionOrd : '',
    ...(isObject(data) ? { data } : {}),
  };
};
