import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import { buildListQuarantine } from '../../adapters/dynamodb/connector-state/state-requests.ts';
import { queryAllPages } from '../../adapters/dynamodb/paginate.ts';
import { type QuarantineEntry, QuarantineEntrySchema } from '../../core/ports/connector-state.ts';

/** A DynamoDB position in a listing (LastEvaluatedKey); string attributes only in this table. */
export const StartKeySchema = z.record(z.string(), z.string());
export type StartKey = z.infer<typeof StartKeySchema>;

/** Reads one connector's quarantine page by page, and counts it. */
export interface QuarantineReader {
  page(
    connector: string,
    limit: number,
    start?: StartKey,
  ): Promise<{ items: QuarantineEntry[]; next?: StartKey }>;
  count(connector: string): Promise<number>;
}

/** The page Query: the connector kit's listing request, continued from a position. */
export const buildQuarantinePageQuery = (
  tableName: string,
  connector: string,
  limit: number,
  start: StartKey | undefined,
): QueryCommandInput => ({
  ...buildListQuarantine(tableName, connector, limit),
  ...(start ? { ExclusiveStartKey: start } : {}),
});

/** The count Query: the same partition, `Select: COUNT`, so no payload is read out. */
export const buildQuarantineCountQuery = (tableName: string, connector: string): QueryCommandInput => {
  const { Limit: _all, ...listing } = buildListQuarantine(tableName, connector);
  return { ...listing, Select: 'COUNT' };
};

const StoredQuarantineSchema = z.looseObject({ rawJson: z.string() });

const parseRaw = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    // The kit truncates huge payloads, which leaves invalid JSON: show the text as it is.
    return text;
  }
};

/** Turns stored quarantine items back into entries; items of another shape are skipped, not fatal. */
export const toQuarantineEntries = (items: readonly Record<string, unknown>[]): QuarantineEntry[] =>
  items.flatMap((item) => {
    const stored = StoredQuarantineSchema.safeParse(item);
    if (!stored.success) return [];
    const entry = QuarantineEntrySchema.safeParse({ ...item, raw: parseRaw(stored.data.rawJson) });
    return entry.success ? [entry.data] : [];
  });

/** The quarantine reader over the customer-360 table (the connector kit's `QUARANTINE#<name>` items). */
export const createDynamoQuarantineReader = (
  client: DynamoDBDocumentClient,
  tableName: string,
): QuarantineReader => ({
  async page(connector, limit, start) {
    const out = await client.send(
      new QueryCommand(buildQuarantinePageQuery(tableName, connector, limit, start)),
    );
    const next = StartKeySchema.safeParse(out.LastEvaluatedKey);
    return {
      items: toQuarantineEntries(out.Items ?? []),
      ...(out.LastEvaluatedKey && next.success ? { next: next.data } : {}),
    };
  },
  async count(connector) {
    const { count } = await queryAllPages(client, buildQuarantineCountQuery(tableName, connector));
    return count;
  },
});
