import type { ChangeRecord } from '../../core/events/change-record.ts';
import { type ItemKey, keyString, type WriteOp } from '../../core/items/write-ops.ts';
import type { StoreBackend } from '../../core/ports/store-backend.ts';
import {
  type CaseFiling,
  lastRaisedAt,
  partIssueKey,
  partIssuesOf,
  partIssueWithdrawal,
  partIssueWrites,
  supersededPartIssueKey,
} from '../../core/reactions/part-issue-index.ts';
import { evaluateProductIssues } from '../../core/reactions/product-issues.ts';
import type { ReactionDecision } from '../../core/reactions/reaction-decision.ts';
import type { ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import { type InteractionData, InteractionDataSchema } from '../../schemas/entities/interaction.ts';
import { locateRecord, RecordMovingError } from './current-record.ts';

/** The written record of a change, as the part issue index needs it (none for a removal). */
export interface WrittenInteraction {
  readonly customerId: string;
  /** A merge's move or a version written again: no news, never evaluates a threshold. */
  readonly rewrite: boolean;
  /** Is the change news, for a record whose state was reached at this time? */
  readonly live: (stateReachedAt: string | undefined) => boolean;
}

/** A version of the record: what a filing puts into the index, and who it names. */
interface CaseVersion {
  readonly customerId: string;
  readonly interaction: InteractionData;
  readonly versionOrd: string;
}

/** The index item an earlier version filed, still this record's to move or withdraw. */
interface Filing {
  readonly key: ItemKey;
  /** The version whose old image filed it: a withdrawal never takes a newer one's item. */
  readonly by: CaseFiling;
  readonly withdrawal: WriteOp;
}

// A filing is refused when the record moved on or its customer is being erased; each refusal reads both again.
const MAX_FILING_ATTEMPTS = 3;

const versionOf = (image: Readonly<Record<string, unknown>> | undefined) =>
  typeof image?.versionOrd === 'string' ? image.versionOrd : undefined;

const sameKey = (a: ItemKey | undefined, b: ItemKey | undefined) =>
  a !== undefined && b !== undefined && a.pk === b.pk && a.sk === b.sk;

/**
 * Keeps a part's issue index in step with an interaction record, and decides the change request a newly filed case
 * calls for. The index follows the record as it stands, not the change's image:
 *
 * - A live change (news) files the case as the record stands now: its own new image, or, when the record has
 *   moved on to a newer version since (a correction the stream or a resync brought first), that version.
 * - A change whose old image filed the case moves that filing to where the record files it now, news or not (a
 *   correction a resync brought keeps the case counting, in its corrected place), or withdraws it when the record
 *   files nothing any more (no complaint or return, deleted at the source).
 * - A removed copy is compared with the record where its locator places it now, so a merge's move withdraws
 *   nothing and an erasure's removal leaves the anonymised case counting. A removal read while a restructuring is
 *   still moving the record (its locator names the partition it left) fails, for the stream to deliver it again.
 *
 * A filing is conditional on the record item it is made from still being there at its version, on the record not
 * being known at a newer version, and on its customer not being erased or under erasure; a withdrawal never takes a
 * newer version's filing. So a redelivered or late change neither
 * deletes the current case nor brings an old one back. Only news evaluates the threshold, never a move or a
 * withdrawal, so a removal raises no change request.
 */
export const keepPartIssuesInStep = async (
  change: ChangeRecord,
  written: WrittenInteraction | undefined,
  deps: { readonly backend: StoreBackend; readonly now: () => Date },
  config: ReactionsConfig,
): Promise<ReactionDecision[]> => {
  const image = change.newImage ?? change.oldImage;
  if (image?.kind !== 'record' || image.entity !== 'interaction') return [];
  const recordKey = String(image.recordKey);
  const before =
    change.oldImage?.kind === 'record'
      ? InteractionDataSchema.safeParse(change.oldImage.data).data
      : undefined;
  const filing = await filingOf(deps.backend, recordKey, before, versionOf(change.oldImage));
  if (change.eventName === 'REMOVE') {
    // Most contacts are about no part, or filed nothing: only a filing sends the removal to read the record.
    if (!filing) return [];
    const current = await currentCase(deps.backend, recordKey);
    if (supersededPartIssueKey(before, current?.interaction) === undefined) return [];
    await fileAsRecordStands(deps.backend, recordKey, filing, current);
    return [];
  }
  const after = InteractionDataSchema.safeParse(change.newImage?.data).data;
  const versionOrd = versionOf(change.newImage);
  if (written === undefined || after === undefined || versionOrd === undefined) return [];
  // A merge's move is no news: the case moved unchanged, and the moved copy no longer says it was history.
  const news = change.newImage?.cause !== 'move' && written.live(after.occurredAt);
  if (!news && !filing) return [];
  const filed = await fileAsRecordStands(deps.backend, recordKey, filing, {
    customerId: written.customerId,
    interaction: after,
    versionOrd,
  });
  // A version written again after its announced copy was taken back files its case again; the write that announced
  // it evaluated the part.
  if (!news || written.rewrite || filed === undefined) return [];
  const partNumber = filed.interaction.partNumber;
  const indexKey = partIssueKey(filed.interaction);
  if (partNumber === undefined || indexKey === undefined) return [];
  const items = await deps.backend.readPartition(indexKey.pk);
  const report = evaluateProductIssues({
    partNumber,
    issues: partIssuesOf(items),
    now: deps.now(),
    lastRaisedAt: lastRaisedAt(items),
    config,
  });
  return report ? [{ detailType: 'ProductIssueThresholdReached', payload: report }] : [];
};

/** The index item the old image filed, if it is there and still this record's to move or withdraw. */
const filingOf = async (
  backend: StoreBackend,
  recordKey: string,
  before: InteractionData | undefined,
  beforeVersionOrd: string | undefined,
): Promise<Filing | undefined> => {
  const key = before === undefined ? undefined : partIssueKey(before);
  if (key === undefined || beforeVersionOrd === undefined) return undefined;
  return readFiling(backend, key, { recordKey, versionOrd: beforeVersionOrd });
};

/** The item under `key` as a filing of `by` to withdraw; undefined when it is gone, anonymised, or not `by`'s. */
const readFiling = async (
  backend: StoreBackend,
  key: ItemKey,
  by: CaseFiling,
): Promise<Filing | undefined> => {
  const stored = (await backend.getItems([key])).get(keyString(key));
  const withdrawal = partIssueWithdrawal(stored, by);
  return withdrawal && { key, by, withdrawal };
};

/** The record as it stands now, where its locator places it; undefined once it is gone. */
const currentCase = async (backend: StoreBackend, recordKey: string): Promise<CaseVersion | undefined> => {
  const where = await locateRecord(backend, recordKey, 'interaction');
  if (where.kind === 'moving') throw new RecordMovingError(recordKey);
  if (where.kind === 'gone' || where.record.versionOrd === undefined) return undefined;
  const { customerId, data, versionOrd } = where.record;
  return { customerId, interaction: InteractionDataSchema.parse(data), versionOrd };
};

/**
 * Files `target` (the record as the change has it, or as it stands now) and withdraws `filing` where the target
 * files it elsewhere or not at all, in one commit. A refused commit reads the record and the filing again: a
 * newer version, or the copy a merge moved to another customer, is filed instead, a record gone only withdraws. When the customer's erasure keeps refusing it, the
 * withdrawal goes alone (an erased customer's case may go). Says which version was filed, if any.
 */
const fileAsRecordStands = async (
  backend: StoreBackend,
  recordKey: string,
  filing: Filing | undefined,
  target: CaseVersion | undefined,
): Promise<CaseVersion | undefined> => {
  let withdrawing = filing;
  let filingTarget = target;
  for (let attempt = 0; attempt < MAX_FILING_ATTEMPTS; attempt++) {
    const targetKey = filingTarget && partIssueKey(filingTarget.interaction);
    const withdrawal =
      withdrawing === undefined || sameKey(withdrawing.key, targetKey) ? [] : [withdrawing.withdrawal];
    if (filingTarget === undefined || targetKey === undefined) {
      if (withdrawal.length > 0) await backend.writeEach(withdrawal);
      return undefined;
    }
    const writes = partIssueWrites({
      customerId: filingTarget.customerId,
      interaction: filingTarget.interaction,
      filedBy: { recordKey, versionOrd: filingTarget.versionOrd },
    });
    if ((await backend.commit([...withdrawal, ...writes])).ok) return filingTarget;
    const current = await currentCase(backend, recordKey);
    if (
      current === undefined ||
      current.versionOrd > filingTarget.versionOrd ||
      current.customerId !== filingTarget.customerId
    )
      filingTarget = current;
    withdrawing = withdrawing && (await readFiling(backend, withdrawing.key, withdrawing.by));
  }
  if (withdrawing) await backend.writeEach([withdrawing.withdrawal]);
  return undefined;
};
