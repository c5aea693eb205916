import { beforeEach, describe, expect, it } from 'vitest';
import {
  buildSyncPausedEvent,
  CONNECTOR_EVENT_SOURCE,
  CONNECTOR_SYNC_PAUSED,
} from '../../../adapters/eventbridge/continuation.ts';
import { toPutEventsEntry } from '../../../adapters/eventbridge/put-events-request.ts';
import { MemoryBackend } from '../../../adapters/memory/memory-backend.ts';
import { decideReactions } from '../../../app/reactions/decide-reactions.ts';
import { decideRetentionTask } from '../../../app/reactions/decide-retention.ts';
import { computePartDemand, evaluateDemandSignal } from '../../../core/demand/index.ts';
import { buildDemandSignalItem } from '../../../core/demand/signal-item.ts';
import type { ChangeRecord } from '../../../core/events/change-record.ts';
import { mapChangeToEvents } from '../../../core/events/map-change-to-events.ts';
import { versionOrder } from '../../../core/identity/version-order.ts';
import { evaluateInsights } from '../../../core/insights/evaluate-insights.ts';
import { buildInsightsItem } from '../../../core/insights/store/insight-items.ts';
import { keys } from '../../../core/items/keys.ts';
import type { Item } from '../../../core/items/record-items.ts';
import { keyString } from '../../../core/items/write-ops.ts';
import { eraseCustomer } from '../../../core/privacy/erase-customer.ts';
import { compileRule, compileRuleSet } from '../../../infra/local/eventbus/delivery/compiled-rule.ts';
import { buildEventEnvelope, type EventEnvelope } from '../../../infra/local/eventbus/envelope.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import { DemandConfigSchema } from '../../../schemas/config/demand-config.ts';
import { defaultInsightsConfig } from '../../../schemas/config/insights-config.ts';
import { type Customer360View, Customer360ViewSchema } from '../../../schemas/entities/customer-360.ts';
import { storeEvents } from '../../../schemas/events/catalogue.ts';
import { derivedEvents } from '../../../schemas/events/derived-events.ts';
import type { HubEvent } from '../../../schemas/events/event-envelope.ts';
import { insightEvents } from '../../../schemas/events/insight-events.ts';
import { factsOf, interaction, invoice, order } from '../insights/records.ts';
import { profileItem } from '../items/stored-items.ts';

/**
 * Contract between what the hub publishes and what its rules listen for: the events come from the real
 * producers (the change feed's mapping of the items the insights, demand and reaction code write, and the
 * connector sync's continuation), travel as PutEvents entries into the local bus's envelope, and are routed
 * by the local bus's compiled rule set. A rule no producer can trigger, or a detail type nobody defines,
 * fails here instead of silently never firing in production.
 */
const NOW = new Date('2026-03-02T10:00:00Z');
const NOW_S = NOW.getTime() / 1000;
let sequence = 0;

const inserted = (newImage: Item, oldImage?: Item): ChangeRecord => {
  sequence += 1;
  return {
    eventName: oldImage ? 'MODIFY' : 'INSERT',
    sequenceNumber: String(1000 + sequence),
    approximateCreationDateTime: NOW_S,
    keys: { pk: String(newImage.pk), sk: String(newImage.sk) },
    newImage,
    ...(oldImage ? { oldImage } : {}),
  };
};

/** The event as a rule sees it: through the PutEvents entry the publisher sends, wrapped by the bus. */
const onTheBus = (entry: { Source?: string; DetailType?: string; Detail?: string }): EventEnvelope => {
  sequence += 1;
  return buildEventEnvelope({
    id: `evt-${sequence}`,
    source: String(entry.Source),
    detailType: String(entry.DetailType),
    detail: JSON.parse(String(entry.Detail)),
    resources: [],
    time: NOW,
    region: 'eu-central-1',
    account: '000000000000',
  });
};
const published = (event: HubEvent) => onTheBus(toPutEventsEntry(event, 'hub360'));

/** Stored items of a reaction decision, as the change feed sees them after the decision was written. */
const decisionChanges = (backend: MemoryBackend): ChangeRecord[] =>
  [...backend.items.values()].filter((item) => item.kind === 'reaction').map((item) => inserted(item));

