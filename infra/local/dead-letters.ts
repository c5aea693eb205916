import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import * as z from 'zod';

/**
 * Work the local runtime gave up on: events a rule target never accepted, async invocations that
 * failed every retry. Kept (and optionally persisted) so nothing is silently dropped.
 */
export const DeadLetterSchema = z.strictObject({
  id: z.string().min(1),
  /** ISO time the work was given up. */
  time: z.iso.datetime(),
  /** Where it came from: `rule:<rule>/target:<id>` or `function:<name>`. */
  origin: z.string().min(1),
  /** Why it was given up, usually the last error. */
  reason: z.string(),
  /** How many attempts were made. */
  attempts: z.number().int().min(0),
  /** The event or invocation payload as it would have been delivered. */
  payload: z.unknown(),
});
export type DeadLetter = z.infer<typeof DeadLetterSchema>;

export type NewDeadLetter = Omit<DeadLetter, 'id' | 'time'>;

export interface DeadLetterFilter {
  /** Exact origin, or a prefix ending in `*` (e.g. `rule:churn-alert/*`). */
  readonly origin?: string;
}

export interface DeadLetterStoreOptions {
  /** JSON-lines file that keeps dead letters across restarts; omit to keep them in memory only. */
  readonly file?: string;
  readonly now?: () => Date;
  /** Told about lines of the file that cannot be read back (they are skipped, never fatal). */
  readonly onCorruptLine?: (lineNumber: number, problem: string) => void;
}

const originMatches = (origin: string, filter: string | undefined): boolean => {
  if (filter === undefined) return true;
  return filter.endsWith('*') ? origin.startsWith(filter.slice(0, -1)) : origin === filter;
};

const readExisting = (file: string, onCorrupt: DeadLetterStoreOptions['onCorruptLine']): DeadLetter[] => {
  if (!existsSync(file)) return [];
  const letters: DeadLetter[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        const parsed = DeadLetterSchema.safeParse(JSON.parse(line));
        if (parsed.success) letters.push(parsed.data);
        else onCorrupt?.(i + 1, parsed.error.issues.map((issue) => issue.message).join('; '));
      } catch (err: unknown) {
        // A line cut short by a crash must not stop the runtime from starting.
        onCorrupt?.(i + 1, err instanceof Error ? err.message : String(err));
      }
    });
  return letters;
};

/** The dead-letter store shared by the local event bus and the local function runtime. */
export class DeadLetterStore {
  readonly #letters: DeadLetter[];
  readonly #file: string | undefined;
  readonly #now: () => Date;

  constructor(options: DeadLetterStoreOptions = {}) {
    this.#file = options.file;
    this.#now = options.now ?? (() => new Date());
    if (this.#file) mkdirSync(dirname(this.#file), { recursive: true });
    this.#letters = this.#file ? readExisting(this.#file, options.onCorruptLine) : [];
  }

  /** Records work that was given up; written through to the file before it returns. */
  add(letter: NewDeadLetter): DeadLetter {
    const record = DeadLetterSchema.parse({ ...letter, id: randomUUID(), time: this.#now().toISOString() });
    if (this.#file) appendFileSync(this.#file, `${JSON.stringify(record)}\n`, 'utf8');
    this.#letters.push(record);
    return record;
  }

  /** Dead letters, oldest first, optionally only those from one origin. */
  list(filter: DeadLetterFilter = {}): DeadLetter[] {
    return this.#letters.filter((letter) => originMatches(letter.origin, filter.origin));
  }

  /**
   * Removes dead letters (after a redrive handed them back to their target); the file is rewritten so
   * a restart does not bring them back. Returns the removed letters.
   */
  remove(ids: ReadonlySet<string>): DeadLetter[] {
    const removed = this.#letters.filter((letter) => ids.has(letter.id));
    if (removed.length === 0) return [];
    const kept = this.#letters.filter((letter) => !ids.has(letter.id));
    this.#letters.splice(0, this.#letters.length, ...kept);
    if (this.#file) {
      // Write aside and rename, so a crash leaves either the old or the new file, never half of one.
      const temporary = `${this.#file}.tmp`;
      writeFileSync(temporary, kept.map((letter) => `${JSON.stringify(letter)}\n`).join(''), 'utf8');
      renameSync(temporary, this.#file);
    }
    return removed;
  }

  /** Removes a dead letter (to redrive it) and returns it; undefined when no dead letter has the id. */
  take(id: string): DeadLetter | undefined {
    const index = this.#letters.findIndex((letter) => letter.id === id);
    if (index < 0) return undefined;
    const [letter] = this.#letters.splice(index, 1);
    // The file is append-only for adds; a removal rewrites it so a restart does not bring the letter back.
    if (this.#file) {
      writeFileSync(this.#file, this.#letters.map((l) => `${JSON.stringify(l)}\n`).join(''), 'utf8');
    }
    return letter;
  }

  get size(): number {
    return this.#letters.length;
  }
}
