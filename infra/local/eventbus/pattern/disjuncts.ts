import type { CompiledObject, CompiledPattern, ValueMatcher } from './compiled-pattern.ts';

/** One field's value list at its path from the event root (`$or` left out): the unit a rule set indexes. */
export interface Condition {
  readonly path: readonly string[];
  readonly matchers: readonly ValueMatcher[];
}

/** Conditions that must all hold: one way (one `$or` choice per group) a pattern can match. */
export type Disjunct = readonly Condition[];

/**
 * A pattern with more ways than this is not expanded; the rule set checks it on every event instead.
 * Real patterns stay far below (AWS caps a rule's `$or` combinations in the low thousands).
 */
export const MAX_DISJUNCTS = 256;

const product = (left: Disjunct[], right: readonly Disjunct[]): Disjunct[] | undefined => {
  if (left.length * right.length > MAX_DISJUNCTS) return undefined;
  return left.flatMap((a) => right.map((b) => [...a, ...b]));
};

const expandObject = (object: CompiledObject): Disjunct[] | undefined => {
  let ways: Disjunct[] | undefined = [[]];
  for (const field of object.fields) {
    const fieldWays: Disjunct[] | undefined =
      field.kind === 'leaf' ? [[{ path: field.path, matchers: field.matchers }]] : expandObject(field.object);
    if (!fieldWays) return undefined;
    ways = product(ways, fieldWays);
    if (!ways) return undefined;
  }
  for (const branches of object.anyOf) {
    const alternatives: Disjunct[] = [];
    for (const branch of branches) {
      const branchWays = expandObject(branch);
      if (!branchWays) return undefined;
      alternatives.push(...branchWays);
    }
    ways = product(ways, alternatives);
    if (!ways) return undefined;
  }
  return ways;
};

/**
 * The pattern in disjunctive form (every `$or` multiplied out, as AWS's Event Ruler does), or undefined
 * when that would take more than {@link MAX_DISJUNCTS} ways.
 */
export const disjunctsOf = (pattern: CompiledPattern): Disjunct[] | undefined => expandObject(pattern.root);
