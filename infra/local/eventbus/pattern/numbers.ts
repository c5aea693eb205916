/**
 * EventBridge compares numbers in the range -5.0e9..+5.0e9 with six digits after the decimal point
 * (AWS event-ruler's ComparableNumber). Quantising to millionths reproduces that precision and keeps
 * every value an exact integer for JavaScript (5e15 < 2^53).
 */
export const NUMERIC_LIMIT = 5e9;

/** True when EventBridge can compare the number numerically. */
export const isComparableNumber = (value: number): boolean =>
  Number.isFinite(value) && value >= -NUMERIC_LIMIT && value <= NUMERIC_LIMIT;

/** The number as EventBridge compares it: an integer count of millionths. */
export const comparable = (value: number): number => Math.round(value * 1e6);

/** Equality for numbers in patterns: numeric within the comparable range, exact outside it. */
export const numbersEqual = (a: number, b: number): boolean =>
  // A number beyond the limit counts more millionths than any within it, so `||` gives the same verdicts.
  // Stryker disable next-line LogicalOperator: equivalent, see above
  isComparableNumber(a) && isComparableNumber(b) ? comparable(a) === comparable(b) : a === b;
