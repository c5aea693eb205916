import { type InteractionData, InteractionDataSchema } from '../../schemas/entities/interaction.ts';
import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import { ttlAttribute } from '../items/table-attributes.ts';
import type { ItemKey, WriteOp } from '../items/write-ops.ts';
import type { PartIssue } from './product-issues.ts';

/**
 * A part's issue index: one item per complaint or return about the part, so the threshold counts across
 * customers (core/reactions/product-issues.ts). Kept 400 days after the case, past any window the threshold
 * is configured with, unless the case is corrected or deleted at the source before: the version that no longer
 * files it there withdraws it. The `~RAISED` item beside them says when the last change request was raised.
 */
const partIssuePartition = (partNumber: string) => `PARTISSUE#${partNumber}`;
export const PART_ISSUE_RAISED_SK = '~RAISED';
const KEPT_DAYS = 400;

/** A complaint or return about a part: what the index holds. */
type PartCase = InteractionData & { category: 'complaint' | 'return'; partNumber: string };

const isPartCase = (interaction: InteractionData): interaction is PartCase =>
  interaction.partNumber !== undefined &&
  (interaction.category === 'complaint' || interaction.category === 'return');

const keyOf = (partCase: PartCase): ItemKey => ({
  pk: partIssuePartition(partCase.partNumber),
  sk: `${partCase.occurredAt}#${partCase.interactionId}`,
});

/** Where a case is indexed: its part's partition, by when it happened. Undefined for a contact about no part. */
export const partIssueKey = (interaction: InteractionData): ItemKey | undefined =>
  isPartCase(interaction) ? keyOf(interaction) : undefined;

/** The index keeps only what the threshold and a change request's evidence use, no contact person or agent. */
const indexedFields = (partCase: PartCase): InteractionData => ({
  interactionId: partCase.interactionId,
  kind: partCase.kind,
  channel: partCase.channel,
  occurredAt: partCase.occurredAt,
  category: partCase.category,
  partNumber: partCase.partNumber,
  ...(partCase.subject === undefined ? {} : { subject: partCase.subject }),
  ...(partCase.serialNumber === undefined ? {} : { serialNumber: partCase.serialNumber }),
});

/** Which version of which source record filed a case: the version that files or withdraws it, and what it checks. */
export interface CaseFiling {
  readonly recordKey: string;
  /** The record's source version (`versionOrd`), as its item carries it. */
  readonly versionOrd: string;
}

/**
 * Indexes a case, unless its customer has been erased meanwhile (a change still in the stream when the erasure
 * ran) or is being erased: the erasure's marker and the item it holds while it runs must both be absent, or the
 * commit is refused and nothing is indexed. So a case is filed either before the erasure reads the index (and is
 * anonymised with the others) or not at all, never with the customer's data after it. Nor unless the record
 * item it is filed from is still there at this version, in this customer's partition, and the record is not known
 * at a newer version (a redelivered or late change of a superseded, moved or erased copy): an older copy must not
 * put back a case the newer one moved or withdrew, nor name a customer the record has left or an erased one, so the
 * caller files the record as it stands instead. The item says which version of which record filed it, so that a
 * withdrawal never takes a newer filing.
 */
export const partIssueWrites = (input: {
  readonly customerId: string;
  readonly interaction: InteractionData;
  readonly filedBy: CaseFiling;
}): WriteOp[] => {
  const { customerId, interaction, filedBy } = input;
  if (!isPartCase(interaction)) return [];
  return [
    {
      op: 'put',
      item: {
        ...keyOf(interaction),
        kind: 'partIssue',
        customerId,
        recordKey: filedBy.recordKey,
        versionOrd: filedBy.versionOrd,
        interaction: indexedFields(interaction),
        [ttlAttribute]: Math.floor(Date.parse(interaction.occurredAt) / 1000) + KEPT_DAYS * 86_400,
      },
    },
    { op: 'check', key: { pk: keys.customer(customerId), sk: keys.erasure }, condition: { kind: 'absent' } },
    {
      op: 'check',
      key: { pk: keys.customer(customerId), sk: keys.erasureUnderWay },
      condition: { kind: 'absent' },
    },
    {
      op: 'check',
      key: { pk: keys.customer(customerId), sk: keys.record(filedBy.recordKey) },
      condition: { kind: 'matches', attributes: { versionOrd: filedBy.versionOrd } },
    },
    {
      op: 'check',
      key: { pk: keys.locator(filedBy.recordKey), sk: keys.locatorSort },
      condition: { kind: 'unversionedOrNotNewer', versionOrd: filedBy.versionOrd },
    },
  ];
};

