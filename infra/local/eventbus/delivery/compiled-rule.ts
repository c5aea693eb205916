import type { RuleSpec, RuleTarget } from '../../../topology/schema.ts';
import type { CompiledPattern } from '../pattern/compiled-pattern.ts';
import { compileEventPattern, EventRuleSet, InvalidEventPatternError } from '../pattern/index.ts';
import { compileInputShaping, type InputShaping } from './target-input.ts';

export interface CompiledTarget {
  readonly spec: RuleTarget;
  readonly shaping: InputShaping;
}

/** A topology rule made ready to route: pattern compiled, every target's input shaping compiled. */
export interface CompiledRule {
  readonly spec: RuleSpec;
  readonly pattern: CompiledPattern;
  readonly targets: readonly CompiledTarget[];
}

/** A rule the bus cannot run; the message names the rule (and target) and what is wrong. */
export class InvalidRuleError extends Error {
  override readonly name = 'InvalidRuleError';
}

/** PutRule accepts event patterns up to this many characters; a longer one would fail to deploy. */
export const MAX_RULE_PATTERN_LENGTH = 4096;

/** Compiles a rule, failing with a message that names it. */
export const compileRule = (spec: RuleSpec): CompiledRule => {
  const length = JSON.stringify(spec.pattern).length;
  if (length > MAX_RULE_PATTERN_LENGTH) {
    throw new InvalidRuleError(
      `Rule "${spec.name}": the event pattern is ${length} characters; EventBridge accepts at most ${MAX_RULE_PATTERN_LENGTH}`,
    );
  }
  let pattern: CompiledPattern;
  try {
    pattern = compileEventPattern(spec.pattern);
  } catch (err: unknown) {
    if (err instanceof InvalidEventPatternError) {
      throw new InvalidRuleError(`Rule "${spec.name}": ${err.message}`, { cause: err });
    }
    throw err;
  }
  const ids = new Set<string>();
  const targets = spec.targets.map((target) => {
    if (ids.has(target.id))
      throw new InvalidRuleError(`Rule "${spec.name}": duplicate target id "${target.id}"`);
    ids.add(target.id);
    try {
      return { spec: target, shaping: compileInputShaping(target) };
    } catch (err: unknown) {
      const message = err instanceof Error ? err.message : String(err);
      throw new InvalidRuleError(`Rule "${spec.name}", target "${target.id}": ${message}`, { cause: err });
    }
  });
  return { spec, pattern, targets };
};

/** A bus's rules compiled into one matching structure, so routing cost grows slowly with the rule count. */
export const compileRuleSet = (rules: readonly CompiledRule[]): EventRuleSet<CompiledRule> =>
  new EventRuleSet(rules, (rule) => rule.pattern);
