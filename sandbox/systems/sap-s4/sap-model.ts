import type { EntitySetMeta } from '../../odata/entity-model.ts';
import { equipmentMeta } from './sap-equipment.ts';

/**
 * Entity types of the three SAP S/4HANA Cloud OData v2 APIs the sandbox serves, with the properties
 * the real services expose (a subset). Billing documents carry two key-user extension fields
 * (`YY1_…_BDH`) for due date and clearing status, as customers add them to expose open items.
 */

export const addressEmailMeta: EntitySetMeta = {
  name: 'A_AddressEmailAddress',
  typeName: 'A_AddressEmailAddressType',
  keyFields: ['AddressID', 'Person', 'OrdinalNumber'],
  properties: {
    AddressID: 'Edm.String',
    Person: 'Edm.String',
    OrdinalNumber: 'Edm.String',
    IsDefaultEmailAddress: 'Edm.Boolean',
    EmailAddress: 'Edm.String',
  },
  navigations: {},
};

export const addressPhoneMeta: EntitySetMeta = {
  name: 'A_AddressPhoneNumber',
  typeName: 'A_AddressPhoneNumberType',
  keyFields: ['AddressID', 'Person', 'OrdinalNumber'],
  properties: {
    AddressID: 'Edm.String',
    Person: 'Edm.String',
    OrdinalNumber: 'Edm.String',
    DestinationLocationCountry: 'Edm.String',
    IsDefaultPhoneNumber: 'Edm.Boolean',
    PhoneNumber: 'Edm.String',
    PhoneNumberExtension: 'Edm.String',
    InternationalPhoneNumber: 'Edm.String',
    PhoneNumberType: 'Edm.String',
  },
  navigations: {},
};

export const businessPartnerAddressMeta: EntitySetMeta = {
  name: 'A_BusinessPartnerAddress',
  typeName: 'A_BusinessPartnerAddressType',
  keyFields: ['BusinessPartner', 'AddressID'],
  properties: {
    BusinessPartner: 'Edm.String',
    AddressID: 'Edm.String',
    ValidityStartDate: 'Edm.DateTimeOffset',
    ValidityEndDate: 'Edm.DateTimeOffset',
    CityName: 'Edm.String',
    PostalCode: 'Edm.String',
    StreetName: 'Edm.String',
    HouseNumber: 'Edm.String',
    Country: 'Edm.String',
    Region: 'Edm.String',
    Language: 'Edm.String',
  },
  navigations: {
    to_EmailAddress: { target: addressEmailMeta },
    to_PhoneNumber: { target: addressPhoneMeta },
    to_MobilePhoneNumber: { target: addressPhoneMeta },
  },
};

export const businessPartnerMeta: EntitySetMeta = {
  name: 'A_BusinessPartner',
  typeName: 'A_BusinessPartnerType',
  keyFields: ['BusinessPartner'],
  changedField: 'LastChangeDate',
  properties: {
    BusinessPartner: 'Edm.String',
    Customer: 'Edm.String',
    BusinessPartnerCategory: 'Edm.String',
    BusinessPartnerGrouping: 'Edm.String',
    BusinessPartnerFullName: 'Edm.String',
    BusinessPartnerName: 'Edm.String',
    OrganizationBPName1: 'Edm.String',
    OrganizationBPName2: 'Edm.String',
    SearchTerm1: 'Edm.String',
    Language: 'Edm.String',
    CreationDate: 'Edm.DateTime',
    CreatedByUser: 'Edm.String',
    LastChangeDate: 'Edm.DateTime',
    LastChangeTime: 'Edm.Time',
    LastChangedByUser: 'Edm.String',
    BusinessPartnerIsBlocked: 'Edm.Boolean',
    IsMarkedForArchiving: 'Edm.Boolean',
  },
  navigations: { to_BusinessPartnerAddress: { target: businessPartnerAddressMeta } },
};

export const salesOrderItemMeta: EntitySetMeta = {
  name: 'A_SalesOrderItem',
  typeName: 'A_SalesOrderItemType',
  keyFields: ['SalesOrder', 'SalesOrderItem'],
  properties: {
    SalesOrder: 'Edm.String',
    SalesOrderItem: 'Edm.String',
    SalesOrderItemCategory: 'Edm.String',
    SalesOrderItemText: 'Edm.String',
    Material: 'Edm.String',
    RequestedQuantity: 'Edm.Decimal',
    RequestedQuantityUnit: 'Edm.String',
    NetAmount: 'Edm.Decimal',
    TransactionCurrency: 'Edm.String',
    ProductionPlant: 'Edm.String',
    SDProcessStatus: 'Edm.String',
  },
  navigations: {},
};

