import type { MemoryChange } from '../../../adapters/memory/memory-backend.ts';
import { mapChangeToEvents } from '../../../core/events/map-change-to-events.ts';
import type { Item } from '../../../core/items/record-items.ts';

interface AnnouncedSource {
  readonly system: string;
  readonly stream: string;
  readonly key: string;
  readonly version: string;
}

const versionKey = (recordKey: string, version: string) => `${recordKey}@${version}`;

/**
 * What the change feed would announce for the changes a memory backend saw, by the production mapper
 * (`mapChangeToEvents`, as the stream publisher runs it): how often each record version was announced.
 */
export const announcedVersions = (changes: readonly MemoryChange[]): Map<string, number> => {
  const counts = new Map<string, number>();
  changes.forEach((change, i) => {
    const events = mapChangeToEvents({
      eventName: change.eventName,
      sequenceNumber: String(i + 1),
      approximateCreationDateTime: 1_772_323_200,
      keys: change.keys,
      ...(change.newImage ? { newImage: change.newImage } : {}),
      ...(change.oldImage ? { oldImage: change.oldImage } : {}),
    });
    for (const event of events) {
      const source = (event.detail as { source?: AnnouncedSource }).source;
      // Stryker disable next-line ConditionalExpression: test support
      if (!source || change.newImage?.kind !== 'record') continue;
      const key = versionKey(String(change.newImage.recordKey), source.version);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  return counts;
};

/**
 * The feed's promise, checked against the items at the end: no record version announced twice, and the
 * stored version of every record announced (once). A version announced and then overtaken is allowed; a
 * record that announces nothing for its kind (a web visit without interest) is not expected.
 */
export const announcementBreachesOf = (
  changes: readonly MemoryChange[],
  items: readonly Item[],
  announces: (record: Item) => boolean = () => true,
): string[] => {
  const counts = announcedVersions(changes);
  const breaches = [...counts.entries()]
    .filter(([, n]) => n > 1)
    .map(([version, n]) => `${version} announced ${n} times`);
  for (const item of items) {
    if (item.kind !== 'record' || !item.pk.startsWith('CUST#') || !announces(item)) continue;
    const source = item.source as AnnouncedSource;
    const key = versionKey(String(item.recordKey), source.version);
    if (!counts.has(key)) breaches.push(`${key} stored but never announced`);
  }
  return breaches;
};
