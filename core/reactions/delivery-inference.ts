/**
 * Where a delivery outcome is never reported (AWS API destinations tell failures by dead letters, successes not
 * at all), a reaction still sending after its target's retry window, plus a margin, was delivered: EventBridge
 * either delivers within the window or dead-letters it (a 4xx other than 429 at once, 429 and 5xx once the
 * attempts or the event's age run out). This module is the arithmetic of which entries a sweep may infer.
 */

/** What a sweep is told: when a sending reaction counts as delivered, and how far back it looks. */
export interface InferencePolicy {
  /** Seconds after a reaction was sent from which no dead letter is expected any more. */
  readonly settleAfterSeconds: number;
  /** Seconds back from now the sweep reads; older sending entries are left as they are. */
  readonly lookBackSeconds: number;
}

/** The time range (ISO, inclusive) of ledger entries a sweep at `now` infers delivered when still sending. */
export interface InferenceWindow {
  readonly from: string;
  readonly until: string;
}

/** The window of a sweep at `now`: sent between `now - lookBack` and `now - settleAfter`. */
export const inferenceWindow = (now: Date, policy: InferencePolicy): InferenceWindow => {
  if (policy.lookBackSeconds <= policy.settleAfterSeconds) {
    throw new RangeError(
      `lookBackSeconds (${policy.lookBackSeconds}) must exceed settleAfterSeconds (${policy.settleAfterSeconds})`,
    );
  }
  return {
    from: new Date(now.getTime() - policy.lookBackSeconds * 1000).toISOString(),
    until: new Date(now.getTime() - policy.settleAfterSeconds * 1000).toISOString(),
  };
};
