import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EventEnvelope } from '../envelope.ts';
import { type ArchivedEvent, ArchivedEventSchema, type EventArchive, inRange } from './event-archive.ts';

export interface FileEventArchiveOptions {
  /** Folder holding the archive's segment files (`events-<n>.jsonl`). */
  readonly dir: string;
  /** A segment is closed once it holds this many bytes. @default 8 MiB */
  readonly maxSegmentBytes?: number;
  /** Only this many segments are kept; the oldest is deleted when another one starts. @default 16 */
  readonly maxSegments?: number;
  readonly now?: () => Date;
  /** Told about lines that cannot be read back (skipped, never fatal). */
  readonly onCorruptLine?: (file: string, lineNumber: number, problem: string) => void;
  /** Told when archiving fails (a full disk); the bus keeps routing. */
  readonly onWriteError?: (error: unknown) => void;
}

const SEGMENT = /^events-(\d{8})\.jsonl$/;
const segmentName = (n: number) => `events-${String(n).padStart(8, '0')}.jsonl`;

/**
 * The local bus's archive: JSON lines in numbered segment files under the data folder, bounded by
 * rotation (the oldest segment goes when the limit is reached), like an EventBridge archive with a
 * retention period. Appends are buffered and written once per turn of the event loop, so archiving
 * does not slow PutEvents down; reads flush first.
 */
export class FileEventArchive implements EventArchive {
  readonly #dir: string;
  readonly #maxSegmentBytes: number;
  readonly #maxSegments: number;
  readonly #now: () => Date;
  readonly #options: FileEventArchiveOptions;
  #buffer: string[] = [];
  #flushScheduled = false;
  #segment: number;
  #segmentBytes: number;

  constructor(options: FileEventArchiveOptions) {
    this.#options = options;
    this.#dir = options.dir;
    this.#maxSegmentBytes = options.maxSegmentBytes ?? 8 * 1024 * 1024;
    this.#maxSegments = options.maxSegments ?? 16;
    this.#now = options.now ?? (() => new Date());
    mkdirSync(this.#dir, { recursive: true });
    const segments = this.#segments();
    this.#segment = segments.at(-1) ?? 1;
    const current = join(this.#dir, segmentName(this.#segment));
    this.#segmentBytes = existsSync(current) ? statSync(current).size : 0;
  }

  append(event: EventEnvelope, bus: string): void {
    const record: ArchivedEvent = { archivedAt: this.#now().toISOString(), bus, event };
    this.#buffer.push(`${JSON.stringify(record)}\n`);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.#flushScheduled = false;
    if (this.#buffer.length === 0) return;
    const lines = this.#buffer;
    this.#buffer = [];
    try {
      let chunk = '';
      let chunkBytes = 0;
      for (const line of lines) {
        const lineBytes = Buffer.byteLength(line);
        const pending = this.#segmentBytes + chunkBytes;
        // A segment always takes at least one line, so one oversized event cannot stall rotation.
        if (pending > 0 && pending + lineBytes > this.#maxSegmentBytes) {
          this.#write(chunk);
          chunk = '';
          chunkBytes = 0;
          this.#rotate();
        }
        chunk += line;
        chunkBytes += lineBytes;
      }
      this.#write(chunk);
    } catch (err: unknown) {
      this.#options.onWriteError?.(err);
    }
  }

  *eventsSince(since: Date, until?: Date): Iterable<ArchivedEvent> {
    this.flush();
    for (const segment of this.#segments()) {
      const file = join(this.#dir, segmentName(segment));
      if (!existsSync(file)) continue; // rotated away while reading
      const lines = readFileSync(file, 'utf8').split('\n');
      for (const [index, line] of lines.entries()) {
        if (line.trim() === '') continue;
        const archived = this.#parse(file, index + 1, line);
        if (archived && inRange(archived, since, until)) yield archived;
      }
    }
  }

  #parse(file: string, lineNumber: number, line: string): ArchivedEvent | undefined {
    try {
      const parsed = ArchivedEventSchema.safeParse(JSON.parse(line));
      if (parsed.success) return parsed.data;
      this.#options.onCorruptLine?.(file, lineNumber, parsed.error.issues.map((i) => i.message).join('; '));
    } catch (err: unknown) {
      // A line cut short by a crash must not stop a backtest.
      this.#options.onCorruptLine?.(file, lineNumber, err instanceof Error ? err.message : String(err));
    }
    return undefined;
  }

  #write(chunk: string): void {
    if (chunk === '') return;
    appendFileSync(join(this.#dir, segmentName(this.#segment)), chunk, 'utf8');
    this.#segmentBytes += Buffer.byteLength(chunk);
  }

  #rotate(): void {
    this.#segment += 1;
    this.#segmentBytes = 0;
    const segments = this.#segments();
    // Keep maxSegments including the new one.
    for (const old of segments.slice(0, Math.max(0, segments.length - (this.#maxSegments - 1)))) {
      rmSync(join(this.#dir, segmentName(old)), { force: true });
    }
  }

  #segments(): number[] {
    return readdirSync(this.#dir)
      .map((name) => SEGMENT.exec(name)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
  }
}
