import * as z from 'zod';
import { type EventEnvelope, EventEnvelopeSchema } from '../envelope.ts';

/** One archived event: the event as rules saw it, the bus it was put on and when it was archived. */
export const ArchivedEventSchema = z.strictObject({
  archivedAt: z.iso.datetime(),
  bus: z.string().min(1),
  event: EventEnvelopeSchema,
});
export type ArchivedEvent = z.infer<typeof ArchivedEventSchema>;

/**
 * The port every event put on the bus is archived through. On AWS the bus's EventBridge archive plays
 * this part (backtests read it, replays are `StartReplay`); locally a file-backed archive does.
 */
export interface EventArchive {
  /** Archives an accepted event. Must not throw for a full disk: the bus keeps routing either way. */
  append(event: EventEnvelope, bus: string): void;
  /** Archived events put at or after `since` (by event time), oldest first. */
  eventsSince(since: Date, until?: Date): Iterable<ArchivedEvent>;
  /** Writes anything still buffered. */
  flush(): void;
}

/** Keeps the last `maxEvents` events in memory: the default when no data folder is given (tests). */
export class MemoryEventArchive implements EventArchive {
  readonly #events: ArchivedEvent[] = [];

  constructor(
    readonly maxEvents = 100_000,
    private readonly now: () => Date = () => new Date(),
  ) {}

  append(event: EventEnvelope, bus: string): void {
    this.#events.push({ archivedAt: this.now().toISOString(), bus, event });
    if (this.#events.length > this.maxEvents) this.#events.splice(0, this.#events.length - this.maxEvents);
  }

  *eventsSince(since: Date, until?: Date): Iterable<ArchivedEvent> {
    for (const archived of [...this.#events]) {
      if (inRange(archived, since, until)) yield archived;
    }
  }

  flush(): void {}
}

/** Whether an archived event's time lies in [since, until]. */
export const inRange = (archived: ArchivedEvent, since: Date, until: Date | undefined): boolean => {
  const time = Date.parse(archived.event.time);
  return time >= since.getTime() && (until === undefined || time <= until.getTime());
};
