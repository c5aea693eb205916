import type { DeadLetterStore } from '../../dead-letters.ts';
import { EventEnvelopeSchema } from '../envelope.ts';
import type { InvokeFunction, RuleDispatcher } from './dispatcher.ts';

/** What a redrive did, as the query API reports it. */
export interface RedriveOutcome {
  readonly id: string;
  readonly origin: string;
  readonly redrivenAt: string;
  readonly detail: string;
}

/** The dead letter cannot be resubmitted (its rule, target or payload no longer fits); it stays listed. */
export class RedriveRefusedError extends Error {
  override readonly name = 'RedriveRefusedError';
}

const RULE_ORIGIN = /^rule:([^/]+)\/target:(.+)$/;
const FUNCTION_ORIGIN = /^(?:function|stream):(.+)$/;

export interface RedriveOptions {
  readonly deadLetters: DeadLetterStore;
  readonly dispatcher: Pick<RuleDispatcher, 'redeliver'>;
  readonly invokeFunction: InvokeFunction;
  readonly now?: () => Date;
}

/**
 * Hands a dead letter back to where it failed: a rule target gets the event again under its retry policy,
 * a function gets its invocation payload again as an async invocation. The letter leaves the store only
 * once it is resubmitted; a new failure becomes a new dead letter.
 */
export const createRedrive = (options: RedriveOptions) => {
  const now = options.now ?? (() => new Date());
  return async (id: string): Promise<RedriveOutcome | undefined> => {
    const letter = options.deadLetters.list().find((l) => l.id === id);
    if (!letter) return undefined;
    const rule = RULE_ORIGIN.exec(letter.origin);
    const fn = FUNCTION_ORIGIN.exec(letter.origin);
    let detail: string;
    if (rule?.[1] && rule[2]) {
      const event = EventEnvelopeSchema.safeParse(letter.payload);
      if (!event.success) throw new RedriveRefusedError(`dead letter ${id} does not hold an event`);
      const refused = options.dispatcher.redeliver(rule[1], rule[2], event.data);
      if (refused) throw new RedriveRefusedError(refused.reason);
      detail = `event ${event.data.id} handed to rule ${rule[1]} target ${rule[2]} again`;
    } else if (fn?.[1]) {
      // Accepted means queued: the async invocation retries and dead-letters on its own.
      await options.invokeFunction(fn[1], letter.payload);
      detail = `invocation of function ${fn[1]} submitted again`;
    } else {
      throw new RedriveRefusedError(
        `dead letter ${id} has an origin that cannot be redriven: ${letter.origin}`,
      );
    }
    options.deadLetters.take(id);
    return { id, origin: letter.origin, redrivenAt: now().toISOString(), detail };
  };
};
