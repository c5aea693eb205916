/** A dead letter's reason is the error named, never a payload or a receiver's answer at length. */
export const MAX_REASON_LENGTH = 300;

/** Cuts a reason to {@link MAX_REASON_LENGTH} characters, marking the cut. */
export const clipReason = (reason: string): string =>
  reason.length > MAX_REASON_LENGTH ? `${reason.slice(0, MAX_REASON_LENGTH - 1)}…` : reason;

/**
 * Why EventBridge or Scheduler gave up on a delivery, as its dead letter's message attributes say:
 * `ERROR_CODE (EXHAUSTED_RETRY_CONDITION): ERROR_MESSAGE`, each part only when given.
 */
export const failureReason = (attributes: {
  readonly code?: string | undefined;
  readonly condition?: string | undefined;
  readonly message?: string | undefined;
}): string => {
  const { code = 'DEAD_LETTERED', condition, message } = attributes;
  return `${code}${condition ? ` (${condition})` : ''}${message ? `: ${message}` : ''}`;
};
