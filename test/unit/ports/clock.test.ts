import { afterEach, describe, expect, it, vi } from 'vitest';
import { createVirtualClock, systemClock } from '../../../core/ports/clock.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('systemClock', () => {
  it('reads the time from Date.now', () => {
    vi.useFakeTimers({ now: new Date('2026-03-01T00:00:00Z') });

    expect(systemClock.now()).toBe(Date.parse('2026-03-01T00:00:00Z'));
  });

  it('resolves a sleep only once its time has passed', async () => {
    vi.useFakeTimers();
    let done = false;

    const sleeping = systemClock.sleep(1_000).then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    const early = done;
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;

    expect(early).toBe(false);
    expect(done).toBe(true);
  });

  it('rejects with the abort reason when aborted during the sleep, and stops the timer', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();

    const sleeping = systemClock.sleep(1_000, controller.signal);
    controller.abort(new Error('stop now'));

    await expect(sleeping).rejects.toThrow('stop now');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('rejects at once with the reason of a signal aborted before the sleep', async () => {
    vi.useFakeTimers();

    await expect(systemClock.sleep(1_000, AbortSignal.abort(new Error('already')))).rejects.toThrow(
      'already',
    );
    expect(vi.getTimerCount()).toBe(0);
  });

  it('stops listening to the signal once the sleep is over', async () => {
    vi.useFakeTimers();
    const controller = new AbortController();
    const remove = vi.spyOn(controller.signal, 'removeEventListener');

    const sleeping = systemClock.sleep(10, controller.signal);
    await vi.advanceTimersByTimeAsync(10);
    await sleeping;

    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function));
  });
});

describe('createVirtualClock', () => {
  it('moves its time forward by each sleep instead of waiting, starting at the real time', async () => {
    let real = 5_000;
    const clock = createVirtualClock(() => real);

    await clock.sleep(300);
    await clock.sleep(200);
    real = 6_000;

    expect(clock.now()).toBe(6_500);
    expect(clock.slept()).toBe(500);
  });

  it('ignores a negative sleep so it never runs behind the real clock', async () => {
    const clock = createVirtualClock(() => 1_000);

    await clock.sleep(-50);

    expect(clock.now()).toBe(1_000);
    expect(clock.slept()).toBe(0);
  });

  it('rejects a sleep on an aborted signal with its reason, without moving time', async () => {
    const clock = createVirtualClock(() => 0);

    await expect(clock.sleep(100, AbortSignal.abort(new Error('aborted')))).rejects.toThrow('aborted');
    expect(clock.slept()).toBe(0);
  });

  it('follows Date.now when given no real clock', () => {
    vi.useFakeTimers({ now: 42_000 });

    expect(createVirtualClock().now()).toBe(42_000);
  });
});
