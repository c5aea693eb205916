import { backoffDelayMs } from '../../../../core/retry/retry-policy.ts';
import { DEFAULT_HTTP_RATE_LIMIT_PER_SECOND, type RuleTarget } from '../../../topology/schema.ts';
import type { DeadLetterStore } from '../../dead-letters.ts';
import type { EventEnvelope } from '../envelope.ts';
import { type BusLogger, silentLogger } from '../logger.ts';
import type { EventRuleSet } from '../pattern/index.ts';
import { type AttemptOutcome, delivered, describeError, failed } from './attempt-outcome.ts';
import { type CompiledRule, type CompiledTarget, compileRuleSet } from './compiled-rule.ts';
import { buildHttpTargetRequest, type ConnectionHeader, sendHttpTargetRequest } from './http-target.ts';
import type { ParkedDeliveries, ParkedDelivery } from './parked-deliveries.ts';
import { type RateScheduler, realScheduler, TokenBucket } from './rate-limiter.ts';
import { shapeTargetInput, type TargetInput } from './target-input.ts';

type HttpTargetSpec = Extract<RuleTarget, { kind: 'http' }>;

/** Hands an event to a function asynchronously; resolves once accepted, rejects when delivery failed. */
export type InvokeFunction = (name: string, event: unknown) => Promise<void>;

export interface DispatcherOptions {
  readonly rules: readonly CompiledRule[];
  readonly ruleArn: (ruleName: string) => string;
  readonly invokeFunction: InvokeFunction;
  readonly resolveSetting: (name: string) => string | undefined;
  /** Credentials of an http target's connection (an API destination's connection on AWS). */
  readonly resolveConnection?: (secretName: string) => ConnectionHeader;
  readonly deadLetters: DeadLetterStore;
  /**
   * Where a stop keeps the deliveries it interrupts (waiting for a rate limit or a retry) for the next start;
   * without it they are dead-lettered, as before the bus could keep them.
   */
  readonly parked?: ParkedDeliveries;
  /** First retry waits about this long, doubling each time. @default 1000 */
  readonly retryBaseDelayMs?: number;
  /** Longest wait between retries. @default 60000 */
  readonly retryMaxDelayMs?: number;
  /** HTTP targets time out after this long, as API destinations do. @default 5000 */
  readonly httpTimeoutMs?: number;
  /** The signal that ends an HTTP attempt after `ms`; tests end one when they choose. @default AbortSignal.timeout */
  readonly timeoutSignal?: (ms: number) => AbortSignal;
  readonly fetch?: typeof fetch;
  readonly now?: () => number;
  readonly random?: () => number;
  readonly logger?: BusLogger;
  /** Time for HTTP targets' rate limits (tests use a virtual one). */
  readonly rateScheduler?: RateScheduler;
}

/** A rule or target named by an operator (replay, redrive) that the bus does not have. */
export class UnknownRuleTargetError extends Error {
  override readonly name = 'UnknownRuleTargetError';
}

/** Why a dead letter was not handed back to its target. */
export interface RedeliveryRefusal {
  readonly reason: string;
}

/** Delivery counters, for the start-up banner and tests. */
export interface DeliveryStats {
  matched: number;
  delivered: number;
  retried: number;
  deadLettered: number;
}

interface Delivery {
  readonly rule: CompiledRule;
  readonly target: CompiledTarget;
  readonly event: EventEnvelope;
  readonly ingestedAt: number;
  /** Attempts made before this delivery was parked by a stop (0 for a new one). */
  readonly attemptsBefore?: number;
}

/** #attempt's answer when the bus stopped before the attempt could be made. */
const STOPPED = Symbol('stopped');

/**
 * Routes events to rule targets asynchronously, as EventBridge does after PutEvents returns: each
 * matching target is attempted, retried with backoff under its retry policy, and dead-lettered when
 * the policy is exhausted, the target refuses for good, or the bus stops first.
 */
