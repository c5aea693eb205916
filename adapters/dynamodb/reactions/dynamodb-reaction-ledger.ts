import { TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { keys } from '../../../core/items/keys.ts';
import type {
  LedgerEntryRef,
  LedgerQuery,
  ReactionLedger,
  ResentEntryRef,
} from '../../../core/ports/reaction-ledger.ts';
import { forgetCustomerOf, isAboutCustomer } from '../../../core/reactions/forget-customer.ts';
import {
  isMeasured,
  type LedgerEntryState,
  type TallyChange,
  type TallyCounts,
  tallyChange,
  ZERO_COUNTS,
} from '../../../core/reactions/ledger-tally.ts';
import type { LedgerEntry, ReactionMovement } from '../../../core/reactions/reaction-record.ts';
import type { RuleTally } from '../../../core/reactions/tally-report.ts';
import { backoffDelayMs, sleepMs } from '../../../core/retry/retry-policy.ts';
import {
  type ReactionDelivery,
  ReactionDeliverySchema,
  ReactionRecordSchema,
  type ReactionSystem,
} from '../../../schemas/api/reactions.ts';
import { queryAllPages } from '../paginate.ts';
import { customer360Table, indexNamed } from '../table.ts';

/**
 * The reaction ledger in the customer-360 table. All reactions share the partition `REACTIONS`, sorted by
 * time (newest first with a backward Query); gsi1 lists one system's (`REACTIONS#SYSTEM#<system>`) and
 * gsi2 one rule's (`REACTIONS#RULE#<rule>`) the same way. Reactions are rate-limited deliveries, far
 * below a partition's write limit.
 *
 * Beside each entry the ledger keeps what the closed-loop report reads, updated in the same transaction as
 * the entry so they never drift: one tally per rule (`REACTIONS#TALLY`, `RULE#<rule>`), the rule's delivered
 * reactions still waiting for their movement per hour sent (`REACTIONS#OPEN#<rule>`, `<hour>`), and an index
 * of the reactions a movement may convert by whom they are about (`REACTIONS#AWAIT#CUST#<id>` or
 * `REACTIONS#AWAIT#PART#<part>`, by time sent; expired by TTL after the longest window).
 *
 * An entry re-sent on AWS (sending again since `delivery.resentAt`) has a pointer filed by the time it was
 * re-sent (`REACTIONS#RESENT`, `<resentAt>#<at>#<reactionId>`), written and removed in the entry's own
 * transaction, so the partition holds exactly the re-sent entries whose outcome is still open.
 */
const PARTITION = 'REACTIONS';
const TALLY_PARTITION = `${PARTITION}#TALLY`;
const RESENT_PARTITION = `${PARTITION}#RESENT`;
const bySystem = indexNamed('gsi1');
const byRule = indexNamed('gsi2');
const DAY_S = 86_400;
/** Await items outlive the longest outcome window (365 days) by a day. */
const AWAIT_TTL_S = 366 * DAY_S;
/**
 * Attempts at an entry that others change at the same time (a receipt racing its record, or another entry of
 * the same rule updating the rule's tally in the same instant), with the one backoff of hub360 in between.
 */
const CONTENTION_POLICY = { maxAttempts: 10, baseDelayMs: 20, maxDelayMs: 1000 } as const;

const sortKeyOf = (ref: LedgerEntryRef) => `${ref.at}#${ref.reactionId}`;
/** The entry a sort key names: `<at>#<reactionId>`, and a time has no `#`. */
const refOfSortKey = (sk: string): LedgerEntryRef => {
  const at = sk.slice(0, sk.indexOf('#'));
  return { at, reactionId: sk.slice(at.length + 1) };
};
const openPartitionOf = (rule: string) => `${PARTITION}#OPEN#${rule}`;
const awaitPartitionOf = (subject: { customerId: string } | { partNumber: string }) =>
  'customerId' in subject
    ? `${PARTITION}#AWAIT#CUST#${subject.customerId}`
    : `${PARTITION}#AWAIT#PART#${subject.partNumber}`;
/** Time-sorted key of an await item: the time normalised so ranges compare as strings. */
const awaitSortKeyOf = (ref: LedgerEntryRef) => `${new Date(ref.at).toISOString()}#${ref.reactionId}`;
/** The pointer of a re-sent entry, sorted by the time it was re-sent. */
const resentKeyOf = (ref: LedgerEntryRef, resentAt: string) => ({
  pk: RESENT_PARTITION,
  sk: `${new Date(resentAt).toISOString()}#${sortKeyOf(ref)}`,
});
/** When the entry was re-sent, while it is still sending since: what its pointer is filed under. */
const openResendOf = (state: LedgerEntryState | undefined): string | undefined =>
  state?.delivery?.status === 'sending' ? state.delivery.resentAt : undefined;

/**
 * The partitions a re-send changes (the entry, its rule's tally and open hours, the pointer): what a function
 * that only marks entries re-sent may write, as `dynamodb:LeadingKeys` patterns.
 */
export const RESEND_LEADING_KEYS: readonly string[] = [
  PARTITION,
  TALLY_PARTITION,
  `${PARTITION}#OPEN#*`,
  RESENT_PARTITION,
];

/** Whom a movement must concern to convert the reaction: the part for demand signals, else the customer. */
const awaitSubjectOf = (record: NonNullable<LedgerEntryState['record']>) =>
  record.kind === 'demandSignal'
    ? record.partNumber === undefined
      ? undefined
      : { partNumber: record.partNumber }
    : record.customerId === undefined
      ? undefined
      : { customerId: record.customerId };

type StoredItem = Record<string, unknown>;

const stateOf = (item: StoredItem | undefined): LedgerEntryState | undefined =>
  item === undefined
    ? undefined
    : {
        ...(item.record === undefined ? {} : { record: item.record as LedgerEntryState['record'] & object }),
        ...(item.subject === undefined ? {} : { subject: item.subject as LedgerEntry['subject'] }),
        ...(item.delivery === undefined ? {} : { delivery: ReactionDeliverySchema.parse(item.delivery) }),
        ...(item.movement === undefined ? {} : { movement: item.movement as ReactionMovement }),
      };

/** The entry item as written: the record's `delivery` is kept beside it, so receipts change one attribute. */
export const entryItemOf = (ref: LedgerEntryRef, state: LedgerEntryState, rev: number): StoredItem => ({
  pk: PARTITION,
  sk: sortKeyOf(ref),
  kind: 'reactionRecord',
  rev,
  ...state,
  ...(state.record
    ? {
        [bySystem.partitionKey]: `${PARTITION}#SYSTEM#${state.record.system}`,
        [bySystem.sortKey]: sortKeyOf(ref),
        [byRule.partitionKey]: `${PARTITION}#RULE#${state.record.rule}`,
        [byRule.sortKey]: sortKeyOf(ref),
      }
    : {}),
});

/** Only the version read may be replaced: an item kept before tallies existed has none. */
const entryCondition = (item: StoredItem | undefined) =>
  item === undefined
    ? { ConditionExpression: 'attribute_not_exists(pk)' }
    : typeof item.rev === 'number'
      ? { ConditionExpression: 'rev = :rev', ExpressionAttributeValues: { ':rev': item.rev } }
      : { ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(rev)' };

/** The tally and open-hour updates of one change: ADDs, so concurrent changes of other entries commute. */
export const tallyUpdatesOf = (tableName: string, change: TallyChange) => {
  const counters = (Object.keys(ZERO_COUNTS) as (keyof TallyCounts)[]).filter(
    (key) => change.counts[key] !== 0,
  );
  return [
    {
      Update: {
        TableName: tableName,
        Key: { pk: TALLY_PARTITION, sk: `RULE#${change.rule}` },
        UpdateExpression: `SET #kind = :kind, #rule = :rule, #system = :system, #reactionKind = :reactionKind${
          counters.length > 0 ? ` ADD ${counters.map((key) => `#${key} :${key}`).join(', ')}` : ''
        }`,
        ExpressionAttributeNames: {
          '#kind': 'kind',
          '#rule': 'rule',
          '#system': 'system',
          '#reactionKind': 'reactionKind',
          ...Object.fromEntries(counters.map((key) => [`#${key}`, key])),
        },
        ExpressionAttributeValues: {
          ':kind': 'reactionTally',
          ':rule': change.rule,
          ':system': change.system,
          ':reactionKind': change.kind,
          ...Object.fromEntries(counters.map((key) => [`:${key}`, change.counts[key]])),
        },
      },
    },
    ...Object.entries(change.openByHour).map(([hour, delta]) => ({
      Update: {
        TableName: tableName,
        Key: { pk: openPartitionOf(change.rule), sk: hour },
        UpdateExpression: 'SET #kind = :kind ADD #count :delta',
        ExpressionAttributeNames: { '#kind': 'kind', '#count': 'count' },
        ExpressionAttributeValues: { ':kind': 'reactionOpen', ':delta': delta },
      },
    })),
  ];
};

/**
 * The entries of the ledger partition sent within the range whose delivery nobody reported: one Query bounded
 * by the sort key (`<at>#<id>`, so `until` is extended past any id), filtered to recorded entries without a
 * `delivery` (receipt-only items have one), reading only the keys.
 */
export const sendingQueryOf = (
  tableName: string,
  range: { readonly from: string; readonly until: string },
) => ({
  TableName: tableName,
  KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :until',
  FilterExpression: 'attribute_exists(#record) AND attribute_not_exists(#delivery)',
  ProjectionExpression: '#sk',
  ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', '#record': 'record', '#delivery': 'delivery' },
  ExpressionAttributeValues: { ':pk': PARTITION, ':from': range.from, ':until': `${range.until}#\uffff` },
});

/**
 * The re-sent entries whose pointer was filed up to `until`: one Query bounded by the sort key
 * (`<resentAt>#…`, so `until` is extended past any entry), reading only what names the entry. Pointers are
 * removed once their entry is settled, so no lower bound is needed.
 */
export const resentQueryOf = (tableName: string, until: string) => ({
  TableName: tableName,
  KeyConditionExpression: '#pk = :pk AND #sk <= :until',
  ProjectionExpression: '#entryAt, #reactionId, #resentAt',
  ExpressionAttributeNames: {
    '#pk': 'pk',
    '#sk': 'sk',
    '#entryAt': 'entryAt',
    '#reactionId': 'reactionId',
    '#resentAt': 'resentAt',
  },
  ExpressionAttributeValues: { ':pk': RESENT_PARTITION, ':until': `${new Date(until).toISOString()}#\uffff` },
});

const isContention = (err: unknown) =>
  err instanceof TransactionConflictException ||
  (err instanceof TransactionCanceledException &&
    (err.CancellationReasons ?? []).some(
      (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
    ));

const toEntry = (item: StoredItem): LedgerEntry => ({
  record: ReactionRecordSchema.parse({
    ...(item.record as object),
    // Entries recorded before delivery outcomes were kept have none: nothing was reported for them.
    delivery:
      item.delivery === undefined ? { status: 'sending' } : ReactionDeliverySchema.parse(item.delivery),
  }),
  subject: (item.subject ?? {}) as LedgerEntry['subject'],
  ...(item.movement === undefined ? {} : { movement: item.movement as ReactionMovement }),
});

export const createDynamoDbReactionLedger = (
  client: DynamoDBDocumentClient,
  tableName: string,
): ReactionLedger => {
  /**
   * Reads the entry, lets `change` say what it becomes (undefined: nothing to do), and writes the entry with
   * its tally difference in one transaction conditioned on the version read; another writer in between makes
   * it read and decide again.
   */
  const transition = async (
    ref: LedgerEntryRef,
    change: (state: LedgerEntryState | undefined) => LedgerEntryState | undefined,
  ): Promise<boolean> => {
    for (let attempt = 1; ; attempt += 1) {
      const read = await client.send(
        new GetCommand({
          TableName: tableName,
          Key: { pk: PARTITION, sk: sortKeyOf(ref) },
          ConsistentRead: true,
        }),
      );
      const item = read.Item;
      const before = stateOf(item);
      const after = change(before);
      if (!after) return false;
      // An entry without a version was kept before tallies existed: its rule's tally has never counted it.
      const counted = typeof item?.rev === 'number' ? before : undefined;
      const tally = tallyChange(counted, after);
      const becameRecord = !before?.record && after.record;
      const awaitSubject = becameRecord && after.record ? awaitSubjectOf(after.record) : undefined;
      const stamped =
        !before?.movement && after.movement && after.record ? awaitSubjectOf(after.record) : undefined;
      const resendBefore = openResendOf(before);
      const resendAfter = openResendOf(after);
      try {
        await client.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Put: {
                  TableName: tableName,
                  Item: entryItemOf(ref, after, typeof item?.rev === 'number' ? item.rev + 1 : 1),
                  ...entryCondition(item),
                },
              },
              ...(tally ? tallyUpdatesOf(tableName, tally) : []),
              ...(awaitSubject && after.record && isMeasured(after.record.kind) && !after.movement
                ? [
                    {
                      Put: {
                        TableName: tableName,
                        Item: {
                          pk: awaitPartitionOf(awaitSubject),
                          sk: awaitSortKeyOf(ref),
                          kind: 'reactionAwait',
                          entryAt: ref.at,
                          record: after.record,
                          subject: after.subject ?? {},
                          expiresAt: Math.floor(Date.parse(ref.at) / 1000) + AWAIT_TTL_S,
                        },
                      },
                    },
                  ]
                : []),
              ...(stamped
                ? [
                    {
                      Delete: {
                        TableName: tableName,
                        Key: { pk: awaitPartitionOf(stamped), sk: awaitSortKeyOf(ref) },
                      },
                    },
                  ]
                : []),
              ...(resendBefore !== undefined && resendBefore !== resendAfter
                ? [{ Delete: { TableName: tableName, Key: resentKeyOf(ref, resendBefore) } }]
                : []),
              ...(resendAfter !== undefined && resendAfter !== resendBefore
                ? [
                    {
                      Put: {
                        TableName: tableName,
                        Item: {
                          ...resentKeyOf(ref, resendAfter),
                          kind: 'reactionResent',
                          entryAt: ref.at,
                          reactionId: ref.reactionId,
                          resentAt: resendAfter,
                        },
                      },
                    },
                  ]
                : []),
            ],
          }),
        );
        return true;
      } catch (err: unknown) {
        if (!isContention(err) || attempt >= CONTENTION_POLICY.maxAttempts) throw err;
        await sleepMs(backoffDelayMs(CONTENTION_POLICY, attempt));
      }
    }
  };

  /** Whether the customer's head says erased (its erasure ran before a reaction about it arrived). */
  const isErased = async (customerId: string) => {
    const read = await client.send(
      new GetCommand({
        TableName: tableName,
        Key: { pk: keys.customer(customerId), sk: keys.profile },
        ProjectionExpression: '#status',
        ExpressionAttributeNames: { '#status': 'status' },
        ConsistentRead: true,
      }),
    );
    return read.Item?.status === 'erased';
  };

  /** Takes these customers out of one entry, if it is about one of them; answers whether it changed. */
  const forgetIn = (ref: LedgerEntryRef, customerIds: ReadonlySet<string>) =>
    transition(ref, (state) => (isAboutCustomer(state, customerIds) ? forgetCustomerOf(state) : undefined));

  /** The keys of a partition's items, only those `filter` keeps when given. */
  const keysOf = async (
    pk: string,
    filter?: { expression: string; names: Record<string, string>; values: Record<string, unknown> },
  ) =>
    (
      await queryAllPages<{ pk: string; sk: string }>(client, {
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ProjectionExpression: '#pk, #sk',
        ExpressionAttributeNames: { '#pk': 'pk', '#sk': 'sk', ...filter?.names },
        ExpressionAttributeValues: { ':pk': pk, ...filter?.values },
        ...(filter ? { FilterExpression: filter.expression } : {}),
      })
    ).items;

  return {
    async record(entry: LedgerEntry) {
      const { delivery: _reported, outcome: _derived, ...record } = entry.record;
      await transition(entry.record, (state) =>
        state?.record ? undefined : { ...state, record, subject: entry.subject },
      );
      // Checked after the entry is in: an erasure committed before this read is forgotten here, one committed
      // after it finds the entry when its own forget reads the ledger.
      const { customerId } = record;
      if (customerId !== undefined && (await isErased(customerId))) {
        await forgetIn(entry.record, new Set([customerId]));
        await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: awaitPartitionOf({ customerId }), sk: awaitSortKeyOf(entry.record) },
          }),
        );
      }
    },

    async forget(customerIds: readonly string[]) {
      const ids = new Set(customerIds);
      let changed = 0;
      // A filtered read of the whole ledger: erasures are rare, and an index by customer would cost every
      // reaction another write. One IN takes at most 100 values.
      for (let i = 0; i < customerIds.length; i += 100) {
        const values = Object.fromEntries(customerIds.slice(i, i + 100).map((id, n) => [`:c${n}`, id]));
        const about = await keysOf(PARTITION, {
          expression: `#record.#customerId IN (${Object.keys(values).join(', ')})`,
          names: { '#record': 'record', '#customerId': 'customerId' },
          values,
        });
        for (const { sk } of about) if (await forgetIn(refOfSortKey(sk), ids)) changed += 1;
      }
      // What waits for the customers' movements holds the records as sent: it goes.
      for (const customerId of customerIds)
        for (const Key of await keysOf(awaitPartitionOf({ customerId })))
          await client.send(new DeleteCommand({ TableName: tableName, Key }));
      return changed;
    },

    async recordDelivery(ref: LedgerEntryRef, delivery: ReactionDelivery) {
      // Only a receipt-confirmed delivery stands; an inferred one yields to what a receipt says.
      const changed = await transition(ref, (state) =>
        state?.delivery?.status === 'delivered' && !state.delivery.inferred
          ? undefined
          : { ...state, delivery },
      );
      return changed ? 'recorded' : 'alreadyDelivered';
    },

    async sending(range) {
      const { items } = await queryAllPages<{ sk: string }>(client, sendingQueryOf(tableName, range));
      return items.map(({ sk }) => refOfSortKey(sk));
    },

    async inferDelivered(ref: LedgerEntryRef, at: string) {
      return transition(ref, (state) =>
        state?.record && state.delivery === undefined
          ? { ...state, delivery: { status: 'delivered', at, inferred: true } }
          : undefined,
      );
    },

    async markResent(ref: LedgerEntryRef, resentAt: string) {
      const at = new Date(resentAt).toISOString();
      return transition(ref, (state) =>
        !state?.record ||
        (state.delivery?.status === 'delivered' && !state.delivery.inferred) ||
        openResendOf(state) === at
          ? undefined
          : { ...state, delivery: { status: 'sending', resentAt: at } },
      );
    },

    async resent(until: string) {
      const { items } = await queryAllPages<{ entryAt: string; reactionId: string; resentAt: string }>(
        client,
        resentQueryOf(tableName, until),
      );
      return items.map(({ entryAt, reactionId, resentAt }) => ({ at: entryAt, reactionId, resentAt }));
    },

    async inferResentDelivered(ref: ResentEntryRef, at: string) {
      // A dead letter or another re-send in between changed the entry and removed this pointer with it.
      return transition(ref, (state) =>
        state?.record && openResendOf(state) === ref.resentAt
          ? { ...state, delivery: { status: 'delivered', at, inferred: true, resentAt: ref.resentAt } }
          : undefined,
      );
    },

    async stampMovement(ref: LedgerEntryRef, movement: ReactionMovement) {
      return transition(ref, (state) =>
        !state?.record || state.movement ? undefined : { ...state, movement },
      );
    },

    async awaiting(subject, range) {
      const entries: LedgerEntry[] = [];
      const pages = paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
          ExpressionAttributeValues: {
            ':pk': awaitPartitionOf(subject),
            ':from': new Date(range.from).toISOString(),
            ':until': `${new Date(range.until).toISOString()}~`,
          },
        },
      );
      for await (const page of pages)
        for (const item of page.Items ?? [])
          entries.push({
            record: ReactionRecordSchema.parse({
              ...(item.record as object),
              at: item.entryAt,
              delivery: { status: 'sending' },
            }),
            subject: (item.subject ?? {}) as LedgerEntry['subject'],
          });
      return entries;
    },

    async tallies(sinceHour: string) {
      const tallies: StoredItem[] = [];
      for await (const page of paginateQuery(
        { client },
        {
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': TALLY_PARTITION },
        },
      ))
        tallies.push(...(page.Items ?? []));
      return Promise.all(
        tallies.map(async (item): Promise<RuleTally> => {
          const rule = String(item.rule);
          const openByHour: { hour: string; count: number }[] = [];
          for await (const page of paginateQuery(
            { client },
            {
              TableName: tableName,
              KeyConditionExpression: 'pk = :pk AND sk >= :since',
              ExpressionAttributeValues: { ':pk': openPartitionOf(rule), ':since': sinceHour },
            },
          ))
            for (const bucket of page.Items ?? [])
              openByHour.push({ hour: String(bucket.sk), count: Number(bucket.count ?? 0) });
          return {
            rule,
            system: item.system as ReactionSystem,
            kind: String(item.reactionKind),
            counts: Object.fromEntries(
              (Object.keys(ZERO_COUNTS) as (keyof TallyCounts)[]).map((key) => [key, Number(item[key] ?? 0)]),
            ) as unknown as TallyCounts,
            openByHour,
          };
        }),
      );
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
        // A receipt that came before its entry is not a reaction yet; tallies and buckets are not entries.
        .filter((item) => item.record !== undefined && item.kind === 'reactionRecord')
        .map(toEntry);
      return {
        entries,
        ...(out.LastEvaluatedKey ? { next: out.LastEvaluatedKey as Record<string, string> } : {}),
      };
    },
  };
};
