import type { Row } from '../../odata/entity-model.ts';
import type { OrderLine, OrderProcess } from '../../world/order-process.ts';
import type { CustomerProfile } from '../../world/reference-data.ts';
import { guidFrom, lineGuid } from '../../world/stable-ids.ts';
import { DAY_MS, startOfUtcDay } from '../../world/time.ts';

/** Projects sandbox customers and order processes into Business Central API v2.0 rows. */

const TAX_PERCENT = 19;

/** How one customer is recorded in Business Central (spelled the way the subsidiary's staff typed it). */
export interface BcCustomerRecord {
  readonly id: string;
  readonly number: string;
  readonly displayName: string;
  readonly email: string;
  readonly phoneNumber: string;
  readonly changedAt: Date;
}

/** `+49 40 1234567`: Business Central users type international numbers with spaces. */
export const bcPhoneFormat = (customer: CustomerProfile): string => {
  const national = customer.phoneNational.replace(/^0/, '');
  return `+${customer.country.dialCode} ${national}`;
};

export const customerRow = (customer: CustomerProfile, record: BcCustomerRecord): Row => ({
  id: record.id,
  number: record.number,
  displayName: record.displayName,
  type: 'Company',
  addressLine1: `${customer.street} ${customer.houseNumber}`,
  addressLine2: '',
  city: customer.city,
  state: '',
  country: customer.country.code,
  postalCode: customer.postalCode,
  phoneNumber: record.phoneNumber,
  email: record.email,
  website: `www.${record.email.split('@')[1] ?? ''}`.toLowerCase(),
  salespersonCode: 'JO',
  creditLimit: 50_000,
  taxLiable: true,
  currencyCode: customer.country.currency === 'EUR' ? '' : customer.country.currency,
  blocked: ' ',
  lastModifiedDateTime: record.changedAt,
});

const lineRows = (
  documentId: string,
  lines: readonly OrderLine[],
  shipmentDate: Date,
  extra: (line: OrderLine) => Row,
) =>
  lines.map((line, index) => {
    const net = Math.round(line.quantity * line.unitPrice * 100) / 100;
    return {
      id: lineGuid(documentId, index),
      documentId,
      sequence: (index + 1) * 10000,
      itemId: guidFrom(`bc-item:${line.product.number}`),
      lineType: 'Item',
      lineObjectNumber: line.product.number,
      description: line.product.name,
      unitOfMeasureCode: 'PCS',
      quantity: line.quantity,
      unitPrice: line.unitPrice,
      discountPercent: 0,
      amountExcludingTax: net,
      taxPercent: TAX_PERCENT,
      amountIncludingTax: Math.round(net * (1 + TAX_PERCENT / 100) * 100) / 100,
      netAmount: net,
      shipmentDate: startOfUtcDay(shipmentDate),
      ...extra(line),
    };
  });

const totals = (net: number) => ({
  totalAmountExcludingTax: net,
  totalTaxAmount: Math.round(net * (TAX_PERCENT / 100) * 100) / 100,
  totalAmountIncludingTax: Math.round(net * (1 + TAX_PERCENT / 100) * 100) / 100,
});

/** An open sales order (Business Central deletes it once it is fully invoiced). */
export const salesOrderRow = (process: OrderProcess, customer: BcCustomerRecord): Row => {
  const shipped = process.done.ship !== undefined;
  return {
    id: process.orderId,
    number: process.orderNumber,
    externalDocumentNumber: process.purchaseOrder,
    orderDate: startOfUtcDay(process.orderedAt),
    postingDate: startOfUtcDay(process.orderedAt),
    customerId: customer.id,
    customerNumber: customer.number,
    customerName: customer.displayName,
    currencyCode: process.currency === 'EUR' ? '' : process.currency,
    requestedDeliveryDate: startOfUtcDay(process.plannedArrivalAt),
    salesperson: 'JO',
    pricesIncludeTax: false,
    discountAmount: 0,
    ...totals(process.netAmount),
    fullyShipped: shipped,
    status: shipped ? 'Released' : 'Open',
    phoneNumber: customer.phoneNumber,
    email: customer.email,
    lastModifiedDateTime: process.orderChangedAt,
    salesOrderLines: lineRows(process.orderId, process.lines, process.plannedShipAt, (line) => ({
      shippedQuantity: shipped ? line.quantity : 0,
      invoicedQuantity: 0,
    })),
  };
};

/** A posted sales invoice for an invoiced process (undefined before invoicing). */
export const salesInvoiceRow = (process: OrderProcess, customer: BcCustomerRecord): Row | undefined => {
  const invoicedAt = process.done.invoice;
  if (invoicedAt === undefined || process.invoiceId === undefined || process.invoiceNumber === undefined) {
    return undefined;
  }
  const paid = process.done.pay !== undefined;
  const amounts = totals(process.netAmount);
  return {
    id: process.invoiceId,
    number: process.invoiceNumber,
    externalDocumentNumber: process.purchaseOrder,
    invoiceDate: startOfUtcDay(invoicedAt),
    postingDate: startOfUtcDay(invoicedAt),
    dueDate: startOfUtcDay(process.dueDate ?? new Date(invoicedAt.getTime() + 30 * DAY_MS)),
    customerId: customer.id,
    customerNumber: customer.number,
    customerName: customer.displayName,
    orderId: process.orderId,
    orderNumber: process.orderNumber,
    currencyCode: process.currency === 'EUR' ? '' : process.currency,
    ...amounts,
    remainingAmount: paid ? 0 : amounts.totalAmountIncludingTax,
    status: paid ? 'Paid' : 'Open',
    phoneNumber: customer.phoneNumber,
    email: customer.email,
    lastModifiedDateTime: process.invoiceChangedAt ?? invoicedAt,
    salesInvoiceLines: lineRows(
      process.invoiceId,
      process.lines,
      process.done.ship ?? invoicedAt,
      () => ({}),
    ),
  };
};
