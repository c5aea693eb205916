import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

/** A synced customer with something in every panel the sandbox can fill, and a merge to explain. */
export interface ShowcaseCustomer {
  readonly customerId: string;
  readonly identifiers: readonly string[];
}

const NEEDED = ['REC#order', 'REC#invoice', 'REC#shipment', 'LEDGER'] as const;
const WANTED = [...NEEDED, 'REC#webActivity'] as const;

/**
 * Scans the store for a customer the sandbox systems built from merged records, with orders, invoices,
 * shipments (and web activity where one has it); undefined until the connectors have brought one in.
 */
export const findShowcaseCustomer = async (
  client: DynamoDBDocumentClient,
  tableName: string,
): Promise<ShowcaseCustomer | undefined> => {
  const seen = new Map<string, { kinds: Set<string>; identifiers: string[] }>();
  for await (const page of paginateScan(
    { client },
    {
      TableName: tableName,
      ProjectionExpression: 'pk, sk',
      FilterExpression: 'begins_with(pk, :c)',
      ExpressionAttributeValues: { ':c': 'CUST#' },
    },
  )) {
    for (const item of page.Items ?? []) {
      const pk = String(item.pk);
      const sk = String(item.sk);
      const entry = seen.get(pk) ?? { kinds: new Set<string>(), identifiers: [] };
      for (const kind of WANTED) if (sk.startsWith(kind)) entry.kinds.add(kind);
      if (sk.startsWith('ID#')) entry.identifiers.push(sk.slice(3));
      seen.set(pk, entry);
    }
  }
  // Every panel the sandbox can fill, a merge to explain and a phone to search by; web activity if any has it.
  const match = [...seen]
    .filter(
      ([, e]) => NEEDED.every((k) => e.kinds.has(k)) && e.identifiers.some((i) => i.startsWith('phone:')),
    )
    .sort(([a, x], [b, y]) => y.kinds.size - x.kinds.size || a.localeCompare(b))[0];
  return match
    ? { customerId: match[0].slice('CUST#'.length), identifiers: match[1].identifiers }
    : undefined;
};
