import { createHash } from 'node:crypto';
import type { ChangeRecord } from './change-record.ts';

const hash = (...parts: readonly string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);

/**
 * The event id of an event caused by a change: the item key and the stream sequence number identify
 * the change, the detail type tells apart the events one change may cause. A redelivered change (a
 * retried batch) has the same sequence number, so it yields the same ids: consumers can deduplicate.
 */
export const eventIdFor = (
  change: Pick<ChangeRecord, 'keys' | 'sequenceNumber'>,
  detailType: string,
): string => hash(change.keys.pk, change.keys.sk, change.sequenceNumber, detailType);

/**
 * The event id of an event announcing a source record's version: the record key and version identify the
 * change wherever it is written. The feed may see one version written more than once (a replay that overwrote
 * the plain copy of a process killed mid-page, beside a concurrent merge); each time the event has this id, so
 * consumers drop the repeats as they drop a retried batch's.
 */
export const recordEventIdFor = (recordKey: string, version: string, detailType: string): string =>
  hash('record', recordKey, version, detailType);

/** A correlation id shared by all events of one source change or identity decision. */
export const correlationIdFor = (...parts: readonly string[]): string => hash('correlation', ...parts);
