/**
 * An event pattern EventBridge would refuse. The message follows TestEventPattern's
 * `Event pattern is not valid. Reason: ...` and adds where in the pattern the problem sits.
 */
export class InvalidEventPatternError extends Error {
  override readonly name = 'InvalidEventPatternError';
  constructor(
    /** What is wrong, in the words AWS's pattern compiler uses. */
    readonly reason: string,
    /** Where in the pattern, e.g. `detail.state[0]`; empty for the pattern itself. */
    readonly location: string,
  ) {
    super(`Event pattern is not valid. Reason: ${reason}${location ? ` (at ${location})` : ''}`);
  }
}
