import type { EntitySetMeta } from '../../odata/entity-model.ts';

/** Entity types of the Business Central API v2.0 the sandbox serves (a subset of the real properties). */

const documentLineProperties = {
  id: 'Edm.Guid',
  documentId: 'Edm.Guid',
  sequence: 'Edm.Int32',
  itemId: 'Edm.Guid',
  lineType: 'Edm.String',
  lineObjectNumber: 'Edm.String',
  description: 'Edm.String',
  unitOfMeasureCode: 'Edm.String',
  quantity: 'Edm.Decimal',
  unitPrice: 'Edm.Decimal',
  discountPercent: 'Edm.Decimal',
  amountExcludingTax: 'Edm.Decimal',
  taxPercent: 'Edm.Decimal',
  amountIncludingTax: 'Edm.Decimal',
  netAmount: 'Edm.Decimal',
  shipmentDate: 'Edm.Date',
} as const;

export const salesOrderLineMeta: EntitySetMeta = {
  name: 'salesOrderLines',
  typeName: 'salesOrderLine',
  keyFields: ['id'],
  properties: { ...documentLineProperties, shippedQuantity: 'Edm.Decimal', invoicedQuantity: 'Edm.Decimal' },
  navigations: {},
};

export const salesInvoiceLineMeta: EntitySetMeta = {
  name: 'salesInvoiceLines',
  typeName: 'salesInvoiceLine',
  keyFields: ['id'],
  properties: documentLineProperties,
  navigations: {},
};

export const customerMeta: EntitySetMeta = {
  name: 'customers',
  typeName: 'customer',
  keyFields: ['id'],
  changedField: 'lastModifiedDateTime',
  properties: {
    id: 'Edm.Guid',
    number: 'Edm.String',
    displayName: 'Edm.String',
    type: 'Edm.String',
    addressLine1: 'Edm.String',
    addressLine2: 'Edm.String',
    city: 'Edm.String',
    state: 'Edm.String',
    country: 'Edm.String',
    postalCode: 'Edm.String',
    phoneNumber: 'Edm.String',
    email: 'Edm.String',
    website: 'Edm.String',
    salespersonCode: 'Edm.String',
    creditLimit: 'Edm.Decimal',
    taxLiable: 'Edm.Boolean',
    currencyCode: 'Edm.String',
    blocked: 'Edm.String',
    lastModifiedDateTime: 'Edm.DateTimeOffset',
  },
  navigations: {},
};

export const salesOrderMeta: EntitySetMeta = {
  name: 'salesOrders',
  typeName: 'salesOrder',
  keyFields: ['id'],
  changedField: 'lastModifiedDateTime',
  properties: {
    id: 'Edm.Guid',
    number: 'Edm.String',
    externalDocumentNumber: 'Edm.String',
    orderDate: 'Edm.Date',
    postingDate: 'Edm.Date',
    customerId: 'Edm.Guid',
    customerNumber: 'Edm.String',
    customerName: 'Edm.String',
    currencyCode: 'Edm.String',
    requestedDeliveryDate: 'Edm.Date',
    salesperson: 'Edm.String',
    pricesIncludeTax: 'Edm.Boolean',
    discountAmount: 'Edm.Decimal',
    totalAmountExcludingTax: 'Edm.Decimal',
    totalTaxAmount: 'Edm.Decimal',
    totalAmountIncludingTax: 'Edm.Decimal',
    fullyShipped: 'Edm.Boolean',
    status: 'Edm.String',
    phoneNumber: 'Edm.String',
    email: 'Edm.String',
    lastModifiedDateTime: 'Edm.DateTimeOffset',
  },
  navigations: { salesOrderLines: { target: salesOrderLineMeta } },
};

export const salesInvoiceMeta: EntitySetMeta = {
  name: 'salesInvoices',
  typeName: 'salesInvoice',
  keyFields: ['id'],
  changedField: 'lastModifiedDateTime',
  properties: {
    id: 'Edm.Guid',
    number: 'Edm.String',
    externalDocumentNumber: 'Edm.String',
    invoiceDate: 'Edm.Date',
    postingDate: 'Edm.Date',
    dueDate: 'Edm.Date',
    customerId: 'Edm.Guid',
    customerNumber: 'Edm.String',
    customerName: 'Edm.String',
    orderId: 'Edm.Guid',
    orderNumber: 'Edm.String',
    currencyCode: 'Edm.String',
    totalAmountExcludingTax: 'Edm.Decimal',
    totalTaxAmount: 'Edm.Decimal',
    totalAmountIncludingTax: 'Edm.Decimal',
    remainingAmount: 'Edm.Decimal',
    status: 'Edm.String',
    phoneNumber: 'Edm.String',
    email: 'Edm.String',
    lastModifiedDateTime: 'Edm.DateTimeOffset',
  },
  navigations: { salesInvoiceLines: { target: salesInvoiceLineMeta } },
};

/** Entity sets under `companies(<id>)/`. */
export const businessCentralEntitySets: Readonly<Record<string, EntitySetMeta>> = {
  customers: customerMeta,
  salesOrders: salesOrderMeta,
  salesInvoices: salesInvoiceMeta,
};
