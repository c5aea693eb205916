import { LedgerEntrySchema } from '../../schemas/entities/identity.ts';
import { InstalledProductDataSchema } from '../../schemas/entities/installed-product.ts';
import { InteractionDataSchema } from '../../schemas/entities/interaction.ts';
import { keys } from '../items/keys.ts';
import type { Item } from '../items/record-items.ts';
import { OwnerItemSchema, ProfileItemSchema, parseStateItem } from '../items/state-items.ts';
import { type ItemKey, keyString, MAX_OPS_PER_COMMIT, type WriteOp } from '../items/write-ops.ts';
import type { EraseResult, WhoRequested } from '../ports/customer-store.ts';
import type { StoreBackend } from '../ports/store-backend.ts';
import { coverageDueKey, coverageEndsOf, isCoverageDueKey } from '../reactions/coverage-due.ts';
import { anonymisedPartIssue, partIssueKey } from '../reactions/part-issue-index.ts';
import { RETRY, type RetryPolicy, type RetryTiming, withRetries } from '../retry/retry-policy.ts';

export interface EraseDeps {
  readonly backend: StoreBackend;
  readonly hashOf: (idKey: string) => string;
  readonly now: string;
  /** How a refused attempt waits before the erasure reads the customer again; tests pass one that does not wait. */
  readonly timing?: RetryTiming;
}

/**
 * A refused write means the customer changed between the erasure's read and its commit (a case the part issue index
 * withdrew, a record a sync added): the erasure reads the customer again and erases what is there then. A request
 * still refused after these attempts fails, and the store check names it (`erasureUnfinished`) for it to be requested
 * again.
 */
const ERASURE_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 3_000 };

/**
 * Builds the writes of an erasure: every item of the customer (and of customers merged into it) goes,
 * each identifier it owns becomes a bare suppression entry under its salted hash, the source records'
 * locators go, and so do the coverage due items of its installed products (a unit's source key and end day); its
 * complaints and returns stay in the part issue index without the customer, the subject and the serial number; the
 * profile keeps only `erased`, and an erasure marker (no personal data) announces it.
 */
export const planErasure = (
  customerId: string,
  items: readonly Item[],
  dormantItems: readonly Item[],
  mergedIds: readonly string[],
  ownedIdKeys: readonly string[],
  who: WhoRequested,
  deps: Pick<EraseDeps, 'hashOf' | 'now'>,
  partIssues: readonly Item[],
  profileRead: { readonly rev: number; readonly writes?: number | undefined },
): WriteOp[] => {
  const ops: WriteOp[] = [];
  // Found from the customer's own interaction records, so each case is the customer's now, whoever it was filed
  // under (a merged customer, or one an unmerge took the record from); one without a customer is anonymised
  // already (an erasure retried after a partial commit).
  for (const issue of partIssues)
    if (typeof issue.customerId === 'string') ops.push(anonymisedPartIssue(issue));
  // The owner entries become suppression entries before the mirrors that name them go: an erasure that stops in
  // between and is requested again finds the identifiers it still has to suppress through the mirrors.
  for (const idKey of ownedIdKeys) {
    ops.push({
      op: 'put',
      item: {
        pk: keys.identifier(deps.hashOf(idKey)),
        sk: keys.owner,
        kind: 'suppressed',
        suppressedAt: deps.now,
      },
    });
  }
  for (const item of [...items, ...dormantItems]) {
    if (item.kind === 'record')
      ops.push({ op: 'delete', key: { pk: keys.locator(String(item.recordKey)), sk: keys.locatorSort } });
    const unit =
      // Stryker disable next-line ConditionalExpression: equivalent, ingest validates a record's data by its entity, so no other record's data parses as an installed product's
      item.entity === 'installedProduct' ? InstalledProductDataSchema.safeParse(item.data) : undefined;
    // Stryker disable next-line ConditionalExpression: equivalent, only records carry an entity (see above)
    if (item.kind === 'record' && unit?.success)
      for (const end of coverageEndsOf(unit.data))
        ops.push({ op: 'delete', key: coverageDueKey(String(item.recordKey), end) });
    if (item.pk === keys.customer(customerId) && item.sk === keys.profile) continue;
    ops.push({ op: 'delete', key: { pk: item.pk, sk: item.sk } });
  }
  ops.push(
    {
      op: 'put',
      item: {
        pk: keys.customer(customerId),
        sk: keys.profile,
        kind: 'profile',
        customerId,
        status: 'erased',
        rev: -1,
        seedRecord: '',
        createdAt: deps.now,
      },
      // Only over the profile as the erasure read it: a record committed since (a settled write counts in `writes`,
      // a restructuring moves `rev`) was not read, so not deleted; the refused commit makes the erasure read again.
      condition: {
        kind: 'matches',
        attributes: { status: 'active', rev: profileRead.rev, writes: profileRead.writes ?? null },
      },
    },
    {
      op: 'put',
      item: {
        pk: keys.customer(customerId),
        sk: keys.erasure,
        kind: 'erasure',
        customerId,
        erasedAt: deps.now,
        requestedBy: who.requestedBy,
        reason: who.reason,
        identifiersSuppressed: ownedIdKeys.length,
        mergedCustomerIds: [...mergedIds],
        cause: 'ingest',
      },
    },
  );
  return ops;
};

/** Where the part issue index keeps the cases among these items (the customer's interaction records). */
const partIssueKeysOf = (items: readonly Item[]): ItemKey[] =>
  items.flatMap((item) => {
    const interaction =
      // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, ingest validates a record's data by its entity, and only interaction data parses as an interaction (a strict schema)
      item.kind === 'record' && item.entity === 'interaction'
        ? InteractionDataSchema.safeParse(item.data)
        : undefined;
    const key = interaction?.success ? partIssueKey(interaction.data) : undefined;
    return key ? [key] : [];
  });

