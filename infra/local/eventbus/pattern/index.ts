/** The EventBridge event-pattern language: compile (with AWS's validation) and match. */
export { compileEventPattern, compileEventPatternText, validateEventPattern } from './compile.ts';
export type { CompiledPattern } from './compiled-pattern.ts';
export { InvalidEventPatternError } from './errors.ts';
export { matchesEventPattern } from './match.ts';
export { EventRuleSet } from './rule-set.ts';
