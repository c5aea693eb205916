import {
  type EventBridgeClient,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import { backoffDelayMs, sleepMs } from '../../core/retry/retry-policy.ts';
import type { HubEvent } from '../../schemas/events/event-envelope.ts';
import { buildPutEvents, chunkEntries, toPutEventsEntry } from './put-events-request.ts';

export interface PublishOptions {
  readonly client: EventBridgeClient;
  readonly busName: string;
  /** Attempts per entry (first try included). @default 4 */
  readonly maxAttempts?: number;
  /** Ceiling of the first backoff delay in ms, doubled per attempt (the shared retry policy). @default 50 */
  readonly baseDelayMs?: number;
  /** Longest single wait. @default 1000 */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

export interface PublishOutcome {
  /** Indexes (into the input) of events that could not be published after every attempt. */
  readonly failed: readonly number[];
  readonly errors: readonly string[];
}

/**
 * Publishes events with PutEvents, ten at a time, retrying the entries EventBridge reports as failed
 * (and whole requests that throw) with backoff. Reports what still failed instead of throwing, so the
 * caller can hand exactly those changes back to the stream.
 */
export const publishEvents = async (
  events: readonly HubEvent[],
  options: PublishOptions,
): Promise<PublishOutcome> => {
  const maxAttempts = options.maxAttempts ?? 4;
  const delays = { baseDelayMs: options.baseDelayMs ?? 50, maxDelayMs: options.maxDelayMs ?? 1000 };
  const sleep = options.sleep ?? sleepMs;
  let pending = events.map((event, index) => ({ index, entry: toPutEventsEntry(event, options.busName) }));
  const errors: string[] = [];
  for (let attempt = 0; attempt < maxAttempts && pending.length > 0; attempt++) {
    // Retries only the entries still failing, so the loop is here; the wait is the shared policy's.
    if (attempt > 0) await sleep(backoffDelayMs(delays, attempt));
    const retry: typeof pending = [];
    const byEntry = new Map<PutEventsRequestEntry, (typeof pending)[number]>(
      pending.map((p) => [p.entry, p]),
    );
    for (const chunk of chunkEntries(pending.map((p) => p.entry))) {
      const items = chunk.map((entry) => byEntry.get(entry)).filter((p) => p !== undefined);
      try {
        const out = await options.client.send(new PutEventsCommand(buildPutEvents(chunk)));
        if (!out.FailedEntryCount) continue;
        (out.Entries ?? []).forEach((result, i) => {
          const item = items[i];
          if (item && result.ErrorCode) {
            retry.push(item);
            errors.push(`${result.ErrorCode}: ${result.ErrorMessage ?? ''}`);
          }
        });
      } catch (err: unknown) {
        retry.push(...items);
        errors.push(err instanceof Error ? `${err.name}: ${err.message}` : String(err));
      }
    }
    pending = retry;
  }
  return { failed: pending.map((p) => p.index).sort((a, b) => a - b), errors };
};
