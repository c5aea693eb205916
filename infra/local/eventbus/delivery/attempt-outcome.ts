/** How one delivery attempt ended. */
export type AttemptOutcome =
  | { readonly delivered: true }
  | { readonly delivered: false; readonly retryable: boolean; readonly reason: string };

export const delivered: AttemptOutcome = { delivered: true };

export const failed = (reason: string, retryable: boolean): AttemptOutcome => ({
  delivered: false,
  retryable,
  reason,
});

/** The message of anything thrown. */
export const describeError = (err: unknown): string => (err instanceof Error ? err.message : String(err));
