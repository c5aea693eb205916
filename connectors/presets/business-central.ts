import type { Preset } from './preset.ts';

/**
 * Dynamics 365 Business Central API v2.0 (OData v4), below `companies(<id>)`. Read with change tracking
 * (delta links), because Business Central deletes documents (a sales order disappears once invoiced) and
 * only delta links report deletes. An empty `currencyCode`
 * means the company's local currency, which the preset assumes is EUR (override `currency` if not).
 */
export const businessCentralPreset: Preset = {
  description:
    'Dynamics 365 Business Central API v2.0 (OData v4): customers, salesOrders with lines, salesInvoices',
  streams: {
    customers: {
      protocol: 'odata',
      source: {
        version: 'v4',
        entitySet: '/customers',
        keyFields: ['id'],
        cursorField: 'lastModifiedDateTime',
        changeTracking: 'delta',
      },
      mapping: {
        entity: 'customer',
        businessKey: 'number',
        identifiers: [
          { type: 'erp', value: 'number', required: true },
          { type: 'email', value: 'email' },
          { type: 'phone', value: 'phoneNumber' },
        ],
        data: {
          kind: { path: 'type', lookup: { Company: 'organization', Person: 'person' } },
          name: { path: 'displayName', transform: 'emptyToMissing' },
          companyName: { path: 'displayName', transform: 'emptyToMissing' },
          email: { path: 'email', transform: 'emptyToMissing' },
          phone: { path: 'phoneNumber', transform: 'emptyToMissing' },
          address: {
            fields: {
              street: { join: ['addressLine1', 'addressLine2'], separator: ', ' },
              postalCode: { path: 'postalCode', transform: 'emptyToMissing' },
              city: { path: 'city', transform: 'emptyToMissing' },
              region: { path: 'state', transform: 'emptyToMissing' },
              country: { path: 'country', transform: ['emptyToMissing', 'uppercase'] },
            },
          },
          accountManager: { path: 'salespersonCode', transform: 'emptyToMissing' },
          creditLimit: { path: 'creditLimit', transform: 'number' },
          // Business Central blocks with ' ' (not blocked), 'Ship', 'Invoice' or 'All'.
          blocked: {
            path: 'blocked',
            lookup: { ' ': false, '': false, Ship: true, Invoice: true, All: true },
          },
        },
      },
    },
    'sales-orders': {
      protocol: 'odata',
      source: {
        version: 'v4',
        entitySet: '/salesOrders',
        keyFields: ['id'],
        cursorField: 'lastModifiedDateTime',
        changeTracking: 'delta',
        expand: ['salesOrderLines'],
      },
      mapping: {
        entity: 'order',
        businessKey: 'number',
        identifiers: [
          { type: 'erp', value: 'customerNumber', required: true },
          { type: 'email', value: 'email' },
        ],
        data: {
          orderNumber: 'number',
          orderedAt: { path: 'orderDate', transform: 'isoDateTime' },
          status: {
            path: 'status',
            lookup: { Draft: 'quote', Open: 'open', 'In Review': 'open', Released: 'confirmed' },
          },
          currency: { path: 'currencyCode', transform: 'emptyToMissing', default: 'EUR' },
          netAmount: { path: 'totalAmountExcludingTax', transform: 'number' },
          lines: {
            each: 'salesOrderLines',
            fields: {
              lineNumber: { path: 'sequence', transform: 'string' },
              partNumber: 'lineObjectNumber',
              description: { path: 'description', transform: 'emptyToMissing' },
              quantity: { path: 'quantity', transform: 'number' },
              unit: { path: 'unitOfMeasureCode', transform: 'emptyToMissing' },
              unitPrice: { path: 'unitPrice', transform: 'number' },
              netAmount: { path: 'netAmount', transform: 'number' },
              requestedDeliveryDate: { path: 'shipmentDate', transform: 'isoDate' },
            },
          },
        },
      },
    },
    'sales-invoices': {
      protocol: 'odata',
      source: {
        version: 'v4',
        entitySet: '/salesInvoices',
        keyFields: ['id'],
        cursorField: 'lastModifiedDateTime',
        changeTracking: 'delta',
      },
      mapping: {
        entity: 'invoice',
        businessKey: 'number',
        identifiers: [
          { type: 'erp', value: 'customerNumber', required: true },
          { type: 'email', value: 'email' },
        ],
        data: {
          invoiceNumber: 'number',
          orderNumber: { path: 'orderNumber', transform: 'emptyToMissing' },
          issuedOn: { path: 'invoiceDate', transform: 'isoDate' },
          dueDate: { path: 'dueDate', transform: 'isoDate' },
          amount: { path: 'totalAmountIncludingTax', transform: 'number' },
          openAmount: { path: 'remainingAmount', transform: 'number' },
          currency: { path: 'currencyCode', transform: 'emptyToMissing', default: 'EUR' },
          status: {
            path: 'status',
            lookup: { Draft: 'open', Open: 'open', Paid: 'paid', Canceled: 'cancelled', Corrective: 'open' },
            default: 'open',
          },
        },
      },
    },
  },
};
