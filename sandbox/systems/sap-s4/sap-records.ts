import type { Row } from '../../odata/entity-model.ts';
import type { OrderProcess } from '../../world/order-process.ts';
import type { CustomerProfile } from '../../world/reference-data.ts';
import { DAY_MS, edmTimeOf, startOfUtcDay } from '../../world/time.ts';

/** Projects sandbox customers and order processes into SAP S/4HANA rows. */

const FAR_FUTURE = new Date(Date.UTC(9999, 11, 31, 23, 59, 59));

/** How a customer is spelled in one business partner (duplicates in SAP are typed slightly differently). */
export interface PartnerSpelling {
  readonly partner: string;
  readonly addressId: string;
  readonly name: string;
  readonly email: string;
  readonly createdAt: Date;
  readonly changedAt: Date;
  /** Duplicates get cleaned up by flagging them for archiving; SAP never deletes a partner outright. */
  readonly archived?: boolean;
}

/** A_BusinessPartner with its address, e-mail and phone children (what `$expand` returns). */
export const businessPartnerRow = (customer: CustomerProfile, spelling: PartnerSpelling): Row => {
  const { partner, addressId } = spelling;
  const [name1, ...rest] = spelling.name.split(' ');
  return {
    BusinessPartner: partner,
    Customer: partner,
    BusinessPartnerCategory: '2',
    BusinessPartnerGrouping: 'BP02',
    BusinessPartnerFullName: spelling.name,
    BusinessPartnerName: spelling.name,
    OrganizationBPName1: spelling.name.length <= 40 ? spelling.name : `${name1 ?? ''}`,
    OrganizationBPName2: spelling.name.length <= 40 ? '' : rest.join(' '),
    SearchTerm1: (name1 ?? '').toUpperCase().slice(0, 20),
    Language: customer.country.language,
    CreationDate: startOfUtcDay(spelling.createdAt),
    CreatedByUser: 'CB9980000021',
    LastChangeDate: startOfUtcDay(spelling.changedAt),
    LastChangeTime: edmTimeOf(spelling.changedAt),
    LastChangedByUser: 'CB9980000021',
    BusinessPartnerIsBlocked: false,
    IsMarkedForArchiving: spelling.archived === true,
    to_BusinessPartnerAddress: [
      {
        BusinessPartner: partner,
        AddressID: addressId,
        ValidityStartDate: startOfUtcDay(spelling.createdAt),
        ValidityEndDate: FAR_FUTURE,
        CityName: customer.city,
        PostalCode: customer.postalCode,
        StreetName: customer.street,
        HouseNumber: customer.houseNumber,
        Country: customer.country.code,
        Region: '',
        Language: customer.country.language,
        to_EmailAddress: [
          {
            AddressID: addressId,
            Person: '',
            OrdinalNumber: '1',
            IsDefaultEmailAddress: true,
            EmailAddress: spelling.email,
          },
        ],
        to_PhoneNumber: [
          {
            AddressID: addressId,
            Person: '',
            OrdinalNumber: '1',
            DestinationLocationCountry: customer.country.code,
            IsDefaultPhoneNumber: true,
            PhoneNumber: customer.phoneNational,
            PhoneNumberExtension: '',
            InternationalPhoneNumber: customer.phoneE164,
            PhoneNumberType: '1',
          },
        ],
        to_MobilePhoneNumber: [],
      },
    ],
  };
};

const itemNumber = (index: number): string => String((index + 1) * 10);

