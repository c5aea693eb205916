import type { ChangeRecord } from '../../../core/events/change-record.ts';
import type { Item } from '../../../core/items/record-items.ts';
import type { InMemoryViewStore } from './in-memory-view-store.ts';

/**
 * Writes items into the in-memory table and returns the stream records those writes produce, with
 * increasing sequence numbers and commit times, as DynamoDB Streams (NEW_AND_OLD_IMAGES) would. Each
 * write call moves the clock on by two seconds, so a table read at `now()` holds every earlier write.
 */
export class TableSimulation {
  private sequence = 0;
  /** Epoch seconds of the last write. */
  clock = 1_800_000_000;

  constructor(readonly store: InMemoryViewStore) {}

  /** The projector's clock: just after the last write. */
  readonly now = (): Date => new Date((this.clock + 1) * 1000);

  private change(old: Item | undefined, next: Item | undefined): ChangeRecord {
    const item = (next ?? old) as Item;
    this.sequence += 1;
    return {
      eventName: !old ? 'INSERT' : !next ? 'REMOVE' : 'MODIFY',
      sequenceNumber: String(this.sequence).padStart(21, '0'),
      approximateCreationDateTime: this.clock,
      keys: { pk: item.pk, sk: item.sk },
      ...(old ? { oldImage: old } : {}),
      ...(next ? { newImage: next } : {}),
    };
  }

  put(...items: Item[]): ChangeRecord[] {
    this.clock += 2;
    return items.map((item) => {
      const old = this.store.get(item);
      this.store.put(item);
      return this.change(old, item);
    });
  }

  remove(...items: Pick<Item, 'pk' | 'sk'>[]): ChangeRecord[] {
    this.clock += 2;
    return items.flatMap((key) => {
      const old = this.store.get(key);
      if (!old) return [];
      this.store.delete(key);
      return [this.change(old, undefined)];
    });
  }
}