const record = (
  customerId: string,
  entity: string,
  key: string,
  data: Record<string, unknown>,
  pk = `CUST#${customerId}`,
): Item => ({
  pk,
  sk: `REC#${entity}#erp#s#${key}`,
  kind: 'record',
  entity,
  recordKey: `${entity}#erp#s#${key}`,
  customerId,
  source: { system: 'erp', stream: 's', key, version: '1' },
  // Every record item carries its version's order: the part issue index files a case only with it.
  versionOrd: versionOrder('1'),
  identifiers: [],
  data,
  cause: 'ingest',
});

/** Reaction decisions from changed source records, through the reaction-decision use case. */
const reactionEvents = async (): Promise<HubEvent[]> => {
  const backend = new MemoryBackend();
  const product = (partNumber: string, extra: Record<string, unknown> = {}) =>
    record(
      '-',
      'product',
      partNumber,
      {
        partNumber,
        revision: 'A',
        name: partNumber,
        lifecycleState: 'released',
        accessoryPartNumbers: [],
        ...extra,
      },
      `PRODUCT#${partNumber}`,
    );
  await backend.commit([
    { op: 'put', item: product('PUMP-1', { successorPartNumber: 'PUMP-2' }) },
    { op: 'put', item: product('PUMP-2') },
    {
      op: 'put',
      item: {
        pk: 'CUST#C1',
        sk: 'STATUS#keyCustomer',
        kind: 'status',
        change: { dimension: 'keyCustomer', value: 'true', changedAt: '2026-02-01T00:00:00Z' },
      },
    },
  ]);
  // A case is filed only from a record item the table still holds at its version, as the store leaves it.
  const complaint = async (id: string, day: string) => {
    const item = record('C1', 'interaction', id, {
      interactionId: id,
      kind: 'serviceCase',
      channel: 'email',
      occurredAt: `2026-03-0${day}T08:00:00Z`,
      category: 'complaint',
      partNumber: 'PUMP-1',
    });
    await backend.commit([{ op: 'put', item }]);
    return inserted(item);
  };
  const changes = [
    inserted(
      record('C1', 'invoice', 'INV-1', {
        invoiceNumber: 'INV-1',
        issuedOn: '2026-01-28',
        dueDate: '2026-02-27',
        amount: 1200,
        openAmount: 700,
        currency: 'EUR',
        status: 'open',
      }),
    ),
    inserted(
      record('C1', 'order', 'SO-1', {
        orderNumber: 'SO-1',
        orderedAt: '2026-03-01T09:00:00Z',
        status: 'confirmed',
        currency: 'EUR',
        netAmount: 900,
        lines: [{ lineNumber: '10', partNumber: 'PUMP-1', quantity: 1 }],
      }),
    ),
    inserted(
      record('C1', 'shipment', 'SH-1', {
        shipmentNumber: 'SH-1',
        status: 'inTransit',
        promisedDate: '2026-02-28',
        expectedDate: '2026-03-04',
        lines: [],
      }),
    ),
    inserted(
      record('C1', 'installedProduct', 'IB-1', {
        partNumber: 'PUMP-1',
        serialNumber: 'SN-1',
        quantity: 1,
        purchasedOn: '2024-03-20',
        warrantyEnd: '2026-03-20',
      }),
    ),
    await complaint('T-1', '1'),
    await complaint('T-2', '1'),
    await complaint('T-3', '2'),
  ];
  const result = await decideReactions(changes, { backend, now: () => NOW });
  expect(result.failedSequenceNumbers).toEqual([]);
  return decisionChanges(backend).flatMap(mapChangeToEvents);
};

/** A customer erased on request: the erasure marker it leaves, announced by the change feed. */
const erasureEvents = async (): Promise<HubEvent[]> => {
  const backend = new MemoryBackend();
  await backend.commit([{ op: 'put', item: profileItem('C9', 'active') }]);
  const result = await eraseCustomer({ backend, hashOf: (idKey) => idKey, now: NOW.toISOString() }, 'C9', {
    requestedBy: 'dpo@example.com',
    reason: 'GDPR art. 17',
  });
  expect(result.kind).toBe('erased');
  const marker = backend.items.get(keyString({ pk: keys.customer('C9'), sk: keys.erasure }));
  if (!marker) throw new Error('the erasure left no marker');
  return mapChangeToEvents(inserted(marker));
};