/** A_SalesOrder with its items, statuses derived from the process milestones. */
export const salesOrderRow = (process: OrderProcess): Row => {
  const shipped = process.done.ship !== undefined;
  const invoiced = process.done.invoice !== undefined;
  const delivered = process.done.deliver !== undefined;
  return {
    SalesOrder: process.orderNumber,
    SalesOrderType: 'OR',
    SalesOrganization: '1010',
    DistributionChannel: '10',
    OrganizationDivision: '00',
    SoldToParty: process.customerNumber,
    PurchaseOrderByCustomer: process.purchaseOrder,
    CreationDate: startOfUtcDay(process.orderedAt),
    CreatedByUser: 'SALES_CLERK_01',
    LastChangeDate: startOfUtcDay(process.orderChangedAt),
    LastChangeDateTime: process.orderChangedAt,
    SalesOrderDate: startOfUtcDay(process.orderedAt),
    RequestedDeliveryDate: startOfUtcDay(process.plannedArrivalAt),
    TotalNetAmount: process.netAmount,
    TransactionCurrency: process.currency,
    CustomerPaymentTerms: '0004',
    OverallSDProcessStatus: invoiced && delivered ? 'C' : shipped ? 'B' : 'A',
    OverallTotalDeliveryStatus: shipped ? 'C' : 'A',
    OverallOrdReltdBillgStatus: invoiced ? 'C' : 'A',
    to_Item: process.lines.map((line, index) => ({
      SalesOrder: process.orderNumber,
      SalesOrderItem: itemNumber(index),
      SalesOrderItemCategory: 'TAN',
      SalesOrderItemText: line.product.name,
      Material: line.product.number,
      RequestedQuantity: line.quantity,
      RequestedQuantityUnit: 'PC',
      NetAmount: Math.round(line.quantity * line.unitPrice * 100) / 100,
      TransactionCurrency: process.currency,
      ProductionPlant: '1010',
      SDProcessStatus: shipped ? 'C' : 'A',
    })),
  };
};

/** A_BillingDocument for an invoiced process (undefined before invoicing). */
export const billingDocumentRow = (process: OrderProcess): Row | undefined => {
  const invoicedAt = process.done.invoice;
  if (invoicedAt === undefined || process.invoiceNumber === undefined) return undefined;
  const dueDate = process.dueDate ?? new Date(invoicedAt.getTime() + 30 * DAY_MS);
  const paidAt = process.done.pay;
  const changedAt = process.invoiceChangedAt ?? invoicedAt;
  const invoiceNumber = process.invoiceNumber;
  return {
    BillingDocument: invoiceNumber,
    BillingDocumentType: 'F2',
    SDDocumentCategory: 'M',
    BillingDocumentCategory: 'L',
    CreationDate: startOfUtcDay(invoicedAt),
    LastChangeDate: startOfUtcDay(changedAt),
    LastChangeDateTime: changedAt,
    BillingDocumentDate: startOfUtcDay(invoicedAt),
    BillingDocumentIsCancelled: process.cancelled === true,
    SalesOrganization: '1010',
    SoldToParty: process.customerNumber,
    PayerParty: process.customerNumber,
    TotalNetAmount: process.netAmount,
    TotalTaxAmount: Math.round(process.netAmount * 0.19 * 100) / 100,
    TransactionCurrency: process.currency,
    CustomerPaymentTerms: '0004',
    AccountingPostingStatus: 'C',
    OverallBillingStatus: 'C',
    YY1_NetDueDate_BDH: startOfUtcDay(dueDate),
    YY1_ClearingStatus_BDH: paidAt ? 'CLEARED' : 'OPEN',
    YY1_ClearingDate_BDH: paidAt ? startOfUtcDay(paidAt) : null,
    to_Item: process.lines.map((line, index) => ({
      BillingDocument: invoiceNumber,
      BillingDocumentItem: itemNumber(index),
      Material: line.product.number,
      BillingDocumentItemText: line.product.name,
      BillingQuantity: line.quantity,
      BillingQuantityUnit: 'PC',
      NetAmount: Math.round(line.quantity * line.unitPrice * 100) / 100,
      TransactionCurrency: process.currency,
      ReferenceSDDocument: process.orderNumber,
      ReferenceSDDocumentItem: itemNumber(index),
    })),
  };
};
