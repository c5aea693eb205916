import { describe, expect, it } from 'vitest';
import { MAX_READ_AHEAD_PAGES, readAhead } from '../../../../connectors/kit/read-ahead.ts';

/** A promise the test settles when it chooses. */
const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  let reject: (reason: unknown) => void = () => undefined;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** Lets every callback of an already settled promise run (no timer: only the queues drain). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A source whose n-th read resolves only when the test says so: `reads` holds each read asked for, with the
 * signal it was opened with, and `returned` tells whether it was closed.
 */
const controlledSource = () => {
  const reads: ReturnType<typeof deferred<IteratorResult<string>>>[] = [];
  const opened: { signal?: AbortSignal; returned: boolean } = { returned: false };
  const open = (signal: AbortSignal): AsyncIterable<string> => {
    opened.signal = signal;
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => {
          const read = deferred<IteratorResult<string>>();
          reads.push(read);
          return read.promise;
        },
        return: async () => {
          opened.returned = true;
          return { done: true, value: undefined };
        },
      }),
    };
  };
  const item = (value: string): IteratorResult<string> => ({ done: false, value });
  const end: IteratorResult<string> = { done: true, value: undefined };
  return { open, reads, opened, item, end };
};

describe('readAhead', () => {
  it('asks for the next item as soon as the consumer takes one, and no further than the depth', async () => {
    const source = controlledSource();
    const ahead = readAhead(source.open, { depth: 2 });

    const first = ahead.next();
    expect(source.reads).toHaveLength(1);
    source.reads[0]?.resolve(source.item('a'));

    expect(await first).toEqual({ done: false, value: 'a' });
    // Item a is in the consumer's hands: b and c are being read, d is not.
    expect(source.reads).toHaveLength(3);
    source.reads[1]?.resolve(source.item('b'));
    source.reads[2]?.resolve(source.item('c'));
    await drain();
    expect(source.reads).toHaveLength(3);

    expect(await ahead.next()).toEqual({ done: false, value: 'b' });
    expect(source.reads).toHaveLength(4);
  });

  it('with depth 0 reads each item only when it is asked for', async () => {
    const source = controlledSource();
    const ahead = readAhead(source.open, { depth: 0 });

    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    expect(await first).toEqual({ done: false, value: 'a' });
    await drain();

    expect(source.reads).toHaveLength(1);
  });

  it('hands items over in source order and ends when the source ends, asking it nothing more', async () => {
    const source = controlledSource();
    const ahead = readAhead(source.open, { depth: 1 });
    const taken: unknown[] = [];

    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    taken.push(await first);
    source.reads[1]?.resolve(source.item('b'));
    taken.push(await ahead.next());
    source.reads[2]?.resolve(source.end);
    taken.push(await ahead.next());
    taken.push(await ahead.next());

    expect(taken).toEqual([
      { done: false, value: 'a' },
      { done: false, value: 'b' },
      { done: true, value: undefined },
      { done: true, value: undefined },
    ]);
    expect(source.reads).toHaveLength(3);
  });

  it('holds a failed read back until its turn: the item before it is handed over first, then the error', async () => {
    const source = controlledSource();
    const ahead = readAhead(source.open, { depth: 1 });
    const failure = new Error('page 2: socket hang up');

    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    const taken = await first;
    source.reads[1]?.reject(failure);
    await drain();

    expect(taken).toEqual({ done: false, value: 'a' });
    await expect(ahead.next()).rejects.toBe(failure);
    // A failed source is done: it is asked for nothing more.
    expect(await ahead.next()).toEqual({ done: true, value: undefined });
    expect(source.reads).toHaveLength(2);
  });

  it('close aborts the read in flight and ends the iteration; a source whose read failed is not asked to return', async () => {
    const source = controlledSource();
    const ahead = readAhead(source.open, { depth: 1 });
    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    await first;
    source.opened.signal?.addEventListener('abort', () =>
      source.reads[1]?.reject(source.opened.signal?.reason),
    );

    await ahead.close();

    expect(source.opened.signal?.aborted).toBe(true);
    // As with for-await: an iterator whose next() rejected is finished.
    expect(source.opened.returned).toBe(false);
    expect(await ahead.next()).toEqual({ done: true, value: undefined });
    expect(source.reads).toHaveLength(2);
  });

  it('close does not resolve while a read it aborted is still running (nothing read ahead outlives it)', async () => {
    const source = controlledSource();
    const ahead = readAhead(source.open, { depth: 1 });
    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    await first;
    let closed = false;

    const closing = ahead.close().then(() => {
      closed = true;
    });
    await drain();
    const beforeSettled = closed;
    source.reads[1]?.resolve(source.item('b'));
    await closing;

    expect(beforeSettled).toBe(false);
    expect(closed).toBe(true);
    expect(source.opened.returned).toBe(true);
  });

  it('close leaves a source that already ended alone, and closing twice closes once', async () => {
    const source = controlledSource();
    let returns = 0;
    const ahead = readAhead(
      (signal) => {
        const iterable = source.open(signal);
        return {
          [Symbol.asyncIterator]: () => {
            const inner = iterable[Symbol.asyncIterator]();
            return {
              next: () => inner.next(),
              return: async () => {
                returns += 1;
                return { done: true, value: undefined };
              },
            };
          },
        };
      },
      { depth: 1 },
    );
    const first = ahead.next();
    source.reads[0]?.resolve(source.end);
    await first;

    await Promise.all([ahead.close(), ahead.close()]);

    expect(returns).toBe(0);
  });

  it('closes a source that is still open exactly once, even when closed twice', async () => {
    const source = controlledSource();
    let returns = 0;
    const ahead = readAhead(
      () => ({
        [Symbol.asyncIterator]: () => ({
          next: async () => source.item('a'),
          return: async () => {
            returns += 1;
            return { done: true, value: undefined };
          },
        }),
      }),
      { depth: 1 },
    );
    await ahead.next();

    await ahead.close();
    await ahead.close();

    expect(returns).toBe(1);
  });

  it('a source without return and one whose return fails still close cleanly', async () => {
    const withoutReturn = readAhead(
      () => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: false, value: 1 }) }) }),
      { depth: 1 },
    );
    const failingReturn = readAhead(
      () => ({
        [Symbol.asyncIterator]: () => ({
          next: async () => ({ done: false, value: 1 }),
          return: async () => {
            throw new Error('cannot close');
          },
        }),
      }),
      { depth: 1 },
    );
    await withoutReturn.next();
    await failingReturn.next();

    await expect(withoutReturn.close()).resolves.toBeUndefined();
    await expect(failingReturn.close()).resolves.toBeUndefined();
  });

  it('aborts the reads when the caller’s signal aborts, with the caller’s reason', async () => {
    const source = controlledSource();
    const caller = new AbortController();
    const ahead = readAhead(source.open, { depth: 1, signal: caller.signal });
    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    await first;

    caller.abort(new Error('lease lost'));

    expect(source.opened.signal?.aborted).toBe(true);
    expect(source.opened.signal?.reason).toEqual(new Error('lease lost'));
  });

  it('refuses a depth that is not a whole number from 0 to the maximum, naming it', () => {
    const source = controlledSource();

    for (const depth of [-1, 1.5, MAX_READ_AHEAD_PAGES + 1, Number.NaN]) {
      expect(() => readAhead(source.open, { depth })).toThrow(
        new RangeError(`read-ahead depth must be a whole number from 0 to 8, got ${depth}`),
      );
    }
    expect(() => readAhead(source.open, { depth: MAX_READ_AHEAD_PAGES })).not.toThrow();
    expect(() => readAhead(source.open, { depth: 0 })).not.toThrow();
    expect(source.reads).toHaveLength(0);
  });
});
