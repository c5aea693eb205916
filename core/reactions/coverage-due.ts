import * as z from 'zod';
import { DEFAULT_REACTIONS_CONFIG, type ReactionsConfig } from '../../schemas/config/reactions-config.ts';
import type { InstalledProductData } from '../../schemas/entities/installed-product.ts';
import { IsoDateSchema } from '../../schemas/entities/source.ts';
import { addDays, daysBetween, isoDay } from '../calendar/calendar-day.ts';
import type { Item } from '../items/record-items.ts';
import type { ItemKey, WriteOp } from '../items/write-ops.ts';
import { type CoverageExpiry, findExpiringCoverage } from './coverage-expiry.ts';

/**
 * A warranty or contract that ends beyond the notice window when its unit's record changes is not noticed by that
 * change, and nothing may change again before its end enters the window. So the change files a *due item* under the
 * day the coverage ends, and the daily coverage sweep (`coverage-sweep`) reads the partitions of every end day inside
 * the window, re-reads each unit's current record and decides the notice as the change would have.
 *
 * Due items are keyed by the end day, not by the day the end enters the window: their keys then follow from the
 * record alone, so an erasure deletes them from the records it deletes, and a changed `expiryNoticeDays` strands
 * none (the sweep's window moves, the items stay where they are). They name the unit by its source record key,
 * never by customer: a merge moves records between customers, and the locator follows them.
 */

export const COVERAGE_KINDS = ['warranty', 'contract'] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

/** One coverage end of an installed product. */
export interface CoverageEnd {
  readonly coverage: CoverageKind;
  readonly endsOn: string;
}

/** A due item as stored: which record's which coverage ends when. No customer id, no serial number. */
export const CoverageDueItemSchema = z.object({
  kind: z.literal('coverageDue'),
  recordKey: z.string().min(1),
  coverage: z.enum(COVERAGE_KINDS),
  endsOn: IsoDateSchema,
});
export type CoverageDue = Omit<z.infer<typeof CoverageDueItemSchema>, 'kind'>;

const DUE_PREFIX = 'COVERAGE-DUE#';

/** The partition listing the coverage ends of one day. */
export const coverageDuePartition = (endsOn: string) => `${DUE_PREFIX}${endsOn}`;

/** True for the key of a due item. */
export const isCoverageDueKey = (key: ItemKey): boolean => key.pk.startsWith(DUE_PREFIX);

/** The key of a record's due item for one coverage end. */
export const coverageDueKey = (recordKey: string, end: CoverageEnd): ItemKey => ({
  pk: coverageDuePartition(end.endsOn),
  sk: `${recordKey}#${end.coverage}`,
});

/** The warranty and contract ends of a unit, those it has. */
export const coverageEndsOf = (product: InstalledProductData): CoverageEnd[] => [
  ...(product.warrantyEnd === undefined
    ? []
    : [{ coverage: 'warranty' as const, endsOn: product.warrantyEnd }]),
  ...(product.contractEnd === undefined
    ? []
    : [{ coverage: 'contract' as const, endsOn: product.contractEnd }]),
];

/** The due item of a coverage end; DynamoDB's TTL removes it once the end day is over, should no sweep reach it. */
export const buildCoverageDueItem = (recordKey: string, end: CoverageEnd): Item => ({
  ...coverageDueKey(recordKey, end),
  kind: 'coverageDue',
  recordKey,
  coverage: end.coverage,
  endsOn: end.endsOn,
  expiresAt: Date.parse(`${addDays(end.endsOn, 2)}T00:00:00Z`) / 1000,
});

/** True when the end lies beyond the notice window today, so no change today can notice it. */
const beyondWindow = (endsOn: string, today: string, config: ReactionsConfig) =>
  daysBetween(today, endsOn) > config.expiryNoticeDays;

const sameEnd = (a: CoverageEnd, b: CoverageEnd) => a.coverage === b.coverage && a.endsOn === b.endsOn;

