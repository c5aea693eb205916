import type { TopologyPart } from '../part.ts';
import { ignoreBackfill } from './ignore-backfill.ts';

/**
 * Enterprise-level reactions: rules on the store's domain events that reach the systems which act on them.
 * Every target is an HTTP endpoint of another enterprise system (on AWS an API destination with a connection,
 * locally the sandbox's enterprise inbox), configured by the URL setting it names. The payloads are shaped with
 * input transformers so the receiving systems get their own vocabulary, not hub360's envelope.
 */
const retryPolicy = { maximumRetryAttempts: 8, maximumEventAgeSeconds: 3600 };

export const reactionsPart: TopologyPart = {
  functions: {},
  streamSubscriptions: [],
  schedules: [],
  rules: ignoreBackfill([
    {
      name: 'demand-signal-to-erp-planning',
      description:
        'A raised or superseded demand signal upserts its one planned order in ERP production planning (PUT <url>/<key>).',
      pattern: {
        source: ['hub360.demand'],
        'detail-type': ['DemandSignalRaised', 'DemandSignalSuperseded'],
      },
      targets: [
        {
          kind: 'http',
          id: 'erp-planned-order-upsert',
          urlSetting: 'REACTION_ERP_PLANNED_ORDER_URL',
          method: 'PUT',
          pathParameterPath: '$.detail.signalKey',
          headerPaths: { 'Idempotency-Key': '$.detail.idempotencyKey' },
          connectionSecret: 'erp-demand-connection',
          retryPolicy,
          // The planned independent requirement, in the ERP's own planning vocabulary.
          inputPath: '$.detail.plannedOrder',
        },
      ],
    },
    {
      name: 'demand-signal-withdrawn-from-erp',
      description:
        'A resolved shortage withdraws its planned order from ERP production planning (DELETE <url>/<key>).',
      pattern: { source: ['hub360.demand'], 'detail-type': ['DemandSignalWithdrawn'] },
      targets: [
        {
          kind: 'http',
          id: 'erp-planned-order-withdraw',
          urlSetting: 'REACTION_ERP_PLANNED_ORDER_URL',
          method: 'DELETE',
          pathParameterPath: '$.detail.signalKey',
          headerPaths: { 'Idempotency-Key': '$.detail.idempotencyKey' },
          connectionSecret: 'erp-demand-connection',
          retryPolicy,
        },
      ],
    },
    // The other reactions (payment follow-up, cross-sell, PDM, service, retention): parts/reaction-rules.ts.
  ]),
  routes: [],
};
