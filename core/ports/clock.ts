/** Time as the connectors see it; injected so tests can run retries, rate budgets and lag without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason if it is aborted first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The real clock: `Date.now` and timers. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        // Stryker disable next-line OptionalChaining: equivalent, onAbort is only registered on a signal, so it is there when this runs
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/**
 * A clock whose sleeps return at once and move its time forward instead; it never runs behind the
 * real clock, so data stamped by a live source is never "in the future" for it.
 */
export const createVirtualClock = (realNow: () => number = Date.now): Clock & { slept(): number } => {
  let offset = 0;
  return {
    now: () => realNow() + offset,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      offset += Math.max(0, ms);
    },
    slept: () => offset,
  };
};
