import type { Preset } from './preset.ts';

const address = 'to_BusinessPartnerAddress.results[0]';

/**
 * SAP S/4HANA Cloud OData v2: API_BUSINESS_PARTNER, API_SALES_ORDER_SRV, API_BILLING_DOCUMENT_SRV, and
 * API_EQUIPMENT for the installed base (what customers own, with warranty and service contract).
 * Business partners only carry a change DATE plus a separate change TIME, so that stream filters by day
 * and orders by date, time and key; the documents carry `LastChangeDateTime`.
 */
export const sapS4Preset: Preset = {
  description:
    'SAP S/4HANA (OData v2): business partners, sales orders with items, billing documents, installed base (equipment)',
  streams: {
    'business-partners': {
      protocol: 'odata',
      source: {
        version: 'v2',
        entitySet: '/API_BUSINESS_PARTNER/A_BusinessPartner',
        keyFields: ['BusinessPartner'],
        cursorField: 'LastChangeDate',
        cursorTimeField: 'LastChangeTime',
        cursorGranularity: 'day',
        cursorFormat: 'odata-v2-date',
        cursorLiteral: 'datetime',
        expand: ['to_BusinessPartnerAddress/to_EmailAddress', 'to_BusinessPartnerAddress/to_PhoneNumber'],
      },
      mapping: {
        entity: 'customer',
        businessKey: 'BusinessPartner',
        identifiers: [
          { type: 'erp', value: 'BusinessPartner', required: true },
          { type: 'email', value: `${address}.to_EmailAddress.results[0].EmailAddress` },
          { type: 'phone', value: `${address}.to_PhoneNumber.results[0].InternationalPhoneNumber` },
        ],
        deletedWhen: { path: 'IsMarkedForArchiving', equals: true },
        data: {
          kind: { path: 'BusinessPartnerCategory', lookup: { '1': 'person', '2': 'organization' } },
          name: { path: 'BusinessPartnerFullName', transform: 'emptyToMissing' },
          companyName: { path: 'OrganizationBPName1', transform: 'emptyToMissing' },
          email: { path: `${address}.to_EmailAddress.results[0].EmailAddress`, transform: 'emptyToMissing' },
          phone: {
            path: `${address}.to_PhoneNumber.results[0].InternationalPhoneNumber`,
            transform: 'emptyToMissing',
          },
          address: {
            fields: {
              street: { join: [`${address}.StreetName`, `${address}.HouseNumber`], separator: ' ' },
              postalCode: { path: `${address}.PostalCode`, transform: 'emptyToMissing' },
              city: { path: `${address}.CityName`, transform: 'emptyToMissing' },
              region: { path: `${address}.Region`, transform: 'emptyToMissing' },
              country: { path: `${address}.Country`, transform: ['emptyToMissing', 'uppercase'] },
            },
          },
          language: { path: 'Language', transform: 'emptyToMissing' },
          segment: { path: 'BusinessPartnerGrouping', transform: 'emptyToMissing' },
          blocked: { path: 'BusinessPartnerIsBlocked', transform: 'boolean' },
        },
      },
    },
    'sales-orders': {
      protocol: 'odata',
      source: {
        version: 'v2',
        entitySet: '/API_SALES_ORDER_SRV/A_SalesOrder',
        keyFields: ['SalesOrder'],
        cursorField: 'LastChangeDateTime',
        cursorFormat: 'odata-v2-date',
        cursorLiteral: 'datetimeoffset',
        expand: ['to_Item'],
      },
      mapping: {
        entity: 'order',
        businessKey: 'SalesOrder',
        identifiers: [{ type: 'erp', value: 'SoldToParty', required: true }],
        data: {
          orderNumber: 'SalesOrder',
          orderedAt: { path: 'SalesOrderDate', transform: 'isoDateTime' },
          // Overall processing status: A not yet processed, B partially processed, C completely processed.
          status: {
            path: 'OverallSDProcessStatus',
            lookup: { A: 'open', B: 'partiallyDelivered', C: 'delivered' },
            default: 'open',
          },
          currency: 'TransactionCurrency',
          netAmount: { path: 'TotalNetAmount', transform: 'number' },
          lines: {
            each: 'to_Item',
            fields: {
              lineNumber: 'SalesOrderItem',
              partNumber: 'Material',
              description: { path: 'SalesOrderItemText', transform: 'emptyToMissing' },
              quantity: { path: 'RequestedQuantity', transform: 'number' },
              unit: { path: 'RequestedQuantityUnit', transform: 'emptyToMissing' },
              netAmount: { path: 'NetAmount', transform: 'number' },
            },
          },
        },
      },
    },
    'billing-documents': {
      protocol: 'odata',
      source: {
        version: 'v2',
        entitySet: '/API_BILLING_DOCUMENT_SRV/A_BillingDocument',
        keyFields: ['BillingDocument'],
        cursorField: 'LastChangeDateTime',
        cursorFormat: 'odata-v2-date',
        cursorLiteral: 'datetimeoffset',
        expand: ['to_Item'],
      },
      mapping: {
        entity: 'invoice',
        businessKey: 'BillingDocument',
        identifiers: [{ type: 'erp', value: 'SoldToParty', required: true }],
        deletedWhen: { path: 'BillingDocumentIsCancelled', equals: true },
        data: {
          invoiceNumber: 'BillingDocument',
          orderNumber: 'to_Item.results[0].ReferenceSDDocument',
          issuedOn: { path: 'BillingDocumentDate', transform: 'isoDate' },
          // The net due date and clearing status are key-user extension fields on the billing document header.
          dueDate: { path: 'YY1_NetDueDate_BDH', transform: 'isoDate' },
          amount: { path: 'TotalNetAmount', transform: 'number' },
          currency: 'TransactionCurrency',
          status: {
            path: 'YY1_ClearingStatus_BDH',
            lookup: { CLEARED: 'paid', OPEN: 'open' },
            default: 'open',
          },
          paidOn: { path: 'YY1_ClearingDate_BDH', transform: 'isoDate' },
        },
      },
    },
    // The installed base as customer service keeps it: one equipment per serialised unit sold, its sold-to
    // party among the partners (function AG), the customer warranty (type 1) and the service contract that
    // follows it, exposed as key-user extension fields (YY1_…_IEQ) as customers add them.
    'installed-base': {
      protocol: 'odata',
      source: {
        version: 'v2',
        entitySet: '/API_EQUIPMENT/Equipment',
        keyFields: ['Equipment'],
        cursorField: 'LastChangeDateTime',
        cursorFormat: 'odata-v2-date',
        cursorLiteral: 'datetimeoffset',
        expand: ['to_Partner', 'to_Warranty'],
      },
      mapping: {
        entity: 'installedProduct',
        businessKey: 'Equipment',
        identifiers: [
          {
            type: 'erp',
            value: {
              each: 'to_Partner',
              path: 'Partner',
              where: { path: 'PartnerFunction', equals: 'AG' },
              first: true,
            },
            required: true,
          },
        ],
        data: {
          partNumber: 'Material',
          serialNumber: { path: 'SerialNumber', transform: 'emptyToMissing' },
          purchasedOn: { path: 'AcquisitionDate', transform: 'isoDate' },
          warrantyEnd: {
            each: 'to_Warranty',
            path: 'WarrantyEndDate',
            where: { path: 'WarrantyType', equals: '1' },
            first: true,
            transform: 'isoDate',
          },
          contractNumber: { path: 'YY1_ServiceContract_IEQ', transform: 'emptyToMissing' },
          contractEnd: { path: 'YY1_ServiceContractEnd_IEQ', transform: 'isoDate' },
          location: { path: 'MaintenancePlant', transform: 'emptyToMissing' },
        },
      },
    },
  },
};
