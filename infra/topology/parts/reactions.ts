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
    {
      name: 'overdue-invoice-to-call-center',
      description: 'An overdue invoice becomes an outbound call-center task (payment follow-up, churn risk).',
      pattern: { source: ['hub360.commerce'], 'detail-type': ['InvoiceOverdue'] },
      targets: [
        {
          kind: 'http',
          id: 'call-center-task',
          urlSetting: 'REACTION_CALL_CENTER_TASK_URL',
          connectionSecret: 'call-center-connection',
          retryPolicy,
          inputTransformer: {
            inputPathsMap: {
              eventId: '$.detail.metadata.eventId',
              customerId: '$.detail.customerId',
              invoice: '$.detail.invoice.invoiceNumber',
              amount: '$.detail.invoice.amount',
              currency: '$.detail.invoice.currency',
              dueDate: '$.detail.invoice.dueDate',
            },
            inputTemplate:
              '{"taskId": <eventId>, "type": "paymentFollowUp", "customerId": <customerId>, ' +
              '"subject": "Invoice <invoice> overdue since <dueDate>", "amount": <amount>, "currency": <currency>}',
          },
        },
      ],
    },
    {
      name: 'late-shipment-service-notice',
      description: 'A shipment running late against its promised date triggers a proactive service notice.',
      pattern: {
        source: ['hub360.commerce'],
        'detail-type': ['ShipmentUpdated'],
        detail: {
          delayDays: [{ numeric: ['>', 0] }],
          shipment: { status: [{ 'anything-but': ['delivered'] }] },
        },
      },
      targets: [
        {
          kind: 'http',
          id: 'service-notice',
          urlSetting: 'REACTION_SERVICE_NOTICE_URL',
          connectionSecret: 'call-center-connection',
          retryPolicy,
          inputTransformer: {
            inputPathsMap: {
              eventId: '$.detail.metadata.eventId',
              customerId: '$.detail.customerId',
              shipment: '$.detail.shipment.shipmentNumber',
              delayDays: '$.detail.delayDays',
              promisedDate: '$.detail.shipment.promisedDate',
            },
            inputTemplate:
              '{"noticeId": <eventId>, "customerId": <customerId>, "shipmentNumber": <shipment>, ' +
              '"delayDays": <delayDays>, "promisedDate": <promisedDate>}',
          },
        },
      ],
    },
    {
      name: 'product-complaint-to-pdm',
      description: 'Complaints and returns about a product become change requests in PDM.',
      pattern: {
        source: ['hub360.service'],
        'detail-type': ['InteractionRecorded'],
        detail: { interaction: { category: ['complaint', 'return'], partNumber: [{ exists: true }] } },
      },
      targets: [
        {
          kind: 'http',
          id: 'pdm-change-request',
          urlSetting: 'REACTION_PDM_CHANGE_REQUEST_URL',
          connectionSecret: 'pdm-connection',
          retryPolicy,
          inputTransformer: {
            inputPathsMap: {
              eventId: '$.detail.metadata.eventId',
              partNumber: '$.detail.interaction.partNumber',
              category: '$.detail.interaction.category',
              summary: '$.detail.interaction.subject',
            },
            inputTemplate:
              '{"requestId": <eventId>, "partNumber": <partNumber>, "reason": <category>, "summary": <summary>}',
          },
        },
      ],
    },
    {
      name: 'web-interest-to-sales',
      description: 'A known customer putting a product in the cart becomes a cross-sell lead for sales.',
      pattern: {
        source: ['hub360.web'],
        'detail-type': ['WebInterestObserved'],
        detail: { anonymous: [false], interest: { kind: ['cartAdd'] } },
      },
      targets: [
        {
          kind: 'http',
          id: 'sales-lead',
          urlSetting: 'REACTION_SALES_LEAD_URL',
          connectionSecret: 'sales-connection',
          retryPolicy,
          inputTransformer: {
            inputPathsMap: {
              eventId: '$.detail.metadata.eventId',
              customerId: '$.detail.customerId',
              interest: '$.detail.interest',
            },
            inputTemplate: '{"leadId": <eventId>, "customerId": <customerId>, "interest": <interest>}',
          },
        },
      ],
    },
  ]),
  routes: [],
};
