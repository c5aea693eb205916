import { performance } from 'node:perf_hooks';
import * as z from 'zod';
import {
  type CompiledPattern,
  compileEventPattern,
  EventRuleSet,
  matchesEventPattern,
} from '../../../infra/local/eventbus/pattern/index.ts';
import { benchEvent, mixedRule, OPERATORS, operatorRule, seededRandom } from './matcher-workload.ts';

export const MatcherRunSchema = z.object({
  workload: z.string(),
  rules: z.number().int(),
  /** Mean rules matched per event (both matchers agree; a disagreement fails the run). */
  matchesPerEvent: z.number(),
  /** `rules.filter(matchesEventPattern)`, the matcher before the compiled rule set. */
  perRuleEventsPerSecond: z.number(),
  compiledEventsPerSecond: z.number(),
});
export type MatcherRun = z.infer<typeof MatcherRunSchema>;

export const MatcherResultSchema = z.object({
  events: z.number().int(),
  runs: z.array(MatcherRunSchema),
  check: z.object({ budget: z.string(), measured: z.string(), pass: z.boolean() }),
});
export type MatcherResult = z.infer<typeof MatcherResultSchema>;

/** The budget: events/s of the compiled rule set with this many mixed rules. */
export const MATCHER_BUDGET = { rules: 1_000, eventsPerSecond: 200_000 } as const;

export interface MatcherBenchOptions {
  readonly ruleCounts: readonly number[];
  /** Distinct events cycled through while timing. */
  readonly events: number;
  /** How long each matcher is timed per workload, after a warm-up of the same length. */
  readonly secondsPerRun: number;
}

/** Events per second of `match` over the events, cycled for about `seconds`. */
const eventsPerSecond = (
  events: readonly unknown[],
  seconds: number,
  match: (event: unknown) => unknown,
): number => {
  const time = (budgetMs: number) => {
    const started = performance.now();
    let done = 0;
    while (performance.now() - started < budgetMs) {
      for (const event of events) match(event);
      done += events.length;
    }
    return done / ((performance.now() - started) / 1000);
  };
  time(seconds * 500);
  return time(seconds * 1000);
};

const runWorkload = (
  workload: string,
  patterns: readonly CompiledPattern[],
  events: readonly unknown[],
  seconds: number,
): MatcherRun => {
  const set = new EventRuleSet(patterns, (pattern) => pattern);
  let matches = 0;
  for (const event of events) {
    const expected = patterns.filter((pattern) => matchesEventPattern(pattern, event));
    const actual = set.match(event);
    if (actual.length !== expected.length || actual.some((pattern, i) => pattern !== expected[i])) {
      throw new Error(
        `${workload}: the compiled rule set disagrees with the per-rule matcher on ${JSON.stringify(event)}`,
      );
    }
    matches += actual.length;
  }
  return {
    workload,
    rules: patterns.length,
    matchesPerEvent: matches / events.length,
    perRuleEventsPerSecond: eventsPerSecond(events, seconds, (event) =>
      patterns.filter((pattern) => matchesEventPattern(pattern, event)),
    ),
    compiledEventsPerSecond: eventsPerSecond(events, seconds, (event) => set.match(event)),
  };
};

/** Matcher throughput per operator and for a mixed rule set, before (rule by rule) and after (compiled). */
export const measureMatcher = (options: MatcherBenchOptions): MatcherResult => {
  const eventRandom = seededRandom(11);
  const events = Array.from({ length: options.events }, () => benchEvent(eventRandom));
  const runs: MatcherRun[] = [];
  for (const workload of [...OPERATORS, 'mixed'] as const) {
    for (const count of options.ruleCounts) {
      const random = seededRandom(count * 31 + workload.length);
      const patterns = Array.from({ length: count }, () =>
        compileEventPattern(workload === 'mixed' ? mixedRule(random) : operatorRule(workload, random)),
      );
      runs.push(runWorkload(workload, patterns, events, options.secondsPerRun));
    }
  }
  const budgetRun = runs.find((r) => r.workload === 'mixed' && r.rules === MATCHER_BUDGET.rules);
  const measured = budgetRun?.compiledEventsPerSecond ?? 0;
  return {
    events: events.length,
    runs,
    check: {
      budget: `matcher ≥ ${MATCHER_BUDGET.eventsPerSecond.toLocaleString('en')} events/s with ${MATCHER_BUDGET.rules} mixed rules`,
      measured: budgetRun
        ? `${Math.round(measured).toLocaleString('en')} events/s (rule by rule: ${Math.round(budgetRun.perRuleEventsPerSecond).toLocaleString('en')})`
        : `no run with ${MATCHER_BUDGET.rules} mixed rules`,
      pass: measured >= MATCHER_BUDGET.eventsPerSecond,
    },
  };
};

/** The matcher runs as a table for the console. */
export const matcherRows = (result: MatcherResult): string[][] => [
  ['workload', 'rules', 'matches / event', 'rule by rule', 'compiled rule set', 'speed-up'],
  ...result.runs.map((r) => [
    r.workload,
    String(r.rules),
    r.matchesPerEvent.toFixed(2),
    `${Math.round(r.perRuleEventsPerSecond).toLocaleString('en')} /s`,
    `${Math.round(r.compiledEventsPerSecond).toLocaleString('en')} /s`,
    `${(r.compiledEventsPerSecond / r.perRuleEventsPerSecond).toFixed(1)}×`,
  ]),
];
