import type { CanonicalRecordInput } from '../../../schemas/entities/canonical-record.ts';
import {
  email,
  erp,
  exampleCustomer,
  exampleInteraction,
  exampleInventory,
  exampleInvoice,
  exampleOrder,
  exampleProduct,
  exampleShipment,
  exampleWebActivity,
  webUser,
} from '../../../schemas/entities/examples.ts';

/**
 * Share of each source stream in a synthetic sync, roughly what an ERP-led initial load looks like:
 * master data first, then the transactional streams that refer to it.
 */
const STREAM_SHARES = [
  ['products', 0.02],
  ['inventory', 0.03],
  ['customers', 0.1],
  ['orders', 0.3],
  ['invoices', 0.2],
  ['shipments', 0.1],
  ['webActivity', 0.2],
  ['interactions', 0.05],
] as const;

/** Part numbers the orders, web events, products and stock refer to. */
const PARTS = 300;
const part = (i: number) => `P-${String(100 + (i % PARTS)).padStart(4, '0')}`;

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();
const version = (n: number) => day(n % 300);

/**
 * Deterministic canonical records of `count` source records, stream by stream as an initial sync delivers
 * them: parts and on-hand stock (PDM, SCM), customers (ERP number, e-mail, web user, a full address) and the
 * orders with lines, invoices, shipments, web events and contacts of those customers. Every record names its customer by the ERP
 * number, so identity is settled and ingestion takes the store's ordinary path.
 */
export const syntheticSourceRecords = (count: number): CanonicalRecordInput[] => {
  const perStream = STREAM_SHARES.map(
    ([stream, share]) => [stream, Math.max(1, Math.round(count * share))] as const,
  );
  const customers = perStream.find(([stream]) => stream === 'customers')?.[1] ?? 1;
  const owner = (i: number) => erp(`BP${String(i % customers).padStart(7, '0')}`);
  const records: CanonicalRecordInput[] = [];
  for (const [stream, n] of perStream) {
    for (let i = 0; i < n; i++) {
      const key = `${stream}-${String(i).padStart(7, '0')}`;
      const s = { key, version: version(i) };
      switch (stream) {
        case 'products':
          records.push(exampleProduct(s, { partNumber: part(i) }));
          break;
        case 'inventory':
          records.push(
            exampleInventory(s, { partNumber: part(i), site: `S${Math.floor(i / PARTS)}`, onHand: i % 50 }),
          );
          break;
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
                { partNumber: part(i), quantity: 1 + (i % 5) },
                { partNumber: part(i * 7 + 3), quantity: 2 },
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
              partNumber: part(i * 3),
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

/**
 * Customer master records whose identity is not settled: half from SAP S/4 (new customers), half from
 * Business Central, of which every second shares the e-mail of a SAP customer (the store links or merges
 * them) and the rest are new too. Each record creates or merges a customer: the store's slow path.
 */
export const unsettledCustomerRecords = (count: number): CanonicalRecordInput[] => {
  const half = Math.max(1, Math.floor(count / 2));
  const records: CanonicalRecordInput[] = [];
  for (let i = 0; i < count; i++) {
    const fromSap = i < half;
    const n = fromSap ? i : i - half;
    const mail = fromSap || n % 2 === 0 ? `buyer${n}@new${n}.example.com` : `orders${n}@bc${n}.example.com`;
    const key = fromSap ? `NB${String(n).padStart(7, '0')}` : `C${String(n).padStart(7, '0')}`;
    records.push(
      exampleCustomer(
        { key, version: version(n), system: fromSap ? 'sap-s4' : 'business-central' },
        [erp(key, fromSap ? 'sap-s4' : 'business-central'), email(mail)],
        { kind: 'organization', companyName: `New Customer ${n} AG`, email: mail },
      ),
    );
  }
  return records;
};

/**
 * A customer with `orders` orders and `webEvents` web events (a large distributor), and `typical` ordinary
 * customers with 20 records each: the heavy customer's 360 read is measured beside the typical ones.
 */
export const heavyCustomerRecords = (options: {
  readonly orders: number;
  readonly webEvents: number;
  readonly typical: number;
}): { readonly heavyErp: string; readonly records: CanonicalRecordInput[] } => {
  const heavyErp = 'HEAVY0000001';
  const heavyWeb = 'web-heavy';
  const records: CanonicalRecordInput[] = [
    exampleCustomer({ key: heavyErp, version: version(0) }, [erp(heavyErp), webUser(heavyWeb)], {
      kind: 'organization',
      companyName: 'Heavy Distribution GmbH',
    }),
  ];
  for (let t = 0; t < options.typical; t++) {
    const key = `TYP${String(t).padStart(7, '0')}`;
    records.push(exampleCustomer({ key, version: version(t) }, [erp(key)], { companyName: `Typical ${t}` }));
    for (let o = 0; o < 19; o++)
      records.push(
        exampleOrder({ key: `T${t}-${o}`, version: version(o) }, [erp(key)], {
          orderedAt: day(o * 11),
          lines: [{ partNumber: part(o), quantity: 1 }],
        }),
      );
  }
  for (let o = 0; o < options.orders; o++)
    records.push(
      exampleOrder({ key: `H-${String(o).padStart(7, '0')}`, version: version(o) }, [erp(heavyErp)], {
        orderedAt: day(o % 700),
        netAmount: 500 + (o % 300),
        lines: [
          { partNumber: part(o), quantity: 1 + (o % 9) },
          { partNumber: part(o * 13 + 1), quantity: 4 },
        ],
      }),
    );
  for (let w = 0; w < options.webEvents; w++)
    records.push(
      exampleWebActivity(
        { key: `HW-${String(w).padStart(8, '0')}`, version: version(w) },
        [webUser(heavyWeb)],
        {
          timestamp: new Date(Date.UTC(2025, 0, 1) + w * 60_000).toISOString(),
          partNumber: part(w),
        },
      ),
    );
  return { heavyErp, records };
};

/** One more order of the heavy customer, after its history: the change that makes the projector build its view. */
export const heavyCustomerNextOrder = (heavyErp: string): CanonicalRecordInput =>
  exampleOrder({ key: 'H-after-load', version: day(400) }, [erp(heavyErp)], {
    orderedAt: day(400),
    lines: [{ partNumber: part(0), quantity: 1 }],
  });

/** An order of the heavy customer written after its view was built and not projected: its view is then behind. */
export const heavyCustomerUnprojectedOrder = (heavyErp: string): CanonicalRecordInput =>
  exampleOrder({ key: 'H-not-projected', version: day(401) }, [erp(heavyErp)], {
    orderedAt: day(401),
    lines: [{ partNumber: part(1), quantity: 1 }],
  });
