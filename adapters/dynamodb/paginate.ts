import {
  type DynamoDBDocumentClient,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
  type QueryCommandOutput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';

/**
 * The one way hub360 walks a DynamoDB Query or Scan past its first page: the lib-dynamodb paginators.
 * Every reader that needs more than one page goes through here, so no hand-written
 * LastEvaluatedKey loop exists elsewhere.
 */

type Row = Record<string, unknown>;

/** What a paginated read collected, and how many requests it took (the bench counts them). */
export interface AllPages<T extends Row = Row> {
  readonly items: T[];
  readonly requests: number;
  /** Sum of every page's `Count` (the matches, also for `Select: 'COUNT'`). */
  readonly count: number;
}

/** Every page of a Query, or the first pages holding at least `maxItems` items (then cut to that many). */
export const queryAllPages = async <T extends Row = Row>(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  maxItems = Number.POSITIVE_INFINITY,
): Promise<AllPages<T>> => collect<T>(paginateQuery({ client }, input), maxItems);

/** Every page of a Query, one page at a time, with the requests it took so far (a partition can be large). */
export async function* queryPages<T extends Row = Row>(
  client: DynamoDBDocumentClient,
  input: QueryCommandInput,
  onRequest: () => void = () => {},
): AsyncGenerator<T[]> {
  for await (const page of paginateQuery({ client }, input)) {
    onRequest();
    yield (page.Items ?? []) as T[];
  }
}

/** Every page of a Scan, one page at a time (a scan can be large; the caller streams it). */
export const scanPages = (
  client: DynamoDBDocumentClient,
  input: ScanCommandInput,
): AsyncIterable<{ readonly Items?: Row[] }> => paginateScan({ client }, input);

const collect = async <T extends Row>(
  pages: AsyncIterable<QueryCommandOutput>,
  maxItems: number,
): Promise<AllPages<T>> => {
  const items: T[] = [];
  let requests = 0;
  let count = 0;
  for await (const page of pages) {
    requests++;
    count += page.Count ?? 0;
    items.push(...((page.Items ?? []) as T[]));
    if (items.length >= maxItems) break;
  }
  return { items: items.slice(0, maxItems), requests, count };
};