/** A customer at risk: the insights evaluation, stored as its INSIGHTS item, announced by the change feed. */
const insightItemEvents = (): HubEvent[] => {
  const records = [
    order('SO-1', '2025-06-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
    order('SO-2', '2025-08-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
    order('SO-3', '2025-10-01T09:00:00Z', 30_000, { costAmount: 20_000 }),
    invoice('INV-1', '2025-12-31', 30_000),
    interaction('T-1', '2026-02-01T10:00:00Z', 'complaint'),
  ];
  const at = NOW.toISOString();
  const evaluation = evaluateInsights(undefined, factsOf(...records), defaultInsightsConfig, at, {
    keyCustomer: null,
    rfmBoundaries: null,
  });
  return mapChangeToEvents(inserted(buildInsightsItem(evaluation, 1, 'fingerprint', at)));
};

const ref = (key: string) => ({ system: 'erp', stream: 'records', key, version: '1' });
const highValueView = (customerId: string): Customer360View =>
  Customer360ViewSchema.parse({
    customerId,
    profile: { name: { value: 'Anna Berger', provenance: ref('1000') } },
    identifiers: [],
    customerSources: [ref('1000')],
    orders: [
      {
        source: ref('SO-9'),
        data: {
          orderNumber: 'SO-9',
          orderedAt: '2026-01-10T10:00:00Z',
          status: 'delivered',
          currency: 'EUR',
          netAmount: 50_000,
          lines: [],
        },
      },
    ],
    invoices: [],
    installedProducts: [],
    shipments: [],
    interactions: [],
    webActivity: [],
    statusHistory: [],
    conflicts: [],
  });

/** A retention task decided from an insight event as the retention rule delivers it. */
const retentionEvents = async (trigger: EventEnvelope): Promise<HubEvent[]> => {
  const backend = new MemoryBackend();
  const outcome = await decideRetentionTask(trigger, {
    store: {
      getCustomer360: async (customerId) => ({ kind: 'found', view: highValueView(customerId), requests: 1 }),
    },
    backend,
    now: () => NOW,
  });
  expect(outcome.kind).toBe('decided');
  return decisionChanges(backend).flatMap(mapChangeToEvents);
};

/** A part's shortage raised, superseded and withdrawn, stored as its demand-signal item each time. */
const demandEvents = (): HubEvent[] => {
  const part = 'P-100';
  const config = DemandConfigSchema.parse({});
  const demand = computePartDemand(
    part,
    {
      orders: [
        {
          customerId: 'C1',
          order: {
            orderNumber: 'O1',
            orderedAt: '2026-02-01T08:00:00Z',
            status: 'confirmed',
            currency: 'EUR',
            netAmount: 1000,
            lines: [
              { lineNumber: '10', partNumber: part, quantity: 10, requestedDeliveryDate: '2026-03-05' },
            ],
          },
        },
      ],
      shipments: [],
      webInterest: [],
    },
    config,
    NOW,
  );
  const evaluate = (
    available: number,
    previousSignal?: Parameters<typeof evaluateDemandSignal>[0]['previousSignal'],
  ) =>
    evaluateDemandSignal({
      partNumber: part,
      demand,
      stock: { onHand: available, inbound: 0, allocated: 0, available, sites: 1 },
      leadTimeDays: 14,
      safetyStock: 0,
      now: NOW,
      previousSignal,
      config,
    });
  const raised = evaluate(2);
  if (raised.action === 'none') throw new Error('expected the shortage to raise a signal');
  const superseded = evaluate(5, raised.next);
  if (superseded.action === 'none') throw new Error('expected a smaller shortage to supersede the signal');
  const withdrawn = evaluate(50, superseded.next);
  if (withdrawn.action === 'none') throw new Error('expected covered demand to withdraw the signal');
  const items = [raised, superseded, withdrawn].map((change) => buildDemandSignalItem(part, change));
  return items.flatMap((item, i) => mapChangeToEvents(inserted(item, items[i - 1])));
};

const ruleSet = compileRuleSet(hubTopology.rules.map(compileRule));
const routed = (envelope: EventEnvelope) => ruleSet.match(envelope).map((rule) => rule.spec.name);

let events: EventEnvelope[] = [];
// Built before each test rather than once: mutation testing (stryker.config.mjs) counts only code run
// inside a test (its beforeEach included) as covered by it; work done once in beforeAll makes every
// mutant of the producers a "static" one that reruns all related test files. The build is in memory.
beforeEach(async () => {
  const insights = insightItemEvents().map(published);
  const churn = insights.find((e) => e['detail-type'] === 'ChurnRiskRaised');
  if (!churn) throw new Error('the at-risk customer raised no ChurnRiskRaised');
  events = [
    ...insights,
    ...demandEvents().map(published),
    ...(await reactionEvents()).map(published),
    ...(await retentionEvents(churn)).map(published),
    ...(await erasureEvents()).map(published),
    ...(
      buildSyncPausedEvent('hub360', {
        schemaVersion: 1,
        connector: 'sap-s4',
        pausedAt: NOW.toISOString(),
        streams: ['business-partners'],
        correlationId: 'sync-1',
      }).Entries ?? []
    ).map(onTheBus),
  ];
});

describe('events the hub publishes ↔ the event patterns of its rules', () => {
  it('every (source, detail-type) a rule names is an event the hub defines under that source', () => {
    const defined = new Set(
      [...Object.values(storeEvents), ...Object.values(insightEvents), ...Object.values(derivedEvents)]
        .map((d) => `${d.source} ${d.detailType}`)
        .concat(`${CONNECTOR_EVENT_SOURCE} ${CONNECTOR_SYNC_PAUSED}`),
    );
    const named = hubTopology.rules.flatMap((rule) => {
      const sources = rule.pattern.source as string[];
      const types = rule.pattern['detail-type'] as string[];
      expect(sources, `rule ${rule.name} names its source`).toBeInstanceOf(Array);
      expect(types, `rule ${rule.name} names its detail types`).toBeInstanceOf(Array);
      return sources.flatMap((source) =>
        types.map((type) => ({ rule: rule.name, event: `${source} ${type}` })),
      );
    });

    expect(named.filter(({ event }) => !defined.has(event))).toEqual([]);
    expect(named.length).toBeGreaterThanOrEqual(hubTopology.rules.length);
  });

  it('every rule matches at least one event the real producers publish', () => {
    const matched = new Set(events.flatMap(routed));

    expect(hubTopology.rules.map((rule) => rule.name).filter((name) => !matched.has(name))).toEqual([]);
  });

  it('each published event a rule names reaches the rules naming its detail type and no other', () => {
    for (const event of events) {
      const expected = hubTopology.rules
        .filter(
          (rule) =>
            (rule.pattern.source as string[]).includes(event.source) &&
            (rule.pattern['detail-type'] as string[]).includes(event['detail-type']),
        )
        .map((rule) => rule.name)
        .sort();

      expect(routed(event).sort(), `${event.source} ${event['detail-type']}`).toEqual(expected);
    }
  });

  it('the same events replayed from an archive reach only the connector continuation and the erasure; backfilled ones only those and the coverage notice', () => {
    const replayed = events.map((e) => ({ ...e, 'replay-name': 'replay-1' }));
    const backfilled = events.map((e) => ({
      ...e,
      detail: { ...e.detail, metadata: { ...(e.detail.metadata as object), backfill: 'initialLoad' } },
    }));
    // An erasure is carried out again when its event comes back: forgetting again changes nothing.
    const continuation = (event: { source: string; 'detail-type': string }) =>
      event.source === CONNECTOR_EVENT_SOURCE
        ? ['connector-sync-continuation']
        : event['detail-type'] === 'CustomerErased'
          ? ['erasure-to-reaction-ledger']
          : [];

    for (const event of replayed) {
      expect(routed(event), `replayed ${event.source} ${event['detail-type']}`).toEqual(continuation(event));
    }
    // Coverage ending from today is news even when an initial load brings it (docs/reactions.md): the one
    // reaction rule that opts in to backfill.
    for (const event of backfilled) {
      const expected =
        event['detail-type'] === 'WarrantyExpiring' ? ['coverage-expiry-to-service'] : continuation(event);
      expect(routed(event), `backfilled ${event.source} ${event['detail-type']}`).toEqual(expected);
    }
  });
});
