import type { CanonicalRecordInput } from './canonical-record.ts';
import type { IdentifierInput } from './identifier.ts';

/**
 * Small, valid canonical records for tests, docs and the sandbox. Each builder takes the few fields a
 * test cares about and fills in the rest.
 */
type Source = { system?: string; stream?: string; key: string; version: string; deleted?: boolean };

const source = (s: Source, stream: string) => ({
  system: s.system ?? 'sap-s4',
  stream: s.stream ?? stream,
  key: s.key,
  version: s.version,
  ...(s.deleted ? { deleted: true } : {}),
});

export const erp = (value: string, system = 'sap-s4'): IdentifierInput => ({ type: 'erp', system, value });
export const email = (value: string): IdentifierInput => ({ type: 'email', value });
export const phone = (value: string): IdentifierInput => ({ type: 'phone', value });
export const webUser = (value: string): IdentifierInput => ({ type: 'webUser', value });
export const anonymous = (value: string): IdentifierInput => ({ type: 'anonymousId', value });

export const exampleCustomer = (
  s: Source,
  identifiers: IdentifierInput[],
  data: Record<string, unknown> = {},
): CanonicalRecordInput =>
  ({
    entity: 'customer',
    source: source(s, 'business-partners'),
    identifiers,
    ...(s.deleted ? {} : { data: { name: `Customer ${s.key}`, ...data } }),
  }) as CanonicalRecordInput;

export const exampleOrder = (
  s: Source,
  identifiers: IdentifierInput[],
  data: {
    orderedAt?: string;
    status?: string;
    lines?: { partNumber: string; quantity: number }[];
    netAmount?: number;
  } = {},
): CanonicalRecordInput =>
  ({
    entity: 'order',
    source: source(s, 'sales-orders'),
    identifiers,
    data: {
      orderNumber: s.key,
      orderedAt: data.orderedAt ?? '2026-03-01T10:00:00Z',
      status: data.status ?? 'open',
      currency: 'EUR',
      netAmount: data.netAmount ?? 100,
      lines: (data.lines ?? [{ partNumber: 'P-100', quantity: 1 }]).map((l, i) => ({
        lineNumber: String((i + 1) * 10),
        ...l,
      })),
    },
  }) as CanonicalRecordInput;

export const exampleInvoice = (
  s: Source,
  identifiers: IdentifierInput[],
  data: { status?: 'open' | 'paid' | 'overdue'; dueDate?: string; amount?: number } = {},
): CanonicalRecordInput => ({
  entity: 'invoice',
  source: source(s, 'billing-documents'),
  identifiers,
  data: {
    invoiceNumber: s.key,
    issuedOn: '2026-03-02',
    dueDate: data.dueDate ?? '2026-04-01',
    amount: data.amount ?? 100,
    currency: 'EUR',
    status: data.status ?? 'open',
  },
});

export const exampleShipment = (
  s: Source,
  identifiers: IdentifierInput[],
  data: {
    status?: 'planned' | 'shipped' | 'delivered' | 'delayed';
    promisedDate?: string;
    expectedDate?: string;
  } = {},
): CanonicalRecordInput => ({
  entity: 'shipment',
  source: { ...source(s, 'shipments'), system: s.system ?? 'fusion-scm' },
  identifiers,
  data: {
    shipmentNumber: s.key,
    status: data.status ?? 'planned',
    promisedDate: data.promisedDate ?? '2026-03-10',
    ...(data.expectedDate ? { expectedDate: data.expectedDate } : {}),
  },
});

export const exampleProduct = (
  s: Source,
  data: { partNumber: string; lifecycleState?: 'released' | 'obsolete'; successorPartNumber?: string },
): CanonicalRecordInput => ({
  entity: 'product',
  source: { ...source(s, 'parts'), system: s.system ?? 'windchill' },
  identifiers: [],
  data: {
    partNumber: data.partNumber,
    revision: 'A',
    name: `Part ${data.partNumber}`,
    lifecycleState: data.lifecycleState ?? 'released',
    ...(data.successorPartNumber ? { successorPartNumber: data.successorPartNumber } : {}),
  },
});

export const exampleInventory = (
  s: Source,
  data: { partNumber: string; site?: string; onHand: number },
): CanonicalRecordInput => ({
  entity: 'inventory',
  source: { ...source(s, 'on-hand'), system: s.system ?? 'fusion-scm' },
  identifiers: [],
  data: { partNumber: data.partNumber, site: data.site ?? 'MUC', onHand: data.onHand, leadTimeDays: 14 },
});

export const exampleWebActivity = (
  s: Source,
  identifiers: IdentifierInput[],
  data: {
    type?: 'track' | 'page' | 'identify';
    timestamp?: string;
    partNumber?: string;
    kind?: 'productView' | 'cartAdd' | 'search';
  } = {},
): CanonicalRecordInput => ({
  entity: 'webActivity',
  source: { ...source(s, 'events'), system: s.system ?? 'segment-web' },
  identifiers,
  data: {
    messageId: s.key,
    type: data.type ?? 'track',
    event: data.type === 'identify' ? undefined : 'Product Viewed',
    timestamp: data.timestamp ?? '2026-03-01T09:00:00Z',
    ...(data.partNumber
      ? { interest: { kind: data.kind ?? 'productView', partNumber: data.partNumber } }
      : {}),
  },
});

export const exampleInteraction = (
  s: Source,
  identifiers: IdentifierInput[],
  data: { occurredAt?: string; agent?: string; category?: 'complaint' | 'question' } = {},
): CanonicalRecordInput => ({
  entity: 'interaction',
  source: { ...source(s, 'contacts'), system: s.system ?? 'callcenter' },
  identifiers,
  data: {
    interactionId: s.key,
    kind: 'contact',
    channel: 'phone',
    occurredAt: data.occurredAt ?? '2026-03-05T08:00:00Z',
    agent: data.agent ?? 'Anna Agent',
    ...(data.category ? { category: data.category } : {}),
    outcome: 'callback promised',
  },
});