export const salesOrderMeta: EntitySetMeta = {
  name: 'A_SalesOrder',
  typeName: 'A_SalesOrderType',
  keyFields: ['SalesOrder'],
  changedField: 'LastChangeDateTime',
  properties: {
    SalesOrder: 'Edm.String',
    SalesOrderType: 'Edm.String',
    SalesOrganization: 'Edm.String',
    DistributionChannel: 'Edm.String',
    OrganizationDivision: 'Edm.String',
    SoldToParty: 'Edm.String',
    PurchaseOrderByCustomer: 'Edm.String',
    CreationDate: 'Edm.DateTime',
    CreatedByUser: 'Edm.String',
    LastChangeDate: 'Edm.DateTime',
    LastChangeDateTime: 'Edm.DateTimeOffset',
    SalesOrderDate: 'Edm.DateTime',
    RequestedDeliveryDate: 'Edm.DateTime',
    TotalNetAmount: 'Edm.Decimal',
    TransactionCurrency: 'Edm.String',
    CustomerPaymentTerms: 'Edm.String',
    OverallSDProcessStatus: 'Edm.String',
    OverallTotalDeliveryStatus: 'Edm.String',
    OverallOrdReltdBillgStatus: 'Edm.String',
  },
  navigations: { to_Item: { target: salesOrderItemMeta } },
};

export const billingDocumentItemMeta: EntitySetMeta = {
  name: 'A_BillingDocumentItem',
  typeName: 'A_BillingDocumentItemType',
  keyFields: ['BillingDocument', 'BillingDocumentItem'],
  properties: {
    BillingDocument: 'Edm.String',
    BillingDocumentItem: 'Edm.String',
    Material: 'Edm.String',
    BillingDocumentItemText: 'Edm.String',
    BillingQuantity: 'Edm.Decimal',
    BillingQuantityUnit: 'Edm.String',
    NetAmount: 'Edm.Decimal',
    TransactionCurrency: 'Edm.String',
    ReferenceSDDocument: 'Edm.String',
    ReferenceSDDocumentItem: 'Edm.String',
  },
  navigations: {},
};

export const billingDocumentMeta: EntitySetMeta = {
  name: 'A_BillingDocument',
  typeName: 'A_BillingDocumentType',
  keyFields: ['BillingDocument'],
  changedField: 'LastChangeDateTime',
  properties: {
    BillingDocument: 'Edm.String',
    BillingDocumentType: 'Edm.String',
    SDDocumentCategory: 'Edm.String',
    BillingDocumentCategory: 'Edm.String',
    CreationDate: 'Edm.DateTime',
    LastChangeDate: 'Edm.DateTime',
    LastChangeDateTime: 'Edm.DateTimeOffset',
    BillingDocumentDate: 'Edm.DateTime',
    BillingDocumentIsCancelled: 'Edm.Boolean',
    SalesOrganization: 'Edm.String',
    SoldToParty: 'Edm.String',
    PayerParty: 'Edm.String',
    TotalNetAmount: 'Edm.Decimal',
    TotalTaxAmount: 'Edm.Decimal',
    TransactionCurrency: 'Edm.String',
    CustomerPaymentTerms: 'Edm.String',
    AccountingPostingStatus: 'Edm.String',
    OverallBillingStatus: 'Edm.String',
    YY1_NetDueDate_BDH: 'Edm.DateTime',
    YY1_ClearingStatus_BDH: 'Edm.String',
    YY1_ClearingDate_BDH: 'Edm.DateTime',
  },
  navigations: { to_Item: { target: billingDocumentItemMeta } },
};

/** The services and their entity sets, keyed by service name as in `/sap/opu/odata/sap/<service>/<set>`. */
export const sapServices: Readonly<Record<string, Readonly<Record<string, EntitySetMeta>>>> = {
  API_BUSINESS_PARTNER: { A_BusinessPartner: businessPartnerMeta },
  API_SALES_ORDER_SRV: { A_SalesOrder: salesOrderMeta },
  API_BILLING_DOCUMENT_SRV: { A_BillingDocument: billingDocumentMeta },
  API_EQUIPMENT: { Equipment: equipmentMeta },
};
