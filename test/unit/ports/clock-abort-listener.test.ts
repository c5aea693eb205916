import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../../../core/ports/clock.ts';

afterEach(() => {
  vi.useRealTimers();
});

// A long-lived signal (a whole sync's) is passed to many sleeps: each must leave no listener behind on it,
// however the sleep ends, or the listeners pile up for the life of the signal.
describe('systemClock.sleep and its abort listener', () => {
  it('listens to the signal while sleeping and leaves no listener once the sleep is over', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();

    const sleeping = systemClock.sleep(10, controller.signal);
    const whileSleeping = getEventListeners(controller.signal, 'abort').length;
    await vi.advanceTimersByTimeAsync(10);
    await sleeping;

    expect(whileSleeping).toBe(1);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('leaves no listener on the signal once an abort has ended the sleep', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();

    const sleeping = systemClock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');

    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});
