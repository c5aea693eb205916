/** How many pages a sync reads ahead of the one it commits unless told otherwise: one, so memory stays bounded. */
export const DEFAULT_READ_AHEAD_PAGES = 1;

/** The most pages a sync may read ahead; more buys nothing while the store is slower than the source. */
export const MAX_READ_AHEAD_PAGES = 8;

export interface ReadAheadOptions {
  /** Items read ahead of the one the consumer holds; 0 reads each only when it is asked for. */
  readonly depth: number;
  /** Stops the reads in flight when aborted (the caller stopped, the lease was lost). */
  readonly signal?: AbortSignal;
}

/** A source read a bounded number of items ahead of its consumer. */
export interface ReadAhead<T> {
  /** The next item in source order; a read that failed throws here, when its turn comes, not earlier. */
  next(): Promise<IteratorResult<T, undefined>>;
  /**
   * Ends the read: aborts the reads in flight, waits for them to settle and closes the source (its `finally`
   * blocks run). Items read ahead are dropped. Safe to call more than once.
   */
  close(): Promise<void>;
}

/** A read's outcome, kept so that a failure is neither lost nor reported before the items ahead of it. */
type Settled<T> =
  | { readonly ok: true; readonly result: IteratorResult<T> }
  | { readonly ok: false; readonly error: unknown };

/**
 * Reads `open`'s items up to `depth` ahead of the consumer: while the consumer works on item N (a page being
 * committed), items N+1…N+depth are already being fetched. The source is asked for one item at a time, in
 * order, and only when the consumer takes an item is the next one asked for, so at most `depth` items wait
 * in memory. `open` receives the signal to pass to its requests: it aborts on the caller's signal and on
 * `close`, so nothing read ahead outlives the consumer.
 */
export const readAhead = <T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
  options: ReadAheadOptions,
): ReadAhead<T> => {
  const { depth } = options;
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_READ_AHEAD_PAGES)
    throw new RangeError(
      `read-ahead depth must be a whole number from 0 to ${MAX_READ_AHEAD_PAGES}, got ${depth}`,
    );
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  const source = open(signal)[Symbol.asyncIterator]();
  // Reads asked for and not yet handed out, oldest first.
  const queue: Promise<Settled<T>>[] = [];
  // The source has ended, failed or been closed: it is asked for nothing more.
  let exhausted = false;
  let closing: Promise<void> | undefined;

  const read = (): Promise<Settled<T>> =>
    source.next().then(
      (result): Settled<T> => {
        if (result.done) exhausted = true;
        return { ok: true, result };
      },
      (error: unknown): Settled<T> => {
        exhausted = true;
        return { ok: false, error };
      },
    );

  return {
    next: async () => {
      if (closing) return { done: true, value: undefined };
      const ahead = queue.shift();
      if (ahead === undefined && exhausted) return { done: true, value: undefined };
      const settled = await (ahead ?? read());
      if (!settled.ok) throw settled.error;
      if (settled.result.done) return { done: true, value: undefined };
      // Only now, with this item handed over, are the ones after it asked for: memory holds `depth` at most.
      while (!exhausted && !closing && queue.length < depth) queue.push(read());
      return { done: false, value: settled.result.value };
    },
    close: () => {
      closing ??= (async () => {
        stop.abort();
        const pending = queue.splice(0);
        // Settled values never reject; a read the abort ended is simply dropped.
        await Promise.all(pending);
        if (exhausted) return;
        // Stryker disable next-line BooleanLiteral: equivalent, every read of `exhausted` after this point is behind a `closing` check that already stops it
        exhausted = true;
        try {
          // Stryker disable next-line OptionalChaining: equivalent, a missing return() throws a TypeError that the catch below swallows like a failing one
          await source.return?.();
        } catch {
          // A source that fails to close has nothing left to give; the sync's outcome is already decided.
        }
      })();
      return closing;
    },
  };
};
