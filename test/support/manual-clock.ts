import type { RepeatEvery } from '../../app/connector-sync/connector-lease.ts';
import type { Clock } from '../../core/ports/clock.ts';

interface Timer {
  at: number;
  readonly every: number;
  readonly tick: () => Promise<void> | undefined;
}

/**
 * A virtual clock for lease tests: time moves only when the test says so. `advance` fires the repeating
 * timers due on the way (in time order) and waits for what each tick started; `jump` moves time without
 * firing anything, as a frozen or suspended process experiences it. Sleeps move time forward at once.
 */
export const createManualClock = (start: number) => {
  let now = start;
  const timers = new Set<Timer>();
  const clock: Clock = {
    now: () => now,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      now += Math.max(0, ms);
    },
  };
  const repeatEvery: RepeatEvery = (every, tick) => {
    const timer: Timer = { at: now + every, every, tick };
    timers.add(timer);
    return () => timers.delete(timer);
  };
  const advance = async (ms: number): Promise<void> => {
    const target = now + ms;
    for (;;) {
      const due = [...timers].filter((t) => t.at <= target).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      now = due.at;
      due.at += due.every;
      await due.tick();
    }
    now = target;
  };
  const jump = (ms: number) => {
    now += ms;
    for (const timer of timers) timer.at = Math.max(timer.at, now + timer.every);
  };
  return { clock, repeatEvery, advance, jump, timerCount: () => timers.size };
};
