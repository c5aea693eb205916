import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleInteraction,
  exampleInvoice,
  exampleOrder,
  exampleShipment,
  exampleWebActivity,
  webUser,
} from '../../../schemas/entities/examples.ts';

/**
 * Share of each source stream in a synthetic sync, roughly what an ERP-led initial load looks like:
 * master data first, then the transactional streams that refer to it.
 */
const STREAM_SHARES = [
  ['customers', 0.1],
  ['orders', 0.35],
  ['invoices', 0.2],
  ['shipments', 0.1],
  ['webActivity', 0.15],
  ['interactions', 0.1],
] as const;

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
const version = (n: number) => day(n % 300);

/**
 * Deterministic canonical records of `count` source records, stream by stream as a connector's initial sync
 * delivers them: customers (ERP number, e-mail, web user, a full address) and the orders, invoices,
 * shipments, web activity and contacts of those customers. Every record names its customer by the ERP
 * number, so identity is settled and ingestion takes the store's ordinary path.
 */
export const syntheticSourceRecords = (count: number): CanonicalRecordInput[] => {
  const perStream = STREAM_SHARES.map(
    ([stream, share]) => [stream, Math.max(1, Math.round(count * share))] as const,
  );
  const customers = perStream[0]?.[1] ?? 1;
  const owner = (i: number) => erp(`BP${String(i % customers).padStart(7, '0')}`);
  const records: CanonicalRecordInput[] = [];
  for (const [stream, n] of perStream) {
    for (let i = 0; i < n; i++) {
      const key = `${stream}-${String(i).padStart(7, '0')}`;
      const s = { key, version: version(i) };
      switch (stream) {
        case 'customers':
          records.push(
            exampleCustomer(
              { key: `BP${String(i).padStart(7, '0')}`, version: version(i) },
              [owner(i), email(`buyer${i}@customer${i}.example.com`), webUser(`web-${i}`)],
              {
                kind: 'organization',
                companyName: `Customer ${i} Pumps GmbH`,
                email: `buyer${i}@customer${i}.example.com`,
                phone: `+4989${String(1_000_000 + i)}`,
                address: {
                  street: `Industriestr. ${i % 200}`,
                  postalCode: '80331',
                  city: 'München',
                  country: 'DE',
                },
                segment: i % 5 === 0 ? 'key-account' : 'standard',
                accountManager: `Agent ${i % 17}`,
                creditLimit: 50_000,
                paymentTermsDays: 30,
              },
            ),
          );
          break;
        case 'orders':
          records.push(
            exampleOrder(s, [owner(i)], {
              orderedAt: day(i % 300),
              status: i % 7 === 0 ? 'quote' : 'open',
              netAmount: 1_000 + (i % 97) * 13,
              lines: [
                { partNumber: `P-${100 + (i % 40)}`, quantity: 1 + (i % 5) },
                { partNumber: `P-${200 + (i % 25)}`, quantity: 2 },
              ],
            }),
          );
          break;
        case 'invoices':
          records.push(
            exampleInvoice(s, [owner(i)], { status: i % 9 === 0 ? 'overdue' : 'open', amount: 500 + i }),
          );
          break;
        case 'shipments':
          records.push(
            exampleShipment(s, [owner(i)], { status: 'shipped', promisedDate: day(i % 300).slice(0, 10) }),
          );
          break;
        case 'webActivity':
          records.push(
            exampleWebActivity(s, [webUser(`web-${i % customers}`)], {
              timestamp: day(i % 300),
              partNumber: `P-${100 + (i % 40)}`,
            }),
          );
          break;
        case 'interactions':
          records.push(exampleInteraction(s, [owner(i)], { occurredAt: day(i % 300) }));
          break;
      }
    }
  }
  return records;
};

/** Splits records into connector-sized pages. */
export const pagesOf = <T>(items: readonly T[], pageSize: number): T[][] => {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += pageSize) pages.push(items.slice(i, i + pageSize));
  return pages;
};
