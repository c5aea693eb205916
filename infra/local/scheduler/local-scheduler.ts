import type { ScheduleSpec } from '../../topology/schema.ts';
import { nextFireTime, type ParsedSchedule, parseScheduleExpression } from './schedule-expression.ts';

export interface LocalSchedulerOptions {
  readonly schedules: readonly ScheduleSpec[];
  /** Invokes the target asynchronously with the schedule's input, as EventBridge Scheduler does. */
  readonly invokeAsync: (functionName: string, input: unknown) => Promise<void>;
  /**
   * Fire the schedules marked `runAtStart` once right away (connector syncs), so `npm start` pulls the source
   * systems at once instead of after a period or at a cron's next time. @default false
   */
  readonly runAtStart?: boolean;
  /**
   * Gap between the start-up firings: the first fires at once, the next this much later, and so on, so the
   * first connector's first page is not queued behind every other connector's on one CPU and one store.
   * @default 0 (all at once)
   */
  readonly runAtStartSpacingMs?: number;
  /**
   * The start-up firings after the first wait for this (the local runtime: the first change in the store, i.e.
   * the first connector's first page committed) or `runAtStartGateMaxMs`, whichever comes first, so on a busy
   * machine the first connector has the process to itself until its first records are stored.
   */
  readonly runAtStartGate?: Promise<unknown>;
  /** @default 10000 */
  readonly runAtStartGateMaxMs?: number;
  readonly now?: () => Date;
  readonly log?: (
    level: 'info' | 'warn' | 'error',
    message: string,
    details?: Record<string, unknown>,
  ) => void;
}

/** Parses every schedule up front so a bad expression stops start-up with the schedule named. */
export const parseSchedules = (schedules: readonly ScheduleSpec[]) =>
  schedules.map((spec) => {
    try {
      return { spec, parsed: parseScheduleExpression(spec.expression) };
    } catch (err: unknown) {
      throw new Error(
        `schedules["${spec.name}"].expression: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  });

/** Whether the local runtime runs a schedule (`awsOnly` ones make up for what only AWS lacks). */
export const runsLocally = (schedule: ScheduleSpec): boolean => !schedule.awsOnly;

/**
 * The in-process stand-in for EventBridge Scheduler: one timer per schedule it runs (not the `awsOnly` ones),
 * re-armed after each fire.
 */
export const startLocalScheduler = (options: LocalSchedulerOptions) => {
  const schedules = options.schedules.filter(runsLocally);
  const now = options.now ?? (() => new Date());
  const timers = new Map<string, NodeJS.Timeout>();
  const anchor = now();
  let stopped = false;
  let startedFirst = false;

  const fire = (spec: ScheduleSpec) => {
    options.invokeAsync(spec.function, spec.input).catch((err: unknown) => {
      options.log?.('error', `schedule ${spec.name} could not invoke ${spec.function}`, {
        error: err instanceof Error ? err.message : String(err),
      });
    });
  };

  const arm = (spec: ScheduleSpec, parsed: ParsedSchedule) => {
    if (stopped) return;
    const next = nextFireTime(parsed, now(), anchor);
    if (!next) return;
    // setTimeout caps at ~24.8 days; longer waits re-arm at the cap and check again.
    const delay = Math.min(Math.max(0, next.getTime() - now().getTime()), 2_000_000_000);
    timers.set(
      spec.name,
      setTimeout(() => {
        if (now() >= next) fire(spec);
        arm(spec, parsed);
      }, delay),
    );
  };

  const spacingMs = options.runAtStartSpacingMs ?? 0;
  const later: ScheduleSpec[] = [];
  for (const { spec, parsed } of parseSchedules(schedules)) {
    if (options.runAtStart && spec.runAtStart) {
      if (startedFirst) later.push(spec);
      else {
        startedFirst = true;
        fire(spec);
      }
    }
    arm(spec, parsed);
  }
  const fireLater = () => {
    for (const [index, spec] of later.entries()) {
      const delay = (index + 1) * spacingMs;
      if (delay === 0) {
        fire(spec);
        continue;
      }
      const key = `${spec.name}#start`;
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          if (!stopped) fire(spec);
        }, delay),
      );
    }
  };
  if (later.length > 0) {
    if (options.runAtStartGate) {
      let released = false;
      const release = () => {
        if (released || stopped) return;
        released = true;
        clearTimeout(timers.get('#gate'));
        timers.delete('#gate');
        fireLater();
      };
      timers.set('#gate', setTimeout(release, options.runAtStartGateMaxMs ?? 10_000));
      options.runAtStartGate.then(release, release);
    } else fireLater();
  }

  return {
    /** The schedules and when each fires next, for the start-up banner. */
    describe: () =>
      parseSchedules(schedules).map(({ spec, parsed }) => ({
        name: spec.name,
        expression: spec.expression,
        next: nextFireTime(parsed, now(), anchor),
      })),
    stop(): void {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
};
