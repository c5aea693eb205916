import { reactionsSettings } from '../../../schemas/config/reactions-env.ts';
import type { TopologyPart } from '../part.ts';
import type { RuleSpec } from '../schema.ts';
import { ignoreBackfill } from './ignore-backfill.ts';

/**
 * The reactions besides production demand: decisions made from the change stream (and from insight
 * events for retention), announced as `hub360.reactions` events, delivered by one rule each to the
 * system that acts on them, and recorded in the reaction ledger for the feed and the closed loop.
 */
/** The decisions and the outcome report judge by the deployment's one reaction configuration (`withSettings`). */
const reactionsEnvironment = { [reactionsSettings.variable]: '{}' };

const retryPolicy = { maximumRetryAttempts: 8, maximumEventAgeSeconds: 3600 };

/** The hourly sweep that takes reactions as delivered on AWS, where no receipt says so. */
export const DELIVERY_INFERENCE_SCHEDULE_NAME = 'reaction-delivery-inference';
/**
 * Time beyond a target's retry window before a reaction still sending counts as delivered. The ledger dates a
 * reaction by its decision; the stream publisher puts it on the bus within seconds, at worst once its own
 * retries run out (`maxRecordAgeSeconds`, 1 h), and its dead letter reaches the ledger within seconds.
 */
export const DELIVERY_INFERENCE_MARGIN_SECONDS = 2 * 3600;
/** How far back the sweep reads: a sweep missing for longer leaves older reactions sending (docs/reactions.md). */
export const DELIVERY_INFERENCE_LOOK_BACK_SECONDS = 2 * 86_400;
/** The daily coverage sweep's schedule; the local runtime replaces its expression with a faster local setting. */
export const COVERAGE_SCHEDULE_NAME = 'coverage-sweep';

type ReactionSystem = 'call-center' | 'sales' | 'pdm' | 'service';

const ledgerTarget = (system: ReactionSystem) => ({
  kind: 'function' as const,
  id: 'reaction-ledger',
  function: 'reaction-ledger',
  retryPolicy,
  inputTransformer: {
    inputPathsMap: {},
    inputTemplate: `{"rule": <aws.events.rule-name>, "system": "${system}", "event": <aws.events.event.json>}`,
  },
});

const reactionRule = (spec: {
  name: string;
  description: string;
  detailType: string;
  system: ReactionSystem;
  targetId: string;
  urlSetting: string;
  connectionSecret: string;
  inputPathsMap: Record<string, string>;
  inputTemplate: string;
  rateLimitPerSecond?: number;
  /** Backfill kinds the rule reacts to as well (opting in to history; docs/reactions.md). */
  alsoBackfill?: readonly ('initialLoad' | 'fullResync')[];
}): RuleSpec => ({
  name: spec.name,
  description: spec.description,
  pattern: {
    source: ['hub360.reactions'],
    'detail-type': [spec.detailType],
    ...(spec.alsoBackfill
      ? { detail: { metadata: { backfill: [{ exists: false }, ...spec.alsoBackfill] } } }
      : {}),
  },
  targets: [
    {
      kind: 'http',
      id: spec.targetId,
      urlSetting: spec.urlSetting,
      method: 'POST',
      // The receiving system can discard a repeated delivery by this key (an API destination header parameter).
      headerPaths: { 'Idempotency-Key': '$.detail.reactionKey' },
      connectionSecret: spec.connectionSecret,
      invocationRateLimitPerSecond: spec.rateLimitPerSecond ?? 5,
      retryPolicy,
      // The ledger learns whether the system got it: delivered, or failed into a dead letter.
      deliveryReceipts: { function: 'reaction-ledger' },
      inputTransformer: {
        inputPathsMap: {
          reactionId: '$.detail.metadata.eventId',
          reactionKey: '$.detail.reactionKey',
          ...spec.inputPathsMap,
        },
        inputTemplate: spec.inputTemplate,
      },
    },
    ledgerTarget(spec.system),
  ],
});