const sameKey = (a: ItemKey, b: ItemKey) => a.pk === b.pk && a.sk === b.sk;

/**
 * Where an earlier version of a record (`before`, a change's old image) filed a case that the record as it stands
 * (`after`: the new image, or the record where its locator places it now; undefined once deleted or erased) no
 * longer files there: another time, another part, no complaint or return any more, or no record. Undefined when
 * there is nothing to withdraw.
 */
export const supersededPartIssueKey = (
  before: InteractionData | undefined,
  after: InteractionData | undefined,
): ItemKey | undefined => {
  const filed = before === undefined ? undefined : partIssueKey(before);
  const kept = after === undefined ? undefined : partIssueKey(after);
  return filed !== undefined && (kept === undefined || !sameKey(filed, kept)) ? filed : undefined;
};

const stringOrNull = (value: unknown) => (typeof value === 'string' ? value : null);

/**
 * The delete withdrawing a superseded case, given the index item under its key as read (`stored`) and the version
 * whose old image filed it there (`before`). Nothing for an item that is gone, one an erasure anonymised (it keeps
 * counting, naming no customer), one another record filed (the same contact recorded in two systems), or one a
 * newer version of the record filed since (a redelivered or late change must not take it). Items from before the
 * index said who filed them count as this record's. Conditional on the item as read, so a write in between wins.
 */
export const partIssueWithdrawal = (stored: Item | undefined, before: CaseFiling): WriteOp | undefined => {
  if (stored === undefined || typeof stored.customerId !== 'string') return undefined;
  const recordKey = stringOrNull(stored.recordKey);
  const versionOrd = stringOrNull(stored.versionOrd);
  if (recordKey !== null && recordKey !== before.recordKey) return undefined;
  if (versionOrd !== null && versionOrd > before.versionOrd) return undefined;
  return {
    op: 'delete',
    key: { pk: stored.pk, sk: stored.sk },
    condition: { kind: 'matches', attributes: { customerId: stored.customerId, recordKey, versionOrd } },
  };
};

/**
 * The case as the index keeps it once its customer is erased: it still counts towards the part's threshold, but
 * names no customer, and what might identify one (the subject's free text, the unit's serial number) is gone.
 * Written only over the item as read, still naming the customer it was read with.
 */
export const anonymisedPartIssue = (item: Item): WriteOp => {
  const { customerId, interaction, ...rest } = item;
  const { subject: _subject, serialNumber: _serial, ...kept } = interaction as InteractionData;
  return {
    op: 'put',
    item: { ...rest, interaction: kept },
    condition: { kind: 'matches', attributes: { customerId: String(customerId) } },
  };
};

/** The cases of an index partition as the threshold reads them (the `~RAISED` item is not one). */
export const partIssuesOf = (items: readonly Item[]): PartIssue[] =>
  items
    .filter((item) => !item.sk.startsWith('~'))
    .map((item) => ({
      ...(typeof item.customerId === 'string' ? { customerId: item.customerId } : {}),
      interaction: InteractionDataSchema.parse(item.interaction),
    }));

/** When the part's last change request was raised, as its `~RAISED` item says. */
export const lastRaisedAt = (items: readonly Item[]): string | undefined => {
  const raised = items.find((item) => item.sk === PART_ISSUE_RAISED_SK);
  return typeof raised?.at === 'string' ? raised.at : undefined;
};

export const partIssueRaisedItem = (partNumber: string, at: string): Item => ({
  pk: partIssuePartition(partNumber),
  sk: PART_ISSUE_RAISED_SK,
  at,
});
