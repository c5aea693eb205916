import { storeEvents } from '../../../schemas/events/catalogue.ts';
import { DemandSignalRaised } from '../../../schemas/events/demand-events.ts';
import { insightEvents } from '../../../schemas/events/insight-events.ts';
import type { TopologyPart } from '../part.ts';

/**
 * The sources of every event the change feed publishes; PutEvents is allowed for these only. Insight events
 * (`hub360.insights`) come from the INSIGHTS items' changes and demand events (`hub360.demand`) from the
 * per-part signal items, so the feed announces them too.
 */
const storeEventSources = [
  ...new Set([
    ...[...Object.values(storeEvents), ...Object.values(insightEvents)].map((event) => event.source),
    DemandSignalRaised.source,
  ]),
].sort();

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
      // The stream mapping grants the stream reads; the publisher never reads the table itself.
      grants: {
        table: 'none',
        bus: 'put',
        landingBucket: 'none',
        secrets: [],
        // Reaction decisions are items of the table too; the feed announces them as hub360.reactions events.
        eventSources: [...storeEventSources, 'hub360.reactions'],
      },
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
      // Give up on a change after an hour, while the stream (24 h) still holds it for a redrive.
      maxRecordAgeSeconds: 3600,
      startingPosition: 'TRIM_HORIZON',
    },
  ],
  schedules: [],
  rules: [],
  routes: [],
};