export const reactionRulesPart: TopologyPart = {
  functions: {
    'reaction-decisions': {
      entry: 'functions/reaction-decisions.ts',
      handler: 'handler',
      description:
        'Decides payment follow-ups, cross-sell leads, PDM change requests and service notices from committed changes, once per reaction key',
      timeoutSeconds: 60,
      memoryMb: 512,
      environment: reactionsEnvironment,
      grants: { table: 'readWrite' },
      asyncRetries: 2,
    },
    'retention-decisions': {
      entry: 'functions/retention-decisions.ts',
      handler: 'handler',
      description:
        'Turns churn risk and moves into doubtful/dormant of key or high-value customers into retention tasks with the 360 summary',
      timeoutSeconds: 30,
      memoryMb: 512,
      environment: reactionsEnvironment,
      grants: { table: 'readWrite' },
      asyncRetries: 2,
    },
    'reaction-ledger': {
      entry: 'functions/reaction-ledger.ts',
      handler: 'handler',
      description:
        'Records every reaction a rule sent and whether its system got it, for the reactions feed and the outcome per rule; takes erased customers out of it',
      // An erasure reads the whole ledger (filtered); recording a reaction takes milliseconds.
      timeoutSeconds: 300,
      memoryMb: 256,
      environment: {},
      grants: { table: 'readWrite' },
      asyncRetries: 2,
    },
    'coverage-sweep': {
      entry: 'functions/coverage-sweep.ts',
      handler: 'handler',
      description:
        'Daily: notices warranties and service contracts whose end entered the notice window with no change of their unit',
      timeoutSeconds: 900,
      memoryMb: 512,
      environment: reactionsEnvironment,
      grants: { table: 'readWrite' },
      // The local schedule (minutes) is shorter than the timeout: never two runs at once.
      reservedConcurrency: 1,
      asyncRetries: 1,
    },
  },
  streamSubscriptions: [
    {
      function: 'reaction-decisions',
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
      name: DELIVERY_INFERENCE_SCHEDULE_NAME,
      description:
        'Takes reactions as delivered whose retry window passed without a dead letter (API destinations report no success)',
      expression: 'rate(1 hour)',
      function: 'reaction-ledger',
      input: {
        sweep: 'inferDeliveries',
        settleAfterSeconds: retryPolicy.maximumEventAgeSeconds + DELIVERY_INFERENCE_MARGIN_SECONDS,
        lookBackSeconds: DELIVERY_INFERENCE_LOOK_BACK_SECONDS,
      },
      flexibleWindowMinutes: 15,
      // The local bus sends a receipt for every delivery it ends; inferring there would only race the truth.
      awsOnly: true,
    },
    {
      name: COVERAGE_SCHEDULE_NAME,
      description:
        'Notices warranties and contracts whose end entered the notice window with no change of their unit',
      // After midnight UTC, when the day the notice period counts from has begun; after the demand run at 00:15.
      expression: 'cron(30 0 * * ? *)',
      function: 'coverage-sweep',
      input: {},
      flexibleWindowMinutes: 15,
    },
  ],
  // History is not news: every rule matches only live events unless it opts in (docs/reactions.md). An erasure is
  // carried out also when its event is replayed: forgetting again changes nothing.
  rules: [
    {
      name: 'erasure-to-reaction-ledger',
      description:
        'An erased customer, and the customers merged into it, are taken out of the reaction ledger (docs/privacy.md).',
      pattern: { source: ['hub360.customer'], 'detail-type': ['CustomerErased'] },
      targets: [{ kind: 'function', id: 'reaction-ledger', function: 'reaction-ledger', retryPolicy }],
    },
    ...ignoreBackfill([
      {
        name: 'retention-decision',
        description:
          'Churn risk, or a move into doubtful or dormant, is checked for a retention task (key or high-value customers).',
        pattern: {
          source: ['hub360.insights'],
          'detail-type': ['ChurnRiskRaised', 'LifecycleStageChanged'],
        },
        targets: [
          { kind: 'function', id: 'retention-decisions', function: 'retention-decisions', retryPolicy },
        ],
      },
      reactionRule({
        name: 'retention-to-call-center',
        description: 'A retention task with the customer 360 summary becomes an outbound call-center task.',
        detailType: 'RetentionTaskDue',
        system: 'call-center',
        targetId: 'call-center-retention-task',
        urlSetting: 'REACTION_CALL_CENTER_TASK_URL',
        connectionSecret: 'call-center-connection',
        inputPathsMap: {
          customerId: '$.detail.customerId',
          reason: '$.detail.reason',
          summary: '$.detail.summary',
        },
        inputTemplate:
          '{"taskId": <reactionId>, "idempotencyKey": <reactionKey>, "type": "retention", "direction": "outbound", ' +
          '"customerId": <customerId>, "reason": <reason>, "customer": <summary>}',
      }),
      reactionRule({
        name: 'payment-follow-up-to-call-center',
        description: 'An invoice past due with an amount open becomes one call-center task per invoice.',
        detailType: 'PaymentFollowUpDue',
        system: 'call-center',
        targetId: 'call-center-payment-task',
        urlSetting: 'REACTION_CALL_CENTER_TASK_URL',
        connectionSecret: 'call-center-connection',
        inputPathsMap: {
          customerId: '$.detail.customerId',
          invoice: '$.detail.invoice.invoiceNumber',
          dueDate: '$.detail.invoice.dueDate',
          openAmount: '$.detail.openAmount',
          currency: '$.detail.invoice.currency',
          daysOverdue: '$.detail.daysOverdue',
        },
        inputTemplate:
          '{"taskId": <reactionId>, "idempotencyKey": <reactionKey>, "type": "paymentFollowUp", "direction": "outbound", ' +
          '"customerId": <customerId>, "subject": "Invoice <invoice> overdue since <dueDate>", "invoiceNumber": <invoice>, ' +
          '"openAmount": <openAmount>, "currency": <currency>, "daysOverdue": <daysOverdue>}',
      }),
      reactionRule({
        name: 'cross-sell-to-sales',
        description:
          'A purchase whose PDM successor or accessory the customer does not own becomes a sales lead, once per customer and part.',
        detailType: 'CrossSellOpportunityFound',
        system: 'sales',
        targetId: 'sales-cross-sell-lead',
        urlSetting: 'REACTION_SALES_LEAD_URL',
        connectionSecret: 'sales-connection',
        inputPathsMap: {
          customerId: '$.detail.customerId',
          purchased: '$.detail.purchasedPartNumber',
          offered: '$.detail.offeredPartNumber',
          relation: '$.detail.relation',
        },
        inputTemplate:
          '{"leadId": <reactionId>, "idempotencyKey": <reactionKey>, "type": "crossSell", "customerId": <customerId>, ' +
          '"offerPartNumber": <offered>, "becausePurchased": <purchased>, "relation": <relation>}',
      }),
      reactionRule({
        name: 'product-issues-to-pdm',
        description:
          'Complaints and returns about a part above the threshold in the window become one PDM change request with the evidence.',
        detailType: 'ProductIssueThresholdReached',
        system: 'pdm',
        targetId: 'pdm-change-request',
        urlSetting: 'REACTION_PDM_CHANGE_REQUEST_URL',
        connectionSecret: 'pdm-connection',
        inputPathsMap: {
          partNumber: '$.detail.partNumber',
          complaints: '$.detail.complaints',
          returns: '$.detail.returns',
          window: '$.detail.window',
          evidence: '$.detail.evidence',
        },
        inputTemplate:
          '{"requestId": <reactionId>, "idempotencyKey": <reactionKey>, "partNumber": <partNumber>, "reason": "fieldIssues", ' +
          '"complaints": <complaints>, "returns": <returns>, "window": <window>, "evidence": <evidence>}',
      }),
      reactionRule({
        name: 'late-shipment-to-service',
        description: "A key customer's late shipment becomes a proactive service notice, once per shipment.",
        detailType: 'LateShipmentNoticeDue',
        system: 'service',
        targetId: 'service-late-shipment-notice',
        urlSetting: 'REACTION_SERVICE_NOTICE_URL',
        connectionSecret: 'call-center-connection',
        inputPathsMap: {
          customerId: '$.detail.customerId',
          shipment: '$.detail.shipment.shipmentNumber',
          delayDays: '$.detail.delayDays',
          promisedDate: '$.detail.shipment.promisedDate',
        },
        inputTemplate:
          '{"noticeId": <reactionId>, "idempotencyKey": <reactionKey>, "type": "lateShipment", "customerId": <customerId>, ' +
          '"shipmentNumber": <shipment>, "delayDays": <delayDays>, "promisedDate": <promisedDate>}',
      }),
      reactionRule({
        name: 'coverage-expiry-to-service',
        description:
          'A warranty or service contract ending soon becomes a service notice, once per coverage and end date.',
        detailType: 'WarrantyExpiring',
        system: 'service',
        targetId: 'service-coverage-notice',
        urlSetting: 'REACTION_SERVICE_NOTICE_URL',
        connectionSecret: 'call-center-connection',
        // Coverage ending soon is news also when the unit arrived with an initial load or a full resync (the
        // decision only takes coverage ending from today on); a replay still reaches nobody.
        alsoBackfill: ['initialLoad', 'fullResync'],
        inputPathsMap: {
          customerId: '$.detail.customerId',
          partNumber: '$.detail.partNumber',
          serialNumber: '$.detail.serialNumber',
          coverage: '$.detail.coverage',
          contractNumber: '$.detail.contractNumber',
          endsOn: '$.detail.endsOn',
          daysLeft: '$.detail.daysLeft',
        },
        // Serial and contract number say which unit and which contract; null when the source has none.
        inputTemplate:
          '{"noticeId": <reactionId>, "idempotencyKey": <reactionKey>, "type": "coverageEnding", "customerId": <customerId>, ' +
          '"partNumber": <partNumber>, "serialNumber": <serialNumber>, "coverage": <coverage>, ' +
          '"contractNumber": <contractNumber>, "endsOn": <endsOn>, "daysLeft": <daysLeft>}',
      }),
    ]),
  ],
  routes: [],
};
