import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { LedgerEntryRef, LedgerQuery, ReactionLedger } from '../../../core/ports/reaction-ledger.ts';
import type { LedgerEntry } from '../../../core/reactions/reaction-record.ts';
import {
  type ReactionDelivery,
  ReactionDeliverySchema,
  ReactionRecordSchema,
} from '../../../schemas/api/reactions.ts';
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

const sortKeyOf = (ref: LedgerEntryRef) => `${ref.at}#${ref.reactionId}`;

/**
 * Records an entry without touching what is there: the first record stands (a redelivered event), and a
 * delivery receipt that arrived first keeps its status. The record's own `delivery` is stored beside it, so
 * receipts update one attribute.
 */
export const recordEntryInput = (tableName: string, entry: LedgerEntry) => {
  const { delivery, ...record } = entry.record;
  const sort = sortKeyOf(entry.record);
  return new UpdateCommand({
    TableName: tableName,
    Key: { pk: PARTITION, sk: sort },
    UpdateExpression:
      'SET #kind = :kind, #record = if_not_exists(#record, :record), #subject = if_not_exists(#subject, :subject), ' +
      '#delivery = if_not_exists(#delivery, :delivery), #sysPk = :sysPk, #sysSk = :sort, #rulePk = :rulePk, #ruleSk = :sort',
    ExpressionAttributeNames: {
      '#kind': 'kind',
      '#record': 'record',
      '#subject': 'subject',
      '#delivery': 'delivery',
      '#sysPk': bySystem.partitionKey,
      '#sysSk': bySystem.sortKey,
      '#rulePk': byRule.partitionKey,
      '#ruleSk': byRule.sortKey,
    },
    ExpressionAttributeValues: {
      ':kind': 'reactionRecord',
      ':record': record,
      ':subject': entry.subject,
      ':delivery': delivery,
      ':sysPk': `${PARTITION}#SYSTEM#${entry.record.system}`,
      ':rulePk': `${PARTITION}#RULE#${entry.record.rule}`,
      ':sort': sort,
    },
  });
};

/** Sets the delivery outcome unless the entry is already delivered (delivered is final). */
export const recordDeliveryInput = (tableName: string, ref: LedgerEntryRef, delivery: ReactionDelivery) =>
  new UpdateCommand({
    TableName: tableName,
    Key: { pk: PARTITION, sk: sortKeyOf(ref) },
    UpdateExpression: 'SET #delivery = :delivery',
    ConditionExpression: 'attribute_not_exists(#delivery) OR #delivery.#status <> :delivered',
    ExpressionAttributeNames: { '#delivery': 'delivery', '#status': 'status' },
    ExpressionAttributeValues: { ':delivery': delivery, ':delivered': 'delivered' },
  });

export const createDynamoDbReactionLedger = (
  client: DynamoDBDocumentClient,
  tableName: string,
): ReactionLedger => ({
  async record(entry: LedgerEntry) {
    await client.send(recordEntryInput(tableName, entry));
  },

  async recordDelivery(ref: LedgerEntryRef, delivery: ReactionDelivery) {
    try {
      await client.send(recordDeliveryInput(tableName, ref, delivery));
      return 'recorded';
    } catch (err: unknown) {
      if (err instanceof ConditionalCheckFailedException) return 'alreadyDelivered';
      throw err;
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
    const entries = (out.Items ?? [])
      // A receipt that came before its entry is not a reaction yet.
      .filter((item) => item.record !== undefined)
      .map((item) => ({
        record: ReactionRecordSchema.parse({
          ...item.record,
          // Entries recorded before delivery outcomes were kept have none: nothing was reported for them.
          delivery:
            item.delivery === undefined ? { status: 'sending' } : ReactionDeliverySchema.parse(item.delivery),
        }),
        subject: (item.subject ?? {}) as LedgerEntry['subject'],
      }));
    return {
      entries,
      ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey as Record<string, string> } : {}),
    };
  },
});