/**
 * Erases a customer (right to erasure); idempotent: erasing an erased customer changes nothing. An attempt whose
 * write is refused reads the customer again and goes on from what the earlier one left (`ERASURE_RETRY`).
 */
export const eraseCustomer = (
  deps: EraseDeps,
  customerId: string,
  who: WhoRequested,
): Promise<EraseResult> => {
  // What the attempts committed, summed: a later attempt no longer reads what an earlier one deleted.
  const done = { itemsDeleted: 0, identifiersSuppressed: 0 };
  return withRetries(
    ERASURE_RETRY,
    `erasure of ${customerId} (a write was refused)`,
    () => eraseOnce(deps, customerId, who, done),
    deps.timing,
  );
};

const eraseOnce = async (
  deps: EraseDeps,
  customerId: string,
  who: WhoRequested,
  done: { itemsDeleted: number; identifiersSuppressed: number },
): Promise<EraseResult | typeof RETRY> => {
  const profileKey = { pk: keys.customer(customerId), sk: keys.profile };
  const profileItem = (await deps.backend.getItems([profileKey])).get(keyString(profileKey));
  if (!profileItem) return { kind: 'notFound' };
  const profile = parseStateItem(ProfileItemSchema, profileItem);
  if (profile.status === 'erased') return { kind: 'erased', ...done };
  if (profile.status === 'merged') return { kind: 'notFound' };
  // From here on the part issue index files no case of the customer (partIssueWrites), so every case it holds
  // is there when the erasure reads it below, and is anonymised; the item goes with the marker's commit.
  // The same commit moves the customer's revision: an identity restructuring that read the customer before it
  // (a merge about to move its records to another customer) is refused, reads again and finds the erasure under
  // way, and waits for it (reresolveCluster), so nothing of the customer leaves while it is being erased.
  const underWay = { pk: keys.customer(customerId), sk: keys.erasureUnderWay };
  const held = await deps.backend.commit([
    {
      op: 'put',
      // The request it answers, so the store check can finish an erasure that stopped part-way for the same one.
      item: {
        ...underWay,
        kind: 'erasureUnderWay',
        customerId,
        startedAt: deps.now,
        requestedBy: who.requestedBy,
        reason: who.reason,
      },
    },
    {
      op: 'patch',
      key: profileKey,
      set: { rev: profile.rev + 1 },
      condition: { kind: 'matches', attributes: { status: 'active', rev: profile.rev } },
    },
  ]);
  if (!held.ok) return RETRY;
  const items = (await deps.backend.readPartition(keys.customer(customerId))).filter(
    (item) => item.sk !== keys.erasureUnderWay,
  );
  // The profile as this read found it: the erased profile is written over exactly this one. A customer erased or
  // merged since the first read is looked at again from the start, and holds the part issue index back no longer.
  const headRead = items.find((item) => item.sk === keys.profile);
  const head = headRead === undefined ? undefined : parseStateItem(ProfileItemSchema, headRead);
  if (head?.status !== 'active') {
    await deps.backend.commit([{ op: 'delete', key: underWay }]);
    return RETRY;
  }

  // Customers merged into this one are pointers that still name their seed record: they go too.
  const dormantIds = new Set<string>();
  for (const item of items) {
    // Stryker disable next-line ConditionalExpression: only ledger items carry an `entry` a ledger entry parses from
    const entry = item.kind === 'ledger' ? LedgerEntrySchema.safeParse(item.entry) : undefined;
    if (entry?.success && entry.data.mergedId !== customerId) dormantIds.add(entry.data.mergedId);
  }
  const dormantItems = (
    await Promise.all([...dormantIds].map((id) => deps.backend.readPartition(keys.customer(id))))
  ).flat();

  const mirrored = items
    .filter((i) => i.kind === 'identifierMirror')
    .map((i) => String(i.sk).slice('ID#'.length));
  const owners = await deps.backend.getItems(
    mirrored.map((id) => ({ pk: keys.identifier(deps.hashOf(id)), sk: keys.owner })),
  );
  const owned = mirrored.filter((idKey) => {
    const item = owners.get(`${keys.identifier(deps.hashOf(idKey))}\u0000${keys.owner}`);
    return item?.kind === 'identifier' && parseStateItem(OwnerItemSchema, item).customerId === customerId;
  });
  // The part issue index holds the customer's complaints and returns, found by the interaction records.
  const partIssues = await deps.backend.getItems(partIssueKeysOf([...items, ...dormantItems]));
  const ops = planErasure(
    customerId,
    items,
    dormantItems,
    [...dormantIds],
    owned,
    who,
    deps,
    [...partIssues.values()],
    head,
  );
  // The marker goes last, so the erasure is only announced once everything else is gone; the item that held the
  // index back goes with it, so no case can be filed in between.
  const marker = ops.slice(-2);
  const body = ops.slice(0, -2);
  for (let i = 0; i < body.length; i += MAX_OPS_PER_COMMIT) {
    const chunk = body.slice(i, i + MAX_OPS_PER_COMMIT);
    if (!(await deps.backend.commit(chunk)).ok) return RETRY;
    // A due item's delete is sent whether or not the item is there (it may have been swept): not counted.
    done.itemsDeleted += chunk.filter((o) => o.op === 'delete' && !isCoverageDueKey(o.key)).length;
    done.identifiersSuppressed += chunk.filter((o) => o.op === 'put' && o.item.kind === 'suppressed').length;
  }
  if (!(await deps.backend.commit([...marker, { op: 'delete', key: underWay }])).ok) return RETRY;
  return { kind: 'erased', ...done };
};
