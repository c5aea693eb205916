import { describe, expect, it } from 'vitest';
import { runPooled } from '../../../core/concurrency/run-pooled.ts';

/** A task per item that waits until the test releases it, so the test decides what is in flight. */
const gated = () => {
  const started: number[] = [];
  const release = new Map<number, { ok: () => void; fail: (err: Error) => void }>();
  const run = (item: number) =>
    new Promise<void>((ok, fail) => {
      started.push(item);
      release.set(item, { ok, fail });
    });
  return { started, release, run };
};
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('runPooled', () => {
  it('keeps at most `size` items in flight and starts the next as soon as one finishes', async () => {
    const { started, release, run } = gated();

    const done = runPooled([1, 2, 3, 4], 2, run);
    await tick();
    expect(started).toEqual([1, 2]);
    release.get(2)?.ok();
    await tick();
    expect(started).toEqual([1, 2, 3]);
    for (const item of [1, 3]) release.get(item)?.ok();
    await tick();
    release.get(4)?.ok();

    await expect(done).resolves.toBeUndefined();
    expect(started).toEqual([1, 2, 3, 4]);
  });

  it('starts nothing more after a failure and throws it only once the item in flight has settled', async () => {
    const { started, release, run } = gated();
    let settled = false;

    const done = runPooled([1, 2, 3, 4], 2, run).finally(() => {
      settled = true;
    });
    await tick();
    release.get(1)?.fail(new Error('item 1 failed'));
    await tick();
    expect(settled).toBe(false);
    release.get(2)?.ok();

    await expect(done).rejects.toThrow('item 1 failed');
    expect(started).toEqual([1, 2]);
  });

  it('runs nothing for no items', async () => {
    const { started, run } = gated();

    await runPooled([], 4, run);

    expect(started).toEqual([]);
  });
});
