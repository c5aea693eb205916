import { type PublishOptions, publishEvents } from '../../adapters/eventbridge/publish-events.ts';
import type { ChangeRecord } from '../../core/events/change-record.ts';
import { mapChangeToEvents } from '../../core/events/map-change-to-events.ts';
import type { HubEvent } from '../../schemas/events/event-envelope.ts';

/** Minimal logger port (Powertools' Logger fits). */
export interface FeedLogger {
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export interface FeedResult {
  /** Sequence numbers of changes whose events were not all published: the stream must deliver them again. */
  readonly failedSequenceNumbers: readonly string[];
  readonly published: number;
}

/**
 * The change feed: turns a batch of committed changes into domain events and publishes them. A change
 * whose events cannot all be published (or cannot be mapped at all) is reported back by its sequence
 * number; the stream then retries from the first such change, so nothing committed goes unannounced.
 * Events of a retried change carry the same ids as before, so consumers can drop the duplicates.
 */
export const publishStreamChanges = async (
  changes: readonly ChangeRecord[],
  options: PublishOptions & { readonly logger?: FeedLogger },
): Promise<FeedResult> => {
  const events: HubEvent[] = [];
  const ownerOf: number[] = [];
  const failedChanges = new Set<number>();
  changes.forEach((change, i) => {
    try {
      for (const event of mapChangeToEvents(change)) {
        events.push(event);
        ownerOf.push(i);
      }
    } catch (err: unknown) {
      failedChanges.add(i);
      options.logger?.error('change could not be turned into events', {
        key: change.keys,
        sequenceNumber: change.sequenceNumber,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  });
  const outcome = await publishEvents(events, options);
  for (const index of outcome.failed) {
    const owner = ownerOf[index];
    if (owner !== undefined) failedChanges.add(owner);
  }
  if (outcome.failed.length > 0) {
    options.logger?.warn('events not published; their changes go back to the stream', {
      failed: outcome.failed.length,
      errors: outcome.errors.slice(0, 5),
    });
  }
  return {
    failedSequenceNumbers: [...failedChanges]
      .sort((a, b) => a - b)
      .map((i) => changes[i]?.sequenceNumber ?? ''),
    published: events.length - outcome.failed.length,
  };
};
