import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../infra/local/eventbus/delivery/compiled-rule.ts';
import { buildHttpTargetRequest } from '../../../infra/local/eventbus/delivery/http-target.ts';
import { shapeTargetInput } from '../../../infra/local/eventbus/delivery/target-input.ts';
import type { EventEnvelope } from '../../../infra/local/eventbus/envelope.ts';
import { matchesEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { PlannedRequirementSchema } from '../../../schemas/events/demand-events.ts';
import { ChurnRiskRaised } from '../../../schemas/events/insight-events.ts';
import {
  CrossSellOpportunityFound,
  PaymentFollowUpDue,
  ProductIssueThresholdReached,
  WarrantyExpiring,
} from '../../../schemas/events/reaction-events.ts';
import { LateShipmentNoticeDue, RetentionTaskDue } from '../../../schemas/events/service-reaction-events.ts';

const metadata = {
  eventId: 'evt-1',
  correlationId: 'cor-1',
  occurredAt: '2026-03-02T10:00:00Z',
  producer: 'test',
};
const envelope = (source: string, detailType: string, detail: Record<string, unknown>): EventEnvelope => ({
  version: '0',
  id: 'b208863e-e8ad-431f-b873-4cb32d66b95e',
  'detail-type': detailType,
  source,
  account: '000000000000',
  time: '2026-03-02T10:00:00Z',
  region: 'eu-central-1',
  resources: [],
  detail,
});
const reaction = (detailType: string, payload: Record<string, unknown>) =>
  envelope('hub360.reactions', detailType, { schemaVersion: 1, metadata, ...payload });

const plannedOrder = PlannedRequirementSchema.parse({
  requirementKey: 'PIR-P-100-1000-20260302',
  material: 'P-100',
  plant: '1000',
  requirementType: 'LSF',
  version: '00',
  items: [{ periodType: 'D', requirementDate: '2026-03-05', plannedQuantity: 8, unit: 'EA' }],
});
const demandSignal = (detailType: string) =>
  envelope('hub360.demand', detailType, {
    schemaVersion: 1,
    metadata,
    signalKey: 'PIR-P-100-1000-20260302',
    idempotencyKey: 'PIR-P-100-1000-20260302.r1.raise.abc',
    partNumber: 'P-100',
    ...(detailType === 'DemandSignalWithdrawn' ? {} : { plannedOrder }),
  });

/** One live event per reaction rule, with its details valid against the event's own schema. */
const events = {
  'payment-follow-up-to-call-center': reaction(
    'PaymentFollowUpDue',
    PaymentFollowUpDue.detail.parse({
      schemaVersion: 1,
      metadata,
      reactionKey: 'payment-follow-up:invoice#sap-s4#billing-documents#INV-1',
      customerId: 'cus_1',
      invoice: {
        invoiceNumber: 'INV-1',
        issuedOn: '2026-02-01',
        dueDate: '2026-02-27',
        amount: 250,
        currency: 'EUR',
        status: 'open',
      },
      openAmount: 250,
      daysOverdue: 3,
    }),
  ),
  'cross-sell-to-sales': reaction(
    'CrossSellOpportunityFound',
    CrossSellOpportunityFound.detail.parse({
      schemaVersion: 1,
      metadata,
      reactionKey: 'cross-sell:cus_1:P-200',
      customerId: 'cus_1',
      purchasedPartNumber: 'P-100',
      offeredPartNumber: 'P-200',
      relation: 'successor',
      orderNumber: 'SO-1',
    }),
  ),
  'product-issues-to-pdm': reaction(
    'ProductIssueThresholdReached',
    ProductIssueThresholdReached.detail.parse({
      schemaVersion: 1,
      metadata,
      reactionKey: 'product-issues:P-300:T-3',
      partNumber: 'P-300',
      complaints: 2,
      returns: 1,
      threshold: 3,
      window: { from: '2026-02-01T00:00:00Z', to: '2026-03-02T10:00:00Z' },
      evidence: [
        {
          interactionId: 'T-1',
          customerId: 'cus_1',
          category: 'complaint',
          occurredAt: '2026-02-20T08:00:00Z',
        },
      ],
    }),
  ),
  'late-shipment-to-service': reaction(
    'LateShipmentNoticeDue',
    LateShipmentNoticeDue.detail.parse({
      schemaVersion: 1,
      metadata,
      reactionKey: 'late-shipment:SH-1',
      customerId: 'cus_1',
      delayDays: 2,
      shipment: { shipmentNumber: 'SH-1', status: 'inTransit', promisedDate: '2026-02-28', lines: [] },
    }),
  ),
  'coverage-expiry-to-service': reaction(
    'WarrantyExpiring',
    WarrantyExpiring.detail.parse({
      schemaVersion: 1,
      metadata,
      reactionKey: 'coverage:cus_1:P-100:SN-1:warranty:2026-03-12',
      customerId: 'cus_1',
      partNumber: 'P-100',
      serialNumber: 'SN-1',
      coverage: 'warranty',
      endsOn: '2026-03-12',
      daysLeft: 10,
    }),
  ),
  'retention-to-call-center': reaction(
    'RetentionTaskDue',
    RetentionTaskDue.detail.parse({
      schemaVersion: 1,
      metadata,
      reactionKey: 'retention:cus_1:ep-3',
      customerId: 'cus_1',
      reason: 'churnRisk',
      triggeredBy: { detailType: 'ChurnRiskRaised', eventId: 'evt-0', at: '2026-03-02T09:00:00Z' },
      summary: {
        name: 'Anna Berger',
        keyCustomer: true,
        productsOwned: [],
        openIssues: [],
        overdueInvoices: 0,
      },
    }),
  ),
  'retention-decision': envelope(
    'hub360.insights',
    'ChurnRiskRaised',
    ChurnRiskRaised.detail.parse({
      schemaVersion: 1,
      metadata,
      customerId: 'cus_1',
      episodeId: 'ep-3',
      score: 70,
      signals: [],
      revenueInValueWindow: 0,
      keyCustomer: true,
      raisedAt: '2026-03-02T09:00:00Z',
    }),
  ),
  'demand-signal-to-erp-planning': demandSignal('DemandSignalRaised'),
  'demand-signal-withdrawn-from-erp': demandSignal('DemandSignalWithdrawn'),
} as const;

const ruleNamed = (name: string) => {
  const rule = hubTopology.rules.find((candidate) => candidate.name === name);
  if (!rule) throw new Error(`the hub topology has no rule ${name}`);
  return compileRule(rule);
};
const asBackfill = (event: EventEnvelope, kind: string): EventEnvelope => ({
  ...event,
  detail: { ...event.detail, metadata: { ...metadata, backfill: kind } },
});
/** The request a rule's HTTP target sends for an event (URL settings resolve to `https://<setting>.test`). */
const httpRequestOf = (ruleName: string, event: EventEnvelope) => {
  const rule = ruleNamed(ruleName);
  const target = rule.targets.find((t) => t.spec.kind === 'http');
  if (target?.spec.kind !== 'http') throw new Error(`${ruleName} has no HTTP target`);
  const input = shapeTargetInput(target.shaping, event, {
    ruleName,
    ruleArn: `arn:aws:events:eu-central-1:000000000000:rule/${ruleName}`,
    ingestionTime: event.time,
  });
  const request = buildHttpTargetRequest(
    target.spec,
    input,
    (name) => `https://${name.toLowerCase()}.test/inbox`,
    () => ({ name: 'Authorization', value: 'Bearer t' }),
    event,
  );
  if (typeof request === 'string') throw new Error(request);
  return {
    request,
    body: request.body === undefined ? undefined : JSON.parse(request.body),
    target: target.spec,
  };
};

describe('reaction rules of the hub topology', () => {
  it('has a test event for every rule that reacts to hub360 reactions, demand or churn', () => {
    const reactionRules = hubTopology.rules
      .filter((rule) => JSON.stringify(rule.pattern).match(/hub360\.(reactions|demand)|ChurnRiskRaised/))
      .map((rule) => rule.name)
      .sort();

    expect(reactionRules).toEqual(Object.keys(events).sort());
  });

  it.each(Object.entries(events))(
    '%s matches its live event, and it is the only rule that does',
    (name, event) => {
      const matching = hubTopology.rules
        .filter((rule) => matchesEventPattern(compileRule(rule).pattern, event))
        .map((rule) => rule.name);

      expect(matching).toEqual([name]);
    },
  );

  // Coverage ending soon is about the future: the one rule that opts in to initial loads and resyncs.
  const historyOptIns: Readonly<Record<string, readonly string[]>> = {
    'coverage-expiry-to-service': ['initialLoad', 'fullResync'],
  };

  it.each(Object.entries(events))(
    '%s ignores the same event from an initial load, a resync or a replay unless it opts in',
    (name, event) => {
      const { pattern } = ruleNamed(name);

      const matched = ['initialLoad', 'fullResync', 'replay'].filter((kind) =>
        matchesEventPattern(pattern, asBackfill(event, kind)),
      );

      expect(matched).toEqual(historyOptIns[name] ?? []);
    },
  );

  it('never delivers a replayed coverage notice, also when its event names no backfill (AWS replays)', () => {
    const event = events['coverage-expiry-to-service'];
    const { pattern } = ruleNamed('coverage-expiry-to-service');

    const replayed = matchesEventPattern(pattern, { ...event, 'replay-name': 'r-1' } as EventEnvelope);

    expect(replayed).toBe(false);
  });

  it.each(Object.entries(events))(
    '%s ignores the event when an EventBridge archive replay re-sends it unchanged but for replay-name',
    (name, event) => {
      const { pattern } = ruleNamed(name);
      const replayedOnAws = { ...event, 'replay-name': 'replay-after-incident' };

      expect(matchesEventPattern(pattern, event)).toBe(true);
      expect(matchesEventPattern(pattern, replayedOnAws)).toBe(false);
    },
  );

  it.each(Object.keys(events).filter((name) => !name.startsWith('demand') && name !== 'retention-decision'))(
    '%s posts to its system with the reaction key as Idempotency-Key and records the reaction in the ledger',
    (name) => {
      const event = events[name as keyof typeof events];
      const { request, target } = httpRequestOf(name, event);
      const ledger = ruleNamed(name).targets.find((t) => t.spec.id === 'reaction-ledger');
      const ledgerInput =
        ledger &&
        shapeTargetInput(ledger.shaping, event, { ruleName: name, ruleArn: 'arn', ingestionTime: '' });

      expect([request.method, request.url]).toEqual([
        'POST',
        `https://${target.urlSetting.toLowerCase()}.test/inbox`,
      ]);
      expect(request.headers).toMatchObject({
        'idempotency-key': event.detail.reactionKey,
        authorization: 'Bearer t',
        'content-type': 'application/json',
      });
      expect(target.invocationRateLimitPerSecond).toBe(5);
      expect(ledgerInput?.value).toEqual({ rule: name, system: expect.any(String), event });
    },
  );

  it('turns a payment follow-up into an outbound call-center task', () => {
    const { body } = httpRequestOf(
      'payment-follow-up-to-call-center',
      events['payment-follow-up-to-call-center'],
    );

    expect(body).toEqual({
      taskId: 'evt-1',
      idempotencyKey: 'payment-follow-up:invoice#sap-s4#billing-documents#INV-1',
      type: 'paymentFollowUp',
      direction: 'outbound',
      customerId: 'cus_1',
      subject: 'Invoice INV-1 overdue since 2026-02-27',
      invoiceNumber: 'INV-1',
      openAmount: 250,
      currency: 'EUR',
      daysOverdue: 3,
    });
  });

  it('turns a cross-sell opportunity into a sales lead naming what to offer and why', () => {
    const { body } = httpRequestOf('cross-sell-to-sales', events['cross-sell-to-sales']);

    expect(body).toEqual({
      leadId: 'evt-1',
      idempotencyKey: 'cross-sell:cus_1:P-200',
      type: 'crossSell',
      customerId: 'cus_1',
      offerPartNumber: 'P-200',
      becausePurchased: 'P-100',
      relation: 'successor',
    });
  });

  it('turns product issues into a PDM change request with counts, window and evidence', () => {
    const event = events['product-issues-to-pdm'];
    const { body } = httpRequestOf('product-issues-to-pdm', event);

    expect(body).toEqual({
      requestId: 'evt-1',
      idempotencyKey: 'product-issues:P-300:T-3',
      partNumber: 'P-300',
      reason: 'fieldIssues',
      complaints: 2,
      returns: 1,
      window: event.detail.window,
      evidence: event.detail.evidence,
    });
  });

  it('turns a late shipment and an ending warranty into service notices', () => {
    const late = httpRequestOf('late-shipment-to-service', events['late-shipment-to-service']).body;
    const coverage = httpRequestOf('coverage-expiry-to-service', events['coverage-expiry-to-service']).body;

    expect(late).toEqual({
      noticeId: 'evt-1',
      idempotencyKey: 'late-shipment:SH-1',
      type: 'lateShipment',
      customerId: 'cus_1',
      shipmentNumber: 'SH-1',
      delayDays: 2,
      promisedDate: '2026-02-28',
    });
    expect(coverage).toEqual({
      noticeId: 'evt-1',
      idempotencyKey: 'coverage:cus_1:P-100:SN-1:warranty:2026-03-12',
      type: 'coverageEnding',
      customerId: 'cus_1',
      partNumber: 'P-100',
      serialNumber: 'SN-1',
      coverage: 'warranty',
      contractNumber: null,
      endsOn: '2026-03-12',
      daysLeft: 10,
    });
  });

  it('turns a retention task into an outbound call-center task carrying the 360 summary', () => {
    const event = events['retention-to-call-center'];
    const { body } = httpRequestOf('retention-to-call-center', event);

    expect(body).toEqual({
      taskId: 'evt-1',
      idempotencyKey: 'retention:cus_1:ep-3',
      type: 'retention',
      direction: 'outbound',
      customerId: 'cus_1',
      reason: 'churnRisk',
      customer: event.detail.summary,
    });
  });

  it('hands churn risk to the retention decision function, whole', () => {
    const rule = ruleNamed('retention-decision');

    expect(rule.targets.map((t) => [t.spec.kind, t.spec.id, t.shaping.kind])).toEqual([
      ['function', 'retention-decisions', 'event'],
    ]);
  });

  it('upserts the planned order with PUT <url>/<key>, the planned requirement as body', () => {
    const { request, body } = httpRequestOf(
      'demand-signal-to-erp-planning',
      events['demand-signal-to-erp-planning'],
    );

    expect([request.method, request.url]).toEqual([
      'PUT',
      'https://reaction_erp_planned_order_url.test/inbox/PIR-P-100-1000-20260302',
    ]);
    expect(request.headers['idempotency-key']).toBe('PIR-P-100-1000-20260302.r1.raise.abc');
    expect(body).toEqual(plannedOrder);
  });

  it('withdraws the planned order with DELETE <url>/<key> and no body', () => {
    const { request } = httpRequestOf(
      'demand-signal-withdrawn-from-erp',
      events['demand-signal-withdrawn-from-erp'],
    );

    expect(request).toEqual({
      method: 'DELETE',
      url: 'https://reaction_erp_planned_order_url.test/inbox/PIR-P-100-1000-20260302',
      headers: { 'idempotency-key': 'PIR-P-100-1000-20260302.r1.raise.abc', authorization: 'Bearer t' },
    });
  });
});
