import * as z from 'zod';
import { InstalledProductDataSchema } from '../entities/installed-product.ts';
import { InvoiceDataSchema } from '../entities/invoice.ts';
import { OrderDataSchema, OrderStatusSchema } from '../entities/order.ts';
import { ShipmentDataSchema, ShipmentStatusSchema } from '../entities/shipment.ts';
import { SourceRefSchema } from '../entities/source.ts';
import { defineEvent } from './event-envelope.ts';

export const OrderRecorded = defineEvent({
  source: 'hub360.commerce',
  detailType: 'OrderRecorded',
  schemaVersion: 1,
  description: 'A sales order or quotation was recorded or changed in the ERP.',
  payload: {
    customerId: z.string(),
    source: SourceRefSchema,
    change: z.enum(['created', 'updated']),
    previousStatus: OrderStatusSchema.optional(),
    order: OrderDataSchema,
  },
});
export type OrderRecordedDetail = z.infer<typeof OrderRecorded.detail>;

export const InvoiceOverdue = defineEvent({
  source: 'hub360.commerce',
  detailType: 'InvoiceOverdue',
  schemaVersion: 1,
  description: 'An invoice became overdue (the ERP reports it overdue, or it arrives already overdue).',
  payload: { customerId: z.string(), source: SourceRefSchema, invoice: InvoiceDataSchema },
});
export type InvoiceOverdueDetail = z.infer<typeof InvoiceOverdue.detail>;

export const ShipmentUpdated = defineEvent({
  source: 'hub360.commerce',
  detailType: 'ShipmentUpdated',
  schemaVersion: 1,
  description: 'A shipment was created or changed; says whether it is late against its promised date.',
  payload: {
    customerId: z.string(),
    source: SourceRefSchema,
    previousStatus: ShipmentStatusSchema.optional(),
    /** Days the expected or actual delivery lies after the promised date (0 when on time). */
    delayDays: z.number().int(),
    shipment: ShipmentDataSchema,
  },
});
export type ShipmentUpdatedDetail = z.infer<typeof ShipmentUpdated.detail>;

export const InstalledProductRecorded = defineEvent({
  source: 'hub360.commerce',
  detailType: 'InstalledProductRecorded',
  schemaVersion: 1,
  description: 'A customer owns a part (or its warranty / contract dates changed).',
  payload: { customerId: z.string(), source: SourceRefSchema, installedProduct: InstalledProductDataSchema },
});
export type InstalledProductRecordedDetail = z.infer<typeof InstalledProductRecorded.detail>;
