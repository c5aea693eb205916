import type { ValueMatcher } from './compiled-pattern.ts';

/**
 * How many events a matcher lets through, as a rank (lower lets fewer through). Only a guess from the
 * operator: values naming one thing (an exact value, a prefix, a CIDR block) are selective; `exists`
 * and `anything-but` hold for most events.
 */
const matcherRank = (matcher: ValueMatcher): number => {
  switch (matcher.kind) {
    case 'exact':
      return matcher.value === null || typeof matcher.value === 'boolean' ? 2 : 0;
    case 'exact-ip':
    case 'equals-ignore-case':
    case 'prefix':
    case 'suffix':
    // Stryker disable next-line ConditionalExpression: equivalent by accident, a cidr matcher falling through to wildcard also ranks 0
    case 'cidr':
      return 0;
    case 'wildcard':
      return matcher.prefix !== '' || matcher.suffix !== '' ? 0 : 2;
    case 'numeric':
      return 1;
    case 'exists':
      return matcher.exists ? 2 : 4;
    default:
      return 3;
  }
};

/** A condition's rank: a value list holds when any matcher does, so its least selective matcher counts. */
export const conditionRank = (matchers: readonly ValueMatcher[]): number => {
  let rank = 0;
  for (const matcher of matchers) rank = Math.max(rank, matcherRank(matcher));
  return rank;
};

/**
 * The condition a disjunct is indexed under: the one expected to hold least often, so that the other
 * conditions are only looked at for the few events that satisfy it. Among conditions of one rank, the
 * one fewer disjuncts share (a customer id rather than a source every other rule names).
 */
export const chooseAnchor = (
  conditions: readonly number[],
  rankOf: (condition: number) => number,
  sharedBy: (condition: number) => number,
): number => {
  let best = conditions[0] as number;
  for (const condition of conditions) {
    const rank = rankOf(condition);
    const bestRank = rankOf(best);
    if (rank < bestRank || (rank === bestRank && sharedBy(condition) < sharedBy(best))) best = condition;
  }
  return best;
};
