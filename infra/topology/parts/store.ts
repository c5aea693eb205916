import type { TopologyPart } from '../part.ts';

/**
 * The store slice of the topology: the change feed. Every committed change of the customer-360 table
 * reaches the stream publisher, which announces it on the hub bus (docs/events.md).
 */
export const storePart: TopologyPart = {
  functions: {
    'stream-publisher': {
      entry: 'functions/stream-publisher.ts',
      handler: 'handler',
      description: 'Turns committed customer-360 changes (DynamoDB stream) into domain events on the hub bus',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: {},
      grants: { table: 'read', bus: 'put', landingBucket: 'none', secrets: [] },
      asyncRetries: 2,
    },
  },
  streamSubscriptions: [
    {
      function: 'stream-publisher',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      // Failed changes are reported item by item; bisecting isolates a change that keeps failing.
      maxRetries: 10,
      bisectOnError: true,
      startingPosition: 'TRIM_HORIZON',
    },
  ],
  schedules: [],
  rules: [],
  routes: [],
};
