import type { TopologyPart } from '../part.ts';

/**
 * Production demand: every committed change of an order, shipment, stock position, product or web
 * interest re-decides the demand signal of the parts it touches. The function writes the part's
 * demand-signal state; the change feed announces it (`hub360.demand`), and the reaction rules deliver it.
 */
export const demandPart: TopologyPart = {
  functions: {
    'demand-recompute': {
      entry: 'functions/demand-recompute.ts',
      handler: 'handler',
      description: 'Re-decides the production demand signal of every part a committed change touches',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: {},
      // Reads demand inputs and stock, writes the demand-signal state; publishes nothing itself.
      grants: { table: 'readWrite', bus: 'none', landingBucket: 'none', secrets: [], eventSources: [] },
      asyncRetries: 2,
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
  schedules: [],
  rules: [],
  routes: [],
};
