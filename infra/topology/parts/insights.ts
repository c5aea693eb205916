import { INSIGHTS_CONFIG_VARIABLE } from '../../../schemas/config/insights-env.ts';
import type { TopologyPart } from '../part.ts';

/**
 * Both insights functions read the thresholds from here. `{}` means the documented defaults; each deployment
 * replaces it with its own validated settings (`withSettings`: `HUB_INSIGHTS_CONFIG` locally, the
 * stage's `insights` block on AWS), so the stream recompute and the daily run never judge by different rules.
 */
const insightsEnvironment = { [INSIGHTS_CONFIG_VARIABLE]: '{}' };

/** The population run's schedule; the local runtime replaces its expression with a faster local setting. */
export const INSIGHTS_SCHEDULE_NAME = 'insights-reevaluate';

/**
 * Insights (docs/insights.md): each customer's lifecycle stage, churn warning, status, scorecard and
 * key-customer flag. Recomputed from the table's stream as a customer's records change, and once a day for
 * the whole population (time-driven moves, key customers, RFM boundaries). The events they produce come
 * from the INSIGHTS items through the change feed (store part), not from these functions.
 */
export const insightsPart: TopologyPart = {
  functions: {
    'insights-recompute': {
      entry: 'functions/insights-recompute.ts',
      description: 'Recomputes the insights of customers whose records changed (DynamoDB stream)',
      timeoutSeconds: 120,
      memoryMb: 1024,
      environment: insightsEnvironment,
      grants: { table: 'readWrite' },
      asyncRetries: 2,
    },
    'insights-reevaluate': {
      entry: 'functions/insights-reevaluate.ts',
      description: 'Daily insights population run: time-driven moves, key customers (Pareto), RFM boundaries',
      timeoutSeconds: 900,
      memoryMb: 1024,
      environment: insightsEnvironment,
      grants: { table: 'readWrite' },
      // The local schedule (minutes) is shorter than the timeout: never two population runs at once.
      reservedConcurrency: 1,
      asyncRetries: 1,
    },
  },
  streamSubscriptions: [
    {
      function: 'insights-recompute',
      batchSize: 100,
      maxBatchingWindowSeconds: 1,
      maxRetries: 10,
      bisectOnError: true,
      maxRecordAgeSeconds: 3600,
      startingPosition: 'TRIM_HORIZON',
    },
  ],
  schedules: [
    {
      name: INSIGHTS_SCHEDULE_NAME,
      description: 'Re-evaluates every customer on a new day: inactivity moves, key customers, RFM',
      expression: 'cron(30 2 * * ? *)',
      function: 'insights-reevaluate',
      input: {},
      flexibleWindowMinutes: 30,
    },
  ],
  rules: [],
  routes: [],
};
