import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../infra/local/eventbus/delivery/compiled-rule.ts';
import { shapeTargetInput } from '../../../infra/local/eventbus/delivery/target-input.ts';
import { buildEventEnvelope } from '../../../infra/local/eventbus/envelope.ts';
import { matchesEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { storeEvents } from '../../../schemas/events/catalogue.ts';
import type { EventDefinition } from '../../../schemas/events/event-envelope.ts';

const metadata = {
  eventId: 'evt-1',
  correlationId: 'corr-1',
  occurredAt: '2026-03-01T10:00:00Z',
  producer: 'stream-publisher',
};
const source = { system: 'sap-s4', stream: 'sales-orders', key: '4711', version: '2026-03-01T10:00:00Z' };

/** Builds an event exactly as the feed would publish it: the detail is parsed by the event's own schema. */
const eventOf = (definition: EventDefinition, payload: Record<string, unknown>) =>
  buildEventEnvelope({
    id: 'e1',
    source: definition.source,
    detailType: definition.detailType,
    detail: definition.detail.parse({
      schemaVersion: definition.schemaVersion,
      metadata,
      ...payload,
    }) as Record<string, unknown>,
    resources: [],
    time: new Date('2026-03-01T10:00:00Z'),
    region: 'eu-central-1',
    account: '000000000000',
  });

const order = (status: string) => ({
  orderNumber: '4711',
  orderedAt: '2026-03-01T09:00:00Z',
  status,
  currency: 'EUR',
  netAmount: 1200,
  lines: [{ lineNumber: '10', partNumber: 'PUMP-100', quantity: 4 }],
});
const shipment = (status: string) => ({
  shipmentNumber: 'S-1',
  status,
  promisedDate: '2026-03-01',
  lines: [],
});
const interaction = (category: string, partNumber?: string) => ({
  interactionId: 'I-1',
  kind: 'serviceCase',
  channel: 'phone',
  occurredAt: '2026-03-01T09:00:00Z',
  category,
  subject: 'Seal leaks after two weeks',
  ...(partNumber ? { partNumber } : {}),
});

const cases = {
  'order-demand-to-erp': {
    matching: eventOf(storeEvents.OrderRecorded, {
      customerId: 'C1',
      source,
      change: 'created',
      order: order('open'),
    }),
    other: eventOf(storeEvents.OrderRecorded, {
      customerId: 'C1',
      source,
      change: 'created',
      order: order('cancelled'),
    }),
  },
  'overdue-invoice-to-call-center': {
    matching: eventOf(storeEvents.InvoiceOverdue, {
      customerId: 'C1',
      source,
      invoice: {
        invoiceNumber: '9001',
        issuedOn: '2026-01-01',
        dueDate: '2026-02-01',
        amount: 500,
        currency: 'EUR',
        status: 'overdue',
      },
    }),
    other: eventOf(storeEvents.OrderRecorded, {
      customerId: 'C1',
      source,
      change: 'updated',
      order: order('open'),
    }),
  },
  'late-shipment-service-notice': {
    matching: eventOf(storeEvents.ShipmentUpdated, {
      customerId: 'C1',
      source,
      delayDays: 3,
      shipment: shipment('shipped'),
    }),
    other: eventOf(storeEvents.ShipmentUpdated, {
      customerId: 'C1',
      source,
      delayDays: 0,
      shipment: shipment('shipped'),
    }),
  },
  'product-complaint-to-pdm': {
    matching: eventOf(storeEvents.InteractionRecorded, {
      customerId: 'C1',
      source,
      interaction: interaction('complaint', 'PUMP-100'),
    }),
    other: eventOf(storeEvents.InteractionRecorded, {
      customerId: 'C1',
      source,
      interaction: interaction('complaint'),
    }),
  },
  'web-interest-to-sales': {
    matching: eventOf(storeEvents.WebInterestObserved, {
      customerId: 'C1',
      anonymous: false,
      source,
      interest: { kind: 'cartAdd', partNumber: 'PUMP-100' },
      observedAt: '2026-03-01T09:00:00Z',
    }),
    other: eventOf(storeEvents.WebInterestObserved, {
      customerId: 'C1',
      anonymous: true,
      source,
      interest: { kind: 'cartAdd', partNumber: 'PUMP-100' },
      observedAt: '2026-03-01T09:00:00Z',
    }),
  },
} as const;

describe('enterprise reaction rules', () => {
  const reactionRules = hubTopology.rules.filter((r) => r.name in cases);

  it('covers every reaction rule declared in the topology', () => {
    expect(reactionRules.map((r) => r.name).sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(reactionRules.map((r) => [r.name, r] as const))(
    '%s matches the event it is for, not a near miss, and sends valid JSON',
    (name, rule) => {
      const compiled = compileRule(rule);
      const { matching, other } = cases[name as keyof typeof cases];

      const inputs = compiled.targets.map((t) =>
        shapeTargetInput(t.shaping, matching, {
          ruleName: name,
          ruleArn: name,
          ingestionTime: matching.time,
        }),
      );

      expect(matchesEventPattern(compiled.pattern, matching)).toBe(true);
      expect(matchesEventPattern(compiled.pattern, other)).toBe(false);
      for (const input of inputs) {
        expect(input.isJson).toBe(true);
        expect(JSON.parse(input.text)).toMatchObject({});
        expect(input.text).toContain('"evt-1"');
      }
    },
  );
});
