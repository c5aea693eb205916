import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../../connectors/kit/read-ahead.ts';

/** A promise the test settles when it chooses. */
const deferred = <T>() => {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((res) => {
    resolve = res;
  });
  return { promise, resolve };
};

/** Lets every callback of an already settled promise run (no timer: only the queues drain). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A source whose reads the test resolves by hand; `reads` holds each read asked for. */
const heldSource = () => {
  const reads: ReturnType<typeof deferred<IteratorResult<string>>>[] = [];
  const open = (): AsyncIterable<string> => ({
    [Symbol.asyncIterator]: () => ({
      next: () => {
        const read = deferred<IteratorResult<string>>();
        reads.push(read);
        return read.promise;
      },
      return: async () => ({ done: true, value: undefined }),
    }),
  });
  const item = (value: string): IteratorResult<string> => ({ done: false, value });
  return { open, reads, item };
};

// A sync closes its read-ahead when it stops (for time, on failure): from then on the source must not be
// asked for more, even by a consumer call that was already under way or comes while the close settles.
describe('readAhead while closing', () => {
  it('answers done to a next() made while the close is still settling, without asking the source again', async () => {
    const source = heldSource();
    const ahead = readAhead(source.open, { depth: 1 });
    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    await first;

    const closing = ahead.close();
    const afterClose = ahead.next();
    source.reads[1]?.resolve(source.item('b'));
    await closing;

    expect(await afterClose).toEqual({ done: true, value: undefined });
    expect(source.reads).toHaveLength(2);
  });

  it('hands over an item whose read ended during the close, but asks for nothing after it', async () => {
    const source = heldSource();
    const ahead = readAhead(source.open, { depth: 2 });
    const first = ahead.next();
    source.reads[0]?.resolve(source.item('a'));
    await first;
    // b and c are being read ahead; the consumer now waits for b.
    const second = ahead.next();

    const closing = ahead.close();
    source.reads[1]?.resolve(source.item('b'));
    const handed = await second;
    await drain();
    const askedBeforeCloseEnded = source.reads.length;
    source.reads[2]?.resolve(source.item('c'));
    await closing;

    expect(handed).toEqual({ done: false, value: 'b' });
    expect(askedBeforeCloseEnded).toBe(3);
    expect(source.reads).toHaveLength(3);
  });
});
