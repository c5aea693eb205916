import { customer360Table } from './table.ts';

/**
 * The highest code point: its UTF-8 bytes (F4 8F BF BF) sort after every other character's, as DynamoDB compares
 * sort keys, so `prefix` followed by it bounds every key that starts with `prefix` (none of the store's keys
 * contains it).
 */
const AFTER_EVERY_CHARACTER = '\u{10FFFF}';

/**
 * A key condition for the items of one partition whose sort key starts with `prefix`, written as a range
 * (`BETWEEN prefix AND prefix + U+10FFFF`) rather than `begins_with`. Both read the same items the same way on
 * DynamoDB; DynamoDB Local filters the whole partition for `begins_with` but seeks the range for `BETWEEN`: a
 * Query of 8 items in a 430,000-item partition took 64 ms (p50) with `begins_with`, as long as the partition is big
 * (docs/benchmarks.md, "Heavy customer").
 */
export const partitionWithPrefix = (
  pk: string,
  prefix: string,
): {
  readonly KeyConditionExpression: string;
  readonly ExpressionAttributeValues: Record<string, string>;
} => ({
  KeyConditionExpression: `${customer360Table.partitionKey} = :pk AND ${customer360Table.sortKey} BETWEEN :from AND :to`,
  ExpressionAttributeValues: { ':pk': pk, ':from': prefix, ':to': `${prefix}${AFTER_EVERY_CHARACTER}` },
});
