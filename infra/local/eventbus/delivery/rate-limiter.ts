/** Time as the rate limiter sees it; tests inject a virtual one instead of waiting on the wall clock. */
export interface RateScheduler {
  now(): number;
  /** Resolves after `ms` milliseconds of this scheduler's time. */
  sleep(ms: number): Promise<void>;
}

export const realScheduler: RateScheduler = {
  now: () => Date.now(),
  sleep: (ms) =>
    new Promise((resolve) => {
      setTimeout(resolve, ms);
    }),
};

/**
 * A token bucket for one target: `perSecond` invocations a second on average, at most `perSecond` at
 * once (one second's worth), granted in the order they were asked for, as an API destination's
 * invocation rate limit holds deliveries back instead of flooding the system behind it.
 */
export class TokenBucket {
  readonly #perSecond: number;
  readonly #capacity: number;
  readonly #scheduler: RateScheduler;
  readonly #waiting: ((granted: boolean) => void)[] = [];
  #tokens: number;
  #refilledAt: number;
  #pumping = false;
  #closed = false;

  constructor(perSecond: number, scheduler: RateScheduler = realScheduler) {
    if (!(perSecond > 0)) throw new RangeError(`a rate limit must be above 0 per second, got ${perSecond}`);
    this.#perSecond = perSecond;
    this.#capacity = Math.max(1, Math.floor(perSecond));
    this.#scheduler = scheduler;
    this.#tokens = this.#capacity;
    this.#refilledAt = scheduler.now();
  }

  /** Resolves true when the caller may invoke, false when the bucket was closed while it waited. */
  acquire(): Promise<boolean> {
    if (this.#closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      void this.#pump();
    });
  }

  /** Releases every waiter with false (the bus is stopping). */
  close(): void {
    this.#closed = true;
    for (const resolve of this.#waiting.splice(0)) resolve(false);
  }

  #refill(): void {
    const now = this.#scheduler.now();
    this.#tokens = Math.min(
      this.#capacity,
      this.#tokens + ((now - this.#refilledAt) * this.#perSecond) / 1000,
    );
    this.#refilledAt = now;
  }

  /** One pump at a time hands out tokens in arrival order, sleeping until the next token when empty. */
  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#waiting.length > 0 && !this.#closed) {
        this.#refill();
        if (this.#tokens >= 1) {
          this.#tokens -= 1;
          this.#waiting.shift()?.(true);
          continue;
        }
        await this.#scheduler.sleep(Math.ceil(((1 - this.#tokens) * 1000) / this.#perSecond));
      }
    } finally {
      this.#pumping = false;
    }
  }
}
