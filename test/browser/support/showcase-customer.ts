import { type DynamoDBDocumentClient, paginateScan } from '@aws-sdk/lib-dynamodb';

/** A synced customer with something in every panel the sandbox can fill, and a merge to explain. */
export interface ShowcaseCustomer {
  readonly customerId: string;
  readonly identifiers: readonly string[];
}

const WANTED = ['REC#order', 'REC#invoice', 'REC#shipment', 'REC#webActivity', 'LEDGER'] as const;

/**
 * Scans the store for a customer the sandbox systems built from merged records, with orders, invoices,
 * shipments and web activity; undefined until the connectors have brought one in.
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
  const match = [...seen]
    .filter(([, e]) => e.kinds.size === WANTED.length && e.identifiers.some((i) => i.startsWith('phone:+49')))
    .sort(([a], [b]) => a.localeCompare(b))[0];
  return match
    ? { customerId: match[0].slice('CUST#'.length), identifiers: match[1].identifiers }
    : undefined;
};
