import { buildCustomerFacts } from '../../../core/insights/customer-facts.ts';
import {
  type CanonicalRecord,
  type CanonicalRecordInput,
  CanonicalRecordSchema,
} from '../../../schemas/entities/canonical-record.ts';
import type { CustomerData } from '../../../schemas/entities/customer.ts';
import type { CustomerFacts } from '../../../schemas/entities/customer-facts.ts';
import type { InstalledProductData } from '../../../schemas/entities/installed-product.ts';
import type { InteractionData } from '../../../schemas/entities/interaction.ts';
import type { InvoiceData } from '../../../schemas/entities/invoice.ts';
import type { OrderData } from '../../../schemas/entities/order.ts';

// Canonical records as connectors hand them to the store, parsed through the real schema.
const parse = (input: CanonicalRecordInput): CanonicalRecord => CanonicalRecordSchema.parse(input);
const ids = [{ type: 'email' as const, value: 'buyer@example.com' }];
const source = (stream: string, key: string, version: string) => ({ system: 'erp', stream, key, version });

export const order = (
  orderNumber: string,
  orderedAt: string,
  netAmount: number,
  extra: Partial<OrderData> = {},
  version = '1',
): CanonicalRecord =>
  parse({
    entity: 'order',
    source: source('orders', orderNumber, version),
    identifiers: ids,
    data: { orderNumber, orderedAt, status: 'confirmed', currency: 'EUR', netAmount, ...extra },
  });

export const invoice = (
  invoiceNumber: string,
  dueDate: string,
  amount: number,
  extra: Partial<InvoiceData> = {},
  version = '1',
): CanonicalRecord =>
  parse({
    entity: 'invoice',
    source: source('invoices', invoiceNumber, version),
    identifiers: ids,
    data: {
      invoiceNumber,
      issuedOn: '2025-01-01',
      dueDate,
      amount,
      currency: 'EUR',
      status: 'open',
      ...extra,
    },
  });

export const interaction = (
  interactionId: string,
  occurredAt: string,
  category: InteractionData['category'],
  extra: Partial<InteractionData> = {},
): CanonicalRecord =>
  parse({
    entity: 'interaction',
    source: { system: 'desk', stream: 'tickets', key: interactionId, version: '1' },
    identifiers: ids,
    data: { interactionId, kind: 'serviceCase', channel: 'phone', occurredAt, category, ...extra },
  });

export const productView = (messageId: string, timestamp: string, partNumber = 'P-100'): CanonicalRecord =>
  parse({
    entity: 'webActivity',
    source: { system: 'web', stream: 'events', key: messageId, version: '1' },
    identifiers: ids,
    data: { messageId, type: 'track', timestamp, interest: { kind: 'productView', partNumber } },
  });

export const installed = (
  key: string,
  data: Partial<InstalledProductData> & { partNumber: string },
): CanonicalRecord =>
  parse({
    entity: 'installedProduct',
    source: source('installed', key, '1'),
    identifiers: ids,
    data: { purchasedOn: '2024-01-01', ...data },
  });

export const customer = (key: string, data: CustomerData): CanonicalRecord =>
  parse({ entity: 'customer', source: source('partners', key, '1'), identifiers: ids, data });

export const factsOf = (...records: CanonicalRecord[]): CustomerFacts => buildCustomerFacts('C1', records);
