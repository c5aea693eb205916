import { demandSettings } from '../../../schemas/config/demand-env.ts';
import type { TopologyPart } from '../part.ts';

/** Both demand functions and the demand API decide by the deployment's one demand configuration (`withSettings`). */
export const demandEnvironment = { [demandSettings.variable]: '{}' };

/** The demand re-evaluation's schedule; the local runtime replaces its expression with a faster local setting. */
export const DEMAND_SCHEDULE_NAME = 'demand-reevaluate';

/**
 * Production demand: every committed change of an order, shipment, stock position, product or web
 * interest re-decides the demand signal of the parts it touches. The function writes the part's
 * demand-signal state; the change feed announces it (`hub360.demand`), and the reaction rules deliver it.
 * Once a day every watched part (one whose demand can change with time alone) is re-decided as well, by hourly runs
 * that each take what is left of the day.
 */
export const demandPart: TopologyPart = {
  functions: {
    'demand-recompute': {
      entry: 'functions/demand-recompute.ts',
      handler: 'handler',
      description: 'Re-decides the production demand signal of every part a committed change touches',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: demandEnvironment,
      // Reads demand inputs and stock, writes the demand-signal state; publishes nothing itself.
      grants: { table: 'readWrite', bus: 'none', landingBucket: 'none', secrets: [], eventSources: [] },
      asyncRetries: 2,
    },
    'demand-reevaluate': {
      entry: 'functions/demand-reevaluate.ts',
      handler: 'handler',
      description:
        'Hourly: re-decides the demand signal of every watched part not decided today yet, for what only time changes',
      timeoutSeconds: 900,
      memoryMb: 512,
      environment: demandEnvironment,
      grants: { table: 'readWrite', bus: 'none', landingBucket: 'none', secrets: [], eventSources: [] },
      // The local schedule (minutes) is shorter than the timeout: never two runs at once.
      reservedConcurrency: 1,
      asyncRetries: 1,
    },
  },
  streamSubscriptions: [
    {
      function: 'demand-recompute',
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
      name: DEMAND_SCHEDULE_NAME,
      description:
        'Re-decides watched parts on a new day: demand coming within the lead time, web interest ageing out',
      // Every hour from 00:15 UTC, when the day the decisions count from has begun: the first run takes every
      // watched part, later ones what is left (a run out of time, parts a backfill watched since).
      expression: 'cron(15 * * * ? *)',
      function: 'demand-reevaluate',
      input: {},
      flexibleWindowMinutes: 15,
    },
  ],
  rules: [],
  routes: [],
};
