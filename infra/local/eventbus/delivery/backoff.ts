/** Exponential backoff with jitter: attempt n waits between half and all of base * 2^(n-1), capped. */
export const backoffDelayMs = (
  failedAttempts: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number => {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.max(failedAttempts - 1, 0));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
};
