import type { EntitySetMeta } from './entity-model.ts';
import type { Json } from './v2-format.ts';

/** How an `invalidRecord` fault breaks a record. */
export type RecordProblem = 'missingKey' | 'badDate';

/**
 * Breaks one serialised record in the middle of a page the way real systems occasionally do: the key
 * field is missing, or the last-changed date is not a date. Returns the index of the broken record.
 */
export const corruptOneRecord = (
  records: { [key: string]: Json }[],
  entity: EntitySetMeta,
  problem: RecordProblem,
  garbledDate: string,
): number | undefined => {
  if (records.length === 0) return undefined;
  const index = Math.floor(records.length / 2);
  const record = records[index];
  if (!record) return undefined;
  if (problem === 'missingKey') {
    for (const field of entity.keyFields) delete record[field];
  } else {
    record[entity.changedField ?? entity.keyFields[0] ?? 'id'] = garbledDate;
  }
  return index;
};
