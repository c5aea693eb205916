import { viewLimitSettings } from '../../../schemas/config/view-env.ts';
import type { TopologyPart } from '../part.ts';

/**
 * The customer-360 view (docs/table-design.md): a bounded summary next to each customer's profile head,
 * folded from the table's stream so the 360 read is one Query of at most 64 KB whatever the history.
 */
export const customerViewPart: TopologyPart = {
  functions: {
    'customer-view-projector': {
      entry: 'functions/customer-view-projector.ts',
      handler: 'handler',
      description:
        "Folds committed customer-360 changes (DynamoDB stream) into each customer's bounded 360 view",
      timeoutSeconds: 120,
      memoryMb: 1024,
      // The view's limits (`withSettings`): the stage's `viewLimits` block on AWS, HUB_VIEW_LIMITS locally.
      environment: { [viewLimitSettings.variable]: '{}' },
      // Reads the view and, for a bootstrap or refill, the customer's partition; writes the view's items.
      grants: { table: 'readWrite', bus: 'none', landingBucket: 'none', secrets: [], eventSources: [] },
      asyncRetries: 2,
    },
  },
  streamSubscriptions: [
    {
      function: 'customer-view-projector',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      // Failed customers are reported by their first change; the sections' stream positions make retries harmless.
      maxRetries: 10,
      bisectOnError: true,
      maxRecordAgeSeconds: 3600,
      startingPosition: 'TRIM_HORIZON',
    },
  ],
  schedules: [],
  rules: [],
  routes: [],
};
