import type { TopologyPart } from '../part.ts';

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
  rules: [
    {
      name: 'order-demand-to-erp',
      description: 'New orders and open quotes become production demand signals for ERP/MRP planning.',
      pattern: {
        source: ['hub360.commerce'],
        'detail-type': ['OrderRecorded'],
        detail: { change: ['created'], order: { status: ['quote', 'open', 'confirmed'] } },
      },
      targets: [
        {
          kind: 'http',
          id: 'erp-demand-signal',
          urlSetting: 'REACTION_ERP_DEMAND_SIGNAL_URL',
          connectionSecret: 'erp-demand-connection',
          retryPolicy,
          inputTransformer: {
            inputPathsMap: {
              eventId: '$.detail.metadata.eventId',
              customerId: '$.detail.customerId',
              orderNumber: '$.detail.order.orderNumber',
              status: '$.detail.order.status',
              lines: '$.detail.order.lines',
            },
            inputTemplate:
              '{"signalId": <eventId>, "kind": "customerDemand", "customerId": <customerId>, ' +
              '"salesDocument": <orderNumber>, "demandStatus": <status>, "lines": <lines>}',
          },
        },
      ],
    },
    // The other reactions (payment follow-up, cross-sell, PDM, service, retention): parts/reaction-rules.ts.
  ],
  routes: [],
};
