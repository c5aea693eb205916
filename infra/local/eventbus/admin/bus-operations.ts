import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { DeadLetterStore } from '../../dead-letters.ts';
import type { ArchivedEvent, EventArchive } from '../archive/event-archive.ts';
import type { CompiledRule } from '../delivery/compiled-rule.ts';
import { type RuleDispatcher, UnknownRuleTargetError } from '../delivery/dispatcher.ts';
import { type RedriveOutcome, RedriveRefusedError } from '../delivery/redrive.ts';
import type { EventEnvelope } from '../envelope.ts';
import { compileEventPattern, matchesEventPattern } from '../pattern/index.ts';

/** What a backtest found: how many archived events the pattern matches, and the first of them. */
export interface BacktestResult {
  readonly since: string;
  readonly scanned: number;
  readonly matched: number;
  /** The matching events, oldest first, at most `limit`. */
  readonly events: readonly EventEnvelope[];
}

export interface ReplayResult {
  /** Set on every replayed event as `replay-name`, as EventBridge replays do. */
  readonly replayName: string;
  readonly rule: string;
  readonly since: string;
  readonly scanned: number;
  /** Archived events the rule's pattern matched as replays; each went to every target of the rule. */
  readonly replayed: number;
  /**
   * Archived events the rule matched when they were live but not as a replay: history is not news, so a
   * rule that ignores backfill (every reaction rule unless it opts in) gets none of them again.
   */
  readonly ignoredAsBackfill: number;
}

export interface RedriveResult {
  /** Dead letters handed back to the rule target or function that failed (removed from the store). */
  readonly redriven: number;
  /** Dead letters left alone, with why: their rule or target no longer exists, or the payload does not fit. */
  readonly skipped: readonly { readonly id: string; readonly reason: string }[];
}

export interface BusOperationsContext {
  readonly busName: string;
  readonly archive: EventArchive;
  readonly rules: readonly CompiledRule[];
  readonly dispatcher: RuleDispatcher;
  readonly deadLetters: DeadLetterStore;
  /** The bus's one redrive of a single dead letter (delivery/redrive.ts), shared with the query API's. */
  readonly redrive: (id: string) => Promise<RedriveOutcome | undefined>;
}

const onBus = (busName: string) => (archived: ArchivedEvent) => archived.bus === busName;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The archived event as a replay re-delivers it: `replay-name` set, as EventBridge does, and, for an event
 * whose detail is an object, `detail.metadata.backfill` set to `replay` (an event already marked as
 * history keeps its kind). Rules then see a replay for what it is: history, not news.
 */
export const asReplayed = (event: EventEnvelope, replayName: string): EventEnvelope => {
  const { detail } = event;
  if (!isRecord(detail)) return { ...event, 'replay-name': replayName };
  const metadata = isRecord(detail.metadata) ? detail.metadata : {};
  return {
    ...event,
    'replay-name': replayName,
    detail: { ...detail, metadata: { ...metadata, backfill: metadata.backfill ?? 'replay' } },
  };
};

/**
 * Operating the rules against the archive: backtest a pattern (delivering nothing), replay archived
 * events to one rule's targets, and redrive dead letters to the target that gave up on them.
 */
export class BusOperations {
  constructor(private readonly context: BusOperationsContext) {}

  /** Runs a pattern, new or existing, over the archive since a time; delivers nothing. */
  backtest(pattern: unknown, since: Date, limit = 100): BacktestResult {
    const compiled = compileEventPattern(pattern);
    let scanned = 0;
    let matched = 0;
    const events: EventEnvelope[] = [];
    for (const archived of this.context.archive.eventsSince(since)) {
      if (!onBus(this.context.busName)(archived)) continue;
      scanned++;
      if (!matchesEventPattern(compiled, archived.event)) continue;
      matched++;
      if (events.length < limit) events.push(archived.event);
    }
    return { since: since.toISOString(), scanned, matched, events };
  }

  /**
   * Re-delivers the archived events one rule matches (since a time, up to an optional end) to that
   * rule's targets only; other rules see nothing. Every replayed event carries `replay-name` and is
   * marked as backfill (`detail.metadata.backfill: "replay"`) before it is matched, so a rule that
   * ignores backfill receives nothing again unless its pattern opts in to replays.
   */
  replay(ruleName: string, since: Date, until?: Date): ReplayResult {
    const rule = this.context.rules.find((candidate) => candidate.spec.name === ruleName);
    if (!rule) {
      const known = this.context.rules.map((candidate) => candidate.spec.name).join(', ') || '(none)';
      throw new UnknownRuleTargetError(`no rule "${ruleName}" on the bus; known rules: ${known}`);
    }
    const replayName = `replay-${ruleName}-${randomUUID().slice(0, 8)}`;
    let scanned = 0;
    let replayed = 0;
    let ignoredAsBackfill = 0;
    // Read the window first: events the replay itself causes must not join it.
    const window = [...this.context.archive.eventsSince(since, until)].filter(onBus(this.context.busName));
    for (const archived of window) {
      scanned++;
      const replay = asReplayed(archived.event, replayName);
      if (!matchesEventPattern(rule.pattern, replay)) {
        if (matchesEventPattern(rule.pattern, archived.event)) ignoredAsBackfill++;
        continue;
      }
      this.context.dispatcher.deliverTo(ruleName, replay);
      replayed++;
    }
    return { replayName, rule: ruleName, since: since.toISOString(), scanned, replayed, ignoredAsBackfill };
  }

  /**
   * Hands the dead letters matching a filter back to the target or function that gave up on them, one
   * by one through the bus's one redrive; a renewed failure dead-letters again under a new id.
   */
  async redrive(filter: {
    readonly origin?: string;
    readonly ids?: readonly string[];
  }): Promise<RedriveResult> {
    const wanted = filter.ids === undefined ? undefined : new Set(filter.ids);
    const letters = this.context.deadLetters
      .list(filter.origin === undefined ? {} : { origin: filter.origin })
      .filter((letter) => wanted === undefined || wanted.has(letter.id));
    const skipped: { id: string; reason: string }[] = [];
    let redriven = 0;
    for (const letter of letters) {
      try {
        if (await this.context.redrive(letter.id)) redriven++;
      } catch (err: unknown) {
        if (!(err instanceof RedriveRefusedError)) throw err;
        skipped.push({ id: letter.id, reason: err.message });
      }
    }
    return { redriven, skipped };
  }
}

/** Admin request bodies, parsed at the HTTP edge. */
export const BacktestRequestSchema = z.strictObject({
  pattern: z.unknown(),
  since: z.string().min(1),
  limit: z.number().int().min(0).max(10_000).optional(),
});
export const ReplayRequestSchema = z.strictObject({
  rule: z.string().min(1),
  since: z.string().min(1),
  until: z.string().min(1).optional(),
});
export const RedriveRequestSchema = z.strictObject({
  origin: z.string().min(1).optional(),
  ids: z.array(z.string().min(1)).optional(),
});
