import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../core/items/keys.ts';
import type { SegmentIndex, SegmentIndexMember } from '../../core/ports/segment-index.ts';
import { queryAllPages } from './paginate.ts';
import { indexNamed } from './table.ts';

const byPartition = indexNamed('gsi1');

/**
 * A page of insight-segment members. Only membership items are returned (`kind = segmentMember`): source
 * customer records with a source segment share the `SEGMENT#` partitions' namespace but never a name with a
 * `<kind>:` prefix, and the filter keeps it that way even if a source used one.
 */
export const buildSegmentMembersQuery = (
  tableName: string,
  segment: string,
  limit: number,
  start: Record<string, unknown> | undefined,
): QueryCommandInput => ({
  TableName: tableName,
  IndexName: byPartition.name,
  KeyConditionExpression: `${byPartition.partitionKey} = :pk`,
  FilterExpression: '#kind = :member',
  ExpressionAttributeNames: { '#kind': 'kind' },
  ExpressionAttributeValues: { ':pk': keys.segmentPk(segment), ':member': 'segmentMember' },
  Limit: limit,
  ...(start ? { ExclusiveStartKey: start } : {}),
});

/** The size of a segment: a COUNT Query (pays for the index items read, returns no items). */
export const buildSegmentCountQuery = (tableName: string, segment: string): QueryCommandInput => ({
  ...buildSegmentMembersQuery(tableName, segment, 1000, undefined),
  Limit: undefined,
  Select: 'COUNT',
});

const memberOf = (item: Record<string, unknown>): SegmentIndexMember | undefined =>
  typeof item.customerId === 'string' && typeof item.since === 'string'
    ? {
        customerId: item.customerId,
        since: item.since,
        reason: String(item.reason ?? ''),
        ...(typeof item.displayName === 'string' ? { displayName: item.displayName } : {}),
      }
    : undefined;

/** The segment index over the customer-360 table's gsi1. */
export const createDynamoSegmentIndex = (
  client: DynamoDBDocumentClient,
  tableName: string,
): SegmentIndex => ({
  async members(segment, limit, position) {
    const out = await client.send(
      new QueryCommand(buildSegmentMembersQuery(tableName, segment, limit, position)),
    );
    const members = (out.Items ?? []).flatMap((item) => {
      const member = memberOf(item);
      return member ? [member] : [];
    });
    return out.LastEvaluatedKey ? { members, position: out.LastEvaluatedKey } : { members };
  },
  async count(segment) {
    return (await queryAllPages(client, buildSegmentCountQuery(tableName, segment))).count;
  },
});
