import type { EventEnvelope } from '../envelope.ts';
import { acceptPutEvents, type PutEventsContext } from './put-events.ts';
import {
  describeEventBus,
  describeRule,
  listEventBuses,
  listRules,
  listTargetsByRule,
  type RuleCatalog,
} from './rule-queries.ts';
import { testEventPattern } from './test-event-pattern.ts';

/** One EventBridge operation: parsed JSON in, JSON out; throws AwsJsonError for AWS errors. */
export type Operation = (input: unknown) => unknown;

export interface OperationContext extends RuleCatalog, PutEventsContext {
  /** Called for every accepted event, after validation, before PutEvents answers. */
  readonly onAccepted: (event: EventEnvelope, busName: string) => void;
}

/** The operations the local bus answers, keyed by the name after `AWSEvents.` in X-Amz-Target. */
export const createOperations = (context: OperationContext): Readonly<Record<string, Operation>> => ({
  PutEvents: (input) => {
    const outcomes = acceptPutEvents(input, context);
    const entries = outcomes.map((outcome) => {
      if (!outcome.accepted) return { ErrorCode: outcome.errorCode, ErrorMessage: outcome.errorMessage };
      context.onAccepted(outcome.event, outcome.busName);
      return { EventId: outcome.event.id };
    });
    return { FailedEntryCount: outcomes.filter((o) => !o.accepted).length, Entries: entries };
  },
  TestEventPattern: testEventPattern,
  ListRules: (input) => listRules(context, input),
  DescribeRule: (input) => describeRule(context, input),
  ListTargetsByRule: (input) => listTargetsByRule(context, input),
  DescribeEventBus: (input) => describeEventBus(context, input),
  ListEventBuses: () => listEventBuses(context),
});