export class RuleDispatcher {
  readonly stats: DeliveryStats = { matched: 0, delivered: 0, retried: 0, deadLettered: 0 };
  readonly #options: DispatcherOptions;
  readonly #ruleSet: EventRuleSet<CompiledRule>;
  readonly #logger: BusLogger;
  readonly #now: () => number;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #sleepers = new Set<() => void>();
  readonly #buckets = new Map<string, TokenBucket>();
  #stopped = false;

  constructor(options: DispatcherOptions) {
    this.#options = options;
    this.#ruleSet = compileRuleSet(options.rules);
    this.#logger = options.logger ?? silentLogger;
    this.#now = options.now ?? Date.now;
  }

  /** Starts delivering the event to every target of every matching rule; returns the matching rule names. */
  dispatch(event: EventEnvelope): string[] {
    const matching = this.#ruleSet.match(event);
    for (const rule of matching) {
      for (const target of rule.targets) {
        this.stats.matched++;
        this.#track(this.#deliver({ rule, target, event, ingestedAt: this.#now() }));
      }
    }
    return matching.map((rule) => rule.spec.name);
  }

  /**
   * Delivers an event to every target of one rule without matching it against the others (replays;
   * a redrive goes to the one failed target through `redeliver`). Throws for a rule the bus does not have.
   */
  deliverTo(ruleName: string, event: EventEnvelope): number {
    const rule = this.#options.rules.find((candidate) => candidate.spec.name === ruleName);
    if (!rule) {
      const known = this.#options.rules.map((candidate) => candidate.spec.name).join(', ') || '(none)';
      throw new UnknownRuleTargetError(`no rule "${ruleName}" on the bus; known rules: ${known}`);
    }
    for (const target of rule.targets) {
      this.stats.matched++;
      this.#track(this.#deliver({ rule, target, event, ingestedAt: this.#now() }));
    }
    return rule.targets.length;
  }