/**
 * The due items a change of an installed product files and withdraws: a coverage end beyond the window that the
 * version before did not have is filed; an end the version before had and this one has not is withdrawn (renewed,
 * extended, ended early). An unchanged end writes nothing, so a unit costs writes only when an end date changes.
 */
export const coverageDueWrites = (input: {
  readonly recordKey: string;
  readonly before: InstalledProductData | undefined;
  /** The unit as it stands now; absent when it is gone (deleted at the source, its customer erased). */
  readonly after: InstalledProductData | undefined;
  readonly now: Date;
  readonly config?: ReactionsConfig;
}): WriteOp[] => {
  const config = input.config ?? DEFAULT_REACTIONS_CONFIG;
  const today = isoDay(input.now);
  const before = input.before ? coverageEndsOf(input.before) : [];
  const after = input.after ? coverageEndsOf(input.after) : [];
  return [
    ...before
      .filter((end) => !after.some((kept) => sameEnd(kept, end)))
      .map((end): WriteOp => ({ op: 'delete', key: coverageDueKey(input.recordKey, end) })),
    ...after
      .filter((end) => !before.some((had) => sameEnd(had, end)) && beyondWindow(end.endsOn, today, config))
      .map((end): WriteOp => ({ op: 'put', item: buildCoverageDueItem(input.recordKey, end) })),
  ];
};

/**
 * The due items of a unit already stored before due items existed: every end from today on, those inside the window
 * too, since no change noticed them (a notice the change stream did give is not repeated: same reaction key).
 */
export const storedCoverageDueItems = (
  recordKey: string,
  product: InstalledProductData,
  now: Date,
): Item[] => {
  const today = isoDay(now);
  return coverageEndsOf(product)
    .filter((end) => end.endsOn >= today)
    .map((end) => buildCoverageDueItem(recordKey, end));
};

/** The item saying the units stored before due items existed have been filed (no personal data). */
export const STORED_UNITS_FILED_KEY: ItemKey = { pk: 'COVERAGE-DUE#FILED', sk: 'STORED-UNITS' };

/** The end days whose due items a sweep today reads: today through the last day of the notice window. */
export const coverageSweepDays = (
  now: Date,
  config: ReactionsConfig = DEFAULT_REACTIONS_CONFIG,
): string[] => {
  const today = isoDay(now);
  return Array.from({ length: config.expiryNoticeDays + 1 }, (_, offset) => addDays(today, offset));
};

/** The unit a due item names, as its record stands now. */
export interface CurrentInstalledProduct {
  readonly customerId: string;
  readonly product: InstalledProductData;
}

/**
 * What the sweep does with a due item: `notice` decides the notice (the stream path's decision, on the current
 * record and customer); `changed`: the record no longer ends this coverage that day (renewed, extended, ended, or
 * its end left the window), nothing to send; `gone`: the record was deleted or its customer erased.
 */
export type DueCoverageDecision =
  | { readonly outcome: 'notice'; readonly notice: CoverageExpiry }
  | { readonly outcome: 'changed' }
  | { readonly outcome: 'gone' };

/** Decides a due item on the unit's current record, with the same decision the change stream makes. */
export const decideDueCoverage = (input: {
  readonly due: CoverageDue;
  readonly current: CurrentInstalledProduct | undefined;
  readonly now: Date;
  readonly config?: ReactionsConfig;
}): DueCoverageDecision => {
  if (!input.current) return { outcome: 'gone' };
  const notice = findExpiringCoverage({
    customerId: input.current.customerId,
    installedProducts: [input.current.product],
    now: input.now,
    // Stryker disable next-line ArrowFunction: equivalent, `undefined` is as falsy as `false` to the decision
    alreadyNotified: () => false,
    ...(input.config ? { config: input.config } : {}),
  }).find((n) => n.coverage === input.due.coverage && n.endsOn === input.due.endsOn);
  return notice ? { outcome: 'notice', notice } : { outcome: 'changed' };
};
