import type { Clock } from '../../core/ports/clock.ts';
import type { ConnectorStateStore } from '../../core/ports/connector-state.ts';

/** How long a lease lasts without renewal, and how often its holder renews it. */
export interface LeaseSettings {
  /** A holder that stops renewing (killed, frozen, cut off) blocks its connector at most this long. */
  readonly ttlMs: number;
  /** Renewal period; a third of the TTL leaves two renewals' slack for a slow store. */
  readonly renewEveryMs: number;
}

export const DEFAULT_LEASE_SETTINGS: LeaseSettings = { ttlMs: 60_000, renewEveryMs: 20_000 };

/** Lease settings for a TTL, renewing at a third of it. */
export const leaseSettingsOf = (ttlMs: number): LeaseSettings => ({
  ttlMs,
  renewEveryMs: Math.max(1, Math.floor(ttlMs / 3)),
});

/**
 * Starts a repeating tick and returns what stops it. The heartbeat runs on it: real timers in production,
 * a virtual clock's timers in tests (so a test moves time instead of waiting for it, and can wait for
 * the promise a tick returns).
 */
export type RepeatEvery = (ms: number, tick: () => Promise<void> | undefined) => () => void;

/** Real timers that do not keep the process alive on their own. */
export const realRepeatEvery: RepeatEvery = (ms, tick) => {
  const timer = setInterval(() => void tick(), ms);
  timer.unref();
  return () => clearInterval(timer);
};

/** The run no longer holds its connector's lease (another run took it over, or renewal kept failing). */
export class LeaseLostError extends Error {
  override readonly name = 'LeaseLostError';
}

/** A lease held by this run: checked before every commit, renewed by a heartbeat, released once. */
export interface HeldLease {
  readonly holder: string;
  /** Aborted when the lease is lost, so reads in flight stop too. */
  readonly signal: AbortSignal;
  /** Throws {@link LeaseLostError} unless the lease is still this run's; renews first when a renewal is due. */
  ensureHeld(): Promise<void>;
  /** Stops the heartbeat and gives the lease back (a no-op if someone else holds it now). */
  release(): Promise<void>;
}

export interface TakeLeaseInput {
  readonly state: ConnectorStateStore;
  readonly connector: string;
  readonly holder: string;
  readonly clock: Clock;
  readonly settings: LeaseSettings;
  readonly repeatEvery: RepeatEvery;
  /** Told when a renewal failed with an error (the store unreachable); the lease is lost only once it lapses. */
  readonly onRenewError?: (err: unknown) => void;
}

/**
 * Takes the connector's lease for one TTL, or answers undefined when another live holder has it. While
 * held, a heartbeat renews it (conditional on the holder id, so a lease someone took over is never taken
 * back); the first failed renewal or a lapse past the last good one marks it lost for good.
 */
export const takeLease = async (input: TakeLeaseInput): Promise<HeldLease | undefined> => {
  const { state, connector, holder, clock, settings } = input;
  const acquiredAt = clock.now();
  if (!(await state.acquireLease(connector, holder, acquiredAt, acquiredAt + settings.ttlMs)))
    return undefined;

  const lost = new AbortController();
  let heldUntil = acquiredAt + settings.ttlMs;
  let renewedAt = acquiredAt;
  let renewing: Promise<void> | undefined;
  let released = false;

  const markLost = (reason: string) => {
    if (!lost.signal.aborted) lost.abort(new LeaseLostError(`${connector}: ${reason}`));
  };
  const renew = (): Promise<void> => {
    renewing ??= (async () => {
      const now = clock.now();
      try {
        if (await state.renewLease(connector, holder, now, now + settings.ttlMs)) {
          heldUntil = now + settings.ttlMs;
          renewedAt = now;
        } else {
          markLost(`lease of ${holder} was taken over by another run`);
        }
      } catch (err: unknown) {
        input.onRenewError?.(err);
      } finally {
        renewing = undefined;
      }
    })();
    return renewing;
  };
  const stopHeartbeat = input.repeatEvery(settings.renewEveryMs, () =>
    released || lost.signal.aborted ? undefined : renew(),
  );

  return {
    holder,
    signal: lost.signal,
    ensureHeld: async () => {
      if (!lost.signal.aborted && clock.now() - renewedAt >= settings.renewEveryMs) await renew();
      if (!lost.signal.aborted && clock.now() >= heldUntil)
        markLost(`lease of ${holder} lapsed at ${new Date(heldUntil).toISOString()} without renewal`);
      if (lost.signal.aborted) throw lost.signal.reason;
    },
    release: async () => {
      if (released) return;
      released = true;
      stopHeartbeat();
      await renewing;
      // Conditional on the holder: a lease another run took over stays theirs.
      await state.releaseLease(connector, holder);
    },
  };
};
