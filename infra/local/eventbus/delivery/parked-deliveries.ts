import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';
import { EventEnvelopeSchema } from '../envelope.ts';

/**
 * A delivery the bus had not finished when it stopped: waiting for its target's rate limit or for a retry.
 * EventBridge keeps retrying such a delivery for up to its maximum event age; a stopped local hub keeps it
 * for the next start instead of giving up on it (a dead letter, and a "failed" reaction in the feed).
 */
export const ParkedDeliverySchema = z.strictObject({
  rule: z.string().min(1),
  target: z.string().min(1),
  /** The event as the bus received it (the envelope rules match). */
  event: EventEnvelopeSchema,
  /** Attempts already made; the next start continues counting against the retry policy. */
  attempts: z.number().int().min(0),
  /** When the bus first took the delivery (epoch ms): the maximum event age counts from here. */
  ingestedAt: z.number().int().min(0),
  /** Why it was parked: the last error, or that it had not been attempted yet. */
  reason: z.string(),
});
export type ParkedDelivery = z.infer<typeof ParkedDeliverySchema>;

/** Where a stopping bus keeps its unfinished deliveries, and where the next start takes them from. */
export interface ParkedDeliveries {
  park(delivery: ParkedDelivery): void;
  /** Every parked delivery, removed from the store (they are the caller's to deliver now). */
  takeAll(): ParkedDelivery[];
}

/** Parked deliveries in memory (tests, a bus without a data folder). */
export class MemoryParkedDeliveries implements ParkedDeliveries {
  readonly #parked: ParkedDelivery[] = [];

  park(delivery: ParkedDelivery): void {
    this.#parked.push(ParkedDeliverySchema.parse(delivery));
  }

  takeAll(): ParkedDelivery[] {
    return this.#parked.splice(0);
  }
}

export interface FileParkedDeliveriesOptions {
  /** JSON-lines file, e.g. `.hub360/parked-deliveries.jsonl`. */
  readonly file: string;
  /** Told about lines that cannot be read back (skipped: a line cut short by a crash must not stop a start). */
  readonly onCorruptLine?: (lineNumber: number, problem: string) => void;
}

/** Parked deliveries in a JSON-lines file under the data folder, written through before `park` returns. */
export class FileParkedDeliveries implements ParkedDeliveries {
  readonly #options: FileParkedDeliveriesOptions;

  constructor(options: FileParkedDeliveriesOptions) {
    this.#options = options;
    mkdirSync(dirname(options.file), { recursive: true });
  }

  park(delivery: ParkedDelivery): void {
    appendFileSync(this.#options.file, `${JSON.stringify(ParkedDeliverySchema.parse(delivery))}\n`, 'utf8');
  }

  takeAll(): ParkedDelivery[] {
    const { file, onCorruptLine } = this.#options;
    if (!existsSync(file)) return [];
    // Taken by moving the file aside first, so a delivery parked again while these run is not lost.
    const taking = `${file}.taking`;
    renameSync(file, taking);
    const parked: ParkedDelivery[] = [];
    readFileSync(taking, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (line.trim() === '') return;
        try {
          const result = ParkedDeliverySchema.safeParse(JSON.parse(line));
          if (result.success) parked.push(result.data);
          else onCorruptLine?.(i + 1, result.error.issues.map((issue) => issue.message).join('; '));
        } catch (err: unknown) {
          onCorruptLine?.(i + 1, err instanceof Error ? err.message : String(err));
        }
      });
    rmSync(taking, { force: true });
    return parked;
  }
}
