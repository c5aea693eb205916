import type { InvoiceData } from '../../schemas/entities/invoice.ts';
import type { OrderData } from '../../schemas/entities/order.ts';
import type { ShipmentData } from '../../schemas/entities/shipment.ts';

/**
 * When the state an event reports was reached, for the staleness check of history-is-not-news.
 * An order is dated by when it was placed (its later milestones belong to shipments and invoices).
 */
export const orderStateReachedAt = (order: Pick<OrderData, 'orderedAt'>): string => order.orderedAt;

/** A late shipment's lateness began on its promised date; a delivered one ended on delivery. */
export const shipmentStateReachedAt = (
  shipment: Pick<ShipmentData, 'status' | 'deliveredAt' | 'promisedDate' | 'shippedAt'>,
): string =>
  shipment.status === 'delivered' && shipment.deliveredAt !== undefined
    ? shipment.deliveredAt
    : shipment.promisedDate;

/** An overdue invoice became overdue the day after its due date; a paid one on the day it was paid. */
export const invoiceStateReachedAt = (invoice: Pick<InvoiceData, 'status' | 'paidOn' | 'dueDate'>): string =>
  invoice.status === 'paid' && invoice.paidOn !== undefined ? invoice.paidOn : invoice.dueDate;
