import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DeadLetterStore } from '../../../infra/local/dead-letters.ts';
import {
  type LocalEventBusOptions,
  type RunningLocalEventBus,
  startLocalEventBus,
} from '../../../infra/local/eventbus/start-local-event-bus.ts';
import { type RuleSpec, RuleSpecSchema } from '../../../infra/topology/schema.ts';

export const REGION = 'eu-central-1';
export const ACCOUNT = '123456789012';
export const BUS = 'hub360-test';

export interface TestBus {
  readonly bus: RunningLocalEventBus;
  readonly client: EventBridgeClient;
  readonly deadLetters: DeadLetterStore;
  close(): Promise<void>;
}

/** Parses rules through the topology schema, so defaults (retry policy, method) apply as in the hub. */
export const rules = (...specs: unknown[]): RuleSpec[] => specs.map((spec) => RuleSpecSchema.parse(spec));

/** Starts a bus on a free port with an unmodified SDK client pointed at it. */
export const startTestBus = async (options: Partial<LocalEventBusOptions> = {}): Promise<TestBus> => {
  const deadLetters = options.deadLetters ?? new DeadLetterStore();
  const bus = await startLocalEventBus({
    port: 0,
    busName: BUS,
    region: REGION,
    accountId: ACCOUNT,
    rules: [],
    invokeFunction: async () => {},
    resolveSetting: () => undefined,
    retryBaseDelayMs: 2,
    retryMaxDelayMs: 20,
    ...options,
    deadLetters,
  });
  const client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: REGION,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  return {
    bus,
    client,
    deadLetters,
    close: async () => {
      client.destroy();
      await bus.stop();
    },
  };
};

/** A PutEvents entry for the test bus. */
export const entry = (detail: Record<string, unknown>, overrides: Record<string, unknown> = {}) => ({
  Source: 'hub360.test',
  DetailType: 'SomethingHappened',
  Detail: JSON.stringify(detail),
  EventBusName: BUS,
  ...overrides,
});