  /**
   * Starts delivering an event to one target of one rule again (a redriven dead letter), under the
   * target's retry policy. Answers why it cannot instead, starting nothing, when the rule or target no
   * longer exists or the target cannot be addressed at all (its input cannot be shaped, its URL setting or
   * connection secret is missing): such a delivery would only dead-letter again without reaching the target,
   * so the redrive must not be reported as done.
   */
  redeliver(ruleName: string, targetId: string, event: EventEnvelope): RedeliveryRefusal | undefined {
    const rule = this.#options.rules.find((r) => r.spec.name === ruleName);
    const target = rule?.targets.find((t) => t.spec.id === targetId);
    if (!rule || !target) return { reason: `rule ${ruleName} has no target ${targetId} any more` };
    const delivery = { rule, target, event, ingestedAt: this.#now() };
    const unaddressable = this.#unaddressable(delivery);
    if (unaddressable !== undefined) {
      return { reason: `rule ${ruleName} target ${targetId} cannot be delivered to: ${unaddressable}` };
    }
    this.#track(this.#deliver(delivery));
    return undefined;
  }

  /** Resolves once every delivery started so far (and any retries) has finished or been dead-lettered. */
  async drain(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  /**
   * Continues deliveries a previous stop parked, counting their earlier attempts and their age from when the
   * bus first took them; one whose rule or target is gone, or that is older than its maximum event age, is
   * dead-lettered with that reason. Returns how many were resumed.
   */
  resume(parked: readonly ParkedDelivery[]): number {
    let resumed = 0;
    for (const entry of parked) {
      const rule = this.#options.rules.find((r) => r.spec.name === entry.rule);
      const target = rule?.targets.find((t) => t.spec.id === entry.target);
      const origin = `rule:${entry.rule}/target:${entry.target}`;
      const giveUp = (reason: string) => {
        this.stats.deadLettered++;
        this.#options.deadLetters.add({ origin, reason, attempts: entry.attempts, payload: entry.event });
        this.#logger.error('event dead-lettered', { origin, attempts: entry.attempts, reason });
      };
      if (!rule || !target) {
        giveUp(`kept at the last stop, but rule ${entry.rule} has no target ${entry.target} any more`);
        continue;
      }
      const maxAgeMs = target.spec.retryPolicy.maximumEventAgeSeconds * 1000;
      if (this.#now() - entry.ingestedAt > maxAgeMs) {
        giveUp(
          `kept at the last stop, but its maximum event age of ${target.spec.retryPolicy.maximumEventAgeSeconds}s passed: ${entry.reason}`,
        );
        continue;
      }
      this.#track(
        this.#deliver({
          rule,
          target,
          event: entry.event,
          ingestedAt: entry.ingestedAt,
          attemptsBefore: entry.attempts,
        }),
      );
      resumed++;
    }
    return resumed;
  }

  /**
   * Stops retrying: deliveries waiting for a rate limit or a retry are parked for the next start (dead-lettered
   * when the bus has nowhere to park them), attempts under way are awaited.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const wake of this.#sleepers) wake();
    for (const bucket of this.#buckets.values()) bucket.close();
    await this.drain();
  }

  #track(work: Promise<void>): void {
    const tracked = work.catch((err: unknown) => {
      this.#logger.error('event delivery crashed', { error: describeError(err) });
    });
    this.#inFlight.add(tracked);
    void tracked.finally(() => this.#inFlight.delete(tracked));
  }

  /** Waits, unless the bus stops first; true when the full wait elapsed. */
  #sleep(ms: number): Promise<boolean> {
    if (this.#stopped) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.#sleepers.delete(wake);
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.#sleepers.delete(wake);
        resolve(true);
      }, ms);
      this.#sleepers.add(wake);
    });
  }

  #shape(delivery: Delivery): TargetInput {
    return shapeTargetInput(delivery.target.shaping, delivery.event, {
      ruleName: delivery.rule.spec.name,
      ruleArn: this.#options.ruleArn(delivery.rule.spec.name),
      ingestionTime: new Date(delivery.ingestedAt).toISOString(),
    });
  }

  #buildHttpRequest(spec: HttpTargetSpec, input: TargetInput, event: EventEnvelope) {
    return buildHttpTargetRequest(
      spec,
      input,
      this.#options.resolveSetting,
      this.#options.resolveConnection,
      event,
    );
  }

  /** Why the delivery could not even be attempted (the same checks #deliver and #attempt make), or undefined. */
  #unaddressable(delivery: Delivery): string | undefined {
    let input: TargetInput;
    try {
      input = this.#shape(delivery);
    } catch (err: unknown) {
      return `input could not be shaped: ${describeError(err)}`;
    }
    const spec = delivery.target.spec;
    if (spec.kind !== 'http') return undefined;
    const request = this.#buildHttpRequest(spec, input, delivery.event);
    return typeof request === 'string' ? request : undefined;
  }

  async #deliver(delivery: Delivery): Promise<void> {
    const { rule, target, event } = delivery;
    let input: TargetInput;
    try {
      input = this.#shape(delivery);
    } catch (err: unknown) {
      this.#deadLetter(delivery, 0, `input could not be shaped: ${describeError(err)}`);
      return;
    }
    const policy = target.spec.retryPolicy;
    const maxAttempts = 1 + policy.maximumRetryAttempts;
    for (let attempt = 1 + (delivery.attemptsBefore ?? 0); ; attempt++) {
      const outcome = this.#stopped ? STOPPED : await this.#attempt(rule, target, input, event);
      if (outcome === STOPPED) {
        return this.#parkOrDeadLetter(delivery, attempt - 1, 'the bus stopped before it was attempted');
      }
      if (outcome.delivered) {
        this.stats.delivered++;
        this.#sendReceipt(delivery, 'delivered', attempt);
        return;
      }
      if (!outcome.retryable) return this.#deadLetter(delivery, attempt, `not retryable: ${outcome.reason}`);
      if (attempt >= maxAttempts) {
        return this.#deadLetter(
          delivery,
          attempt,
          `retries exhausted after ${attempt} attempts: ${outcome.reason}`,
        );
      }
      const delay = backoffDelayMs(
        {
          baseDelayMs: this.#options.retryBaseDelayMs ?? 1000,
          maxDelayMs: this.#options.retryMaxDelayMs ?? 60_000,
        },
        attempt,
        this.#options.random,
      );
      if (this.#now() + delay - delivery.ingestedAt > policy.maximumEventAgeSeconds * 1000) {
        return this.#deadLetter(
          delivery,
          attempt,
          `maximum event age of ${policy.maximumEventAgeSeconds}s reached: ${outcome.reason}`,
        );
      }
      this.stats.retried++;
      this.#logger.warn('rule target failed, retrying', {
        rule: rule.spec.name,
        target: target.spec.id,
        attempt,
        retryInMs: delay,
        error: outcome.reason,
      });
      if (!(await this.#sleep(delay))) {
        return this.#parkOrDeadLetter(delivery, attempt, `the bus stopped before a retry: ${outcome.reason}`);
      }
    }
  }

  /** The token bucket of an HTTP target, created at its first delivery. */
  #bucketFor(rule: CompiledRule, target: CompiledTarget, perSecond: number): TokenBucket {
    const key = `${rule.spec.name}\u0000${target.spec.id}`;
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = new TokenBucket(perSecond, this.#options.rateScheduler ?? realScheduler);
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }

  async #attempt(
    rule: CompiledRule,
    target: CompiledTarget,
    input: TargetInput,
    event: EventEnvelope,
  ): Promise<AttemptOutcome | typeof STOPPED> {
    const spec = target.spec;
    if (spec.kind === 'function') {
      try {
        await this.#options.invokeFunction(spec.function, input.value);
        return delivered;
      } catch (err: unknown) {
        return failed(`function ${spec.function}: ${describeError(err)}`, true);
      }
    }
    const request = this.#buildHttpRequest(spec, input, event);
    if (typeof request === 'string') return failed(request, false);
    const perSecond = spec.invocationRateLimitPerSecond ?? DEFAULT_HTTP_RATE_LIMIT_PER_SECOND;
    // A stop closes the bucket: the delivery waiting for its turn is kept for the next start, not failed.
    if (!(await this.#bucketFor(rule, target, perSecond).acquire())) return STOPPED;
    const timeout = (this.#options.timeoutSignal ?? AbortSignal.timeout)(this.#options.httpTimeoutMs ?? 5000);
    return sendHttpTargetRequest(request, this.#options.fetch ?? fetch, timeout);
  }

  /** A delivery a stop interrupted: kept for the next start (no receipt: it is still being sent). */
  #parkOrDeadLetter(delivery: Delivery, attempts: number, reason: string): void {
    const { parked } = this.#options;
    if (!parked) {
      this.#deadLetter(delivery, attempts, `bus stopped: ${reason}`);
      return;
    }
    parked.park({
      rule: delivery.rule.spec.name,
      target: delivery.target.spec.id,
      event: delivery.event,
      attempts,
      ingestedAt: delivery.ingestedAt,
      reason,
    });
  }

  #deadLetter(delivery: Delivery, attempts: number, reason: string): void {
    const origin = `rule:${delivery.rule.spec.name}/target:${delivery.target.spec.id}`;
    this.stats.deadLettered++;
    this.#options.deadLetters.add({ origin, reason, attempts, payload: delivery.event });
    this.#logger.error('event dead-lettered', { origin, attempts, reason, eventId: delivery.event.id });
    this.#sendReceipt(delivery, 'failed', attempts, reason);
  }

  /**
   * Tells the target's receipt function (topology `deliveryReceipts`) how the delivery ended, as an async
   * invocation with its own retries; a receipt that cannot be handed over is logged, never fatal to delivery.
   */
  #sendReceipt(delivery: Delivery, status: 'delivered' | 'failed', attempts: number, reason?: string): void {
    const spec = delivery.target.spec;
    if (spec.kind !== 'http' || !spec.deliveryReceipts) return;
    const receipt = {
      rule: delivery.rule.spec.name,
      target: spec.id,
      status,
      at: new Date(this.#now()).toISOString(),
      attempts,
      ...(reason === undefined ? {} : { reason }),
    };
    this.#track(
      this.#options.invokeFunction(spec.deliveryReceipts.function, { receipt, event: delivery.event }),
    );
  }
}
