import type { PutEventsCommandInput, PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { HubEvent } from '../../schemas/events/event-envelope.ts';

/** PutEvents takes at most 10 entries and 256 KiB per request. */
export const MAX_ENTRIES_PER_PUT = 10;
export const MAX_BYTES_PER_PUT = 256 * 1024;

/** The PutEvents entry for an event on the hub bus. */
export const toPutEventsEntry = (event: HubEvent, busName: string): PutEventsRequestEntry => ({
  EventBusName: busName,
  Source: event.source,
  DetailType: event.detailType,
  Detail: JSON.stringify(event.detail),
});

const entrySize = (entry: PutEventsRequestEntry) =>
  Buffer.byteLength(entry.Detail ?? '') +
  Buffer.byteLength(entry.DetailType ?? '') +
  Buffer.byteLength(entry.Source ?? '') +
  64;

/** Splits entries into PutEvents requests of at most 10 entries and 256 KiB each, keeping their order. */
export const chunkEntries = (entries: readonly PutEventsRequestEntry[]): PutEventsRequestEntry[][] => {
  const chunks: PutEventsRequestEntry[][] = [];
  let current: PutEventsRequestEntry[] = [];
  let bytes = 0;
  for (const entry of entries) {
    const size = entrySize(entry);
    if (current.length > 0 && (current.length === MAX_ENTRIES_PER_PUT || bytes + size > MAX_BYTES_PER_PUT)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(entry);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
};

export const buildPutEvents = (entries: readonly PutEventsRequestEntry[]): PutEventsCommandInput => ({
  Entries: [...entries],
});
