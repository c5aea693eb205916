import { describe, expect, it } from 'vitest';
import type { QuarantineFiling } from '../../../../connectors/kit/prepared-page.ts';
import {
  fileQuarantined,
  QUARANTINE_WRITES_IN_FLIGHT,
} from '../../../../connectors/kit/quarantine-filing.ts';

const filing = (recordKey: string, reason = 'value is not valid'): QuarantineFiling => ({
  recordKey,
  reason,
  raw: { key: recordKey },
});

/** Lets every callback of an already settled promise run (no timer: only the queues drain). */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A write the test finishes by hand; it records how many writes were in flight at most. */
const heldWrites = () => {
  const pending: { filing: QuarantineFiling; finish: () => void; fail: (err: unknown) => void }[] = [];
  const started: string[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const write = (f: QuarantineFiling) =>
    new Promise<void>((resolve, reject) => {
      started.push(`${f.recordKey}: ${f.reason}`);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      const done = () => {
        inFlight -= 1;
      };
      pending.push({
        filing: f,
        finish: () => {
          done();
          resolve();
        },
        fail: (err) => {
          done();
          reject(err);
        },
      });
    });
  /** Finishes every write started so far, then lets the next ones start, until none is left. */
  const finishAll = async () => {
    while (pending.length > 0) {
      for (const p of pending.splice(0)) p.finish();
      await drain();
    }
  };
  return { write, pending, started, finishAll, mostInFlight: () => mostInFlight };
};

describe('fileQuarantined', () => {
  it('writes different keys concurrently, at most the limit at once, and resolves once all are written', async () => {
    const writes = heldWrites();
    const filings = Array.from({ length: 20 }, (_, i) => filing(`k${i}`));

    const filed = fileQuarantined(filings, writes.write);
    await drain();
    const startedAtOnce = writes.started.length;
    await writes.finishAll();
    await filed;

    expect(QUARANTINE_WRITES_IN_FLIGHT).toBe(8);
    expect(startedAtOnce).toBe(8);
    expect(writes.mostInFlight()).toBe(8);
    expect(writes.started).toHaveLength(20);
    expect(new Set(writes.started).size).toBe(20);
  });

  it('writes the filings of one key one after the other, in their order, so the last reason stays', async () => {
    const writes = heldWrites();

    const filed = fileQuarantined(
      [filing('a', 'first'), filing('b'), filing('a', 'second'), filing('a', 'third')],
      writes.write,
      4,
    );
    await drain();
    const startedAtOnce = [...writes.started];
    await writes.finishAll();
    await filed;

    expect(startedAtOnce).toEqual(['a: first', 'b: value is not valid']);
    expect(writes.started.filter((s) => s.startsWith('a'))).toEqual(['a: first', 'a: second', 'a: third']);
  });

  it('writes nothing for no filings', async () => {
    const writes = heldWrites();

    await fileQuarantined([], writes.write);

    expect(writes.started).toEqual([]);
  });

  it('rejects with the first failure only after the writes already started have settled, and starts no new key', async () => {
    const writes = heldWrites();
    let settled = false;

    const filed = fileQuarantined([filing('a'), filing('b'), filing('c')], writes.write, 2).finally(() => {
      settled = true;
    });
    const outcome = filed.catch((err: unknown) => err);
    await drain();
    writes.pending[0]?.fail(new Error('state table unavailable'));
    await drain();
    const settledWhileBRuns = settled;
    writes.pending[1]?.finish();

    expect(await outcome).toEqual(new Error('state table unavailable'));
    expect(settledWhileBRuns).toBe(false);
    expect(writes.started).toEqual(['a: value is not valid', 'b: value is not valid']);
  });

  it('stops the filings of a key after one of them failed', async () => {
    const write = async (f: QuarantineFiling) => {
      calls.push(f.reason);
      if (f.reason === 'first') throw new Error('throttled');
    };
    const calls: string[] = [];

    await expect(fileQuarantined([filing('a', 'first'), filing('a', 'second')], write)).rejects.toThrow(
      'throttled',
    );

    expect(calls).toEqual(['first']);
  });
});
