import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerQuery, ReactionLedger } from '../../../core/ports/reaction-ledger.ts';
import type { LedgerEntry } from '../../../core/reactions/reaction-record.ts';
import { ReactionRecordSchema } from '../../../schemas/api/reactions.ts';
import { customer360Table, indexNamed } from '../table.ts';

/**
 * The reaction ledger in the customer-360 table. All reactions share the partition `REACTIONS`, sorted by
 * time (newest first with a backward Query); gsi1 lists one system's (`REACTIONS#SYSTEM#<system>`) and
 * gsi2 one rule's (`REACTIONS#RULE#<rule>`) the same way. Reactions are rate-limited deliveries, far
 * below a partition's write limit.
 */
const PARTITION = 'REACTIONS';
const bySystem = indexNamed('gsi1');
const byRule = indexNamed('gsi2');

export const createDynamoDbReactionLedger = (
  client: DynamoDBDocumentClient,
  tableName: string,
): ReactionLedger => ({
  async record(entry: LedgerEntry) {
    const sort = `${entry.record.at}#${entry.record.reactionId}`;
    try {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: PARTITION,
            sk: sort,
            kind: 'reactionRecord',
            record: entry.record,
            subject: entry.subject,
            [bySystem.partitionKey]: `${PARTITION}#SYSTEM#${entry.record.system}`,
            [bySystem.sortKey]: sort,
            [byRule.partitionKey]: `${PARTITION}#RULE#${entry.record.rule}`,
            [byRule.sortKey]: sort,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (err: unknown) {
      // Recorded before (a redelivered event): the first record stands.
      if (!(err instanceof ConditionalCheckFailedException)) throw err;
    }
  },

  async list(query: LedgerQuery) {
    const [index, partition] = query.rule
      ? [byRule, `${PARTITION}#RULE#${query.rule}`]
      : query.system
        ? [bySystem, `${PARTITION}#SYSTEM#${query.system}`]
        : [undefined, PARTITION];
    const pkName = index ? index.partitionKey : customer360Table.partitionKey;
    const out = await client.send(
      new QueryCommand({
        TableName: tableName,
        ...(index ? { IndexName: index.name } : {}),
        KeyConditionExpression: '#pk = :pk',
        ...(query.rule && query.system ? { FilterExpression: '#record.#system = :system' } : {}),
        ExpressionAttributeNames: {
          '#pk': pkName,
          ...(query.rule && query.system ? { '#record': 'record', '#system': 'system' } : {}),
        },
        ExpressionAttributeValues: {
          ':pk': partition,
          ...(query.rule && query.system ? { ':system': query.system } : {}),
        },
        ScanIndexForward: false,
        Limit: query.limit,
        ...(query.after ? { ExclusiveStartKey: query.after } : {}),
      }),
    );
    const entries = (out.Items ?? []).map((item) => ({
      record: ReactionRecordSchema.parse(item.record),
      subject: (item.subject ?? {}) as LedgerEntry['subject'],
    }));
    return {
      entries,
      ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey as Record<string, string> } : {}),
    };
  },
});
