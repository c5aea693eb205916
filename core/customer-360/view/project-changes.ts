import { applyHeadChange, emptyHead } from './head-section.ts';
import { type RecordImage, recordImageOf } from './record-image.ts';
import { applyRecordChange, emptyRecordSection } from './record-section.ts';
import { compareSequence } from './sequence-order.ts';
import { trimHead, trimRecordSection } from './trim-view.ts';
import type { ViewLimits } from './view-limits.ts';
import {
  type CustomerViewState,
  type Fence,
  RECORD_SECTIONS,
  type RecordSection,
  type ViewSection,
} from './view-state.ts';

type Image = Readonly<Record<string, unknown>>;

/** One committed change of an item in a customer's partition, as the stream delivered it. */
export interface CustomerChange {
  readonly sequenceNumber: string;
  /** Commit time, epoch seconds (the stream's ApproximateCreationDateTime). */
  readonly committedAt?: number;
  readonly sk: string;
  readonly oldImage?: Image;
  readonly newImage?: Image;
}

export type ProjectionOutcome =
  /** Nothing in the changes concerns the view (or all were applied before). */
  | { readonly kind: 'unchanged' }
  | {
      readonly kind: 'update';
      readonly state: CustomerViewState;
      readonly sections: ReadonlySet<ViewSection>;
      /** Sections whose lists lost entries the view cannot refill alone: rebuild them from the partition. */
      readonly refill: ReadonlySet<ViewSection>;
    }
  /** The customer is merged away, erased or gone: the view goes. */
  | { readonly kind: 'delete' }
  /** No view, or one that cannot follow these changes: build it from the partition, then project again. */
  | { readonly kind: 'bootstrap' };

// Of unknown values: a kind that is not text is simply not among them.
const HEAD_KINDS: ReadonlySet<unknown> = new Set([
  'profile',
  'identifierMirror',
  'conflict',
  'status',
  'insights',
]);

/** The section a table item feeds; undefined for items the view does not show (lines, ledger, view). */
export const sectionOfItem = (image: Image | undefined): ViewSection | undefined => {
  if (!image) return undefined;
  if (HEAD_KINDS.has(image.kind)) return 'head';
  if (image.kind !== 'record') return undefined;
  if (image.entity === 'customer') return 'head';
  return (RECORD_SECTIONS as readonly unknown[]).includes(image.entity)
    ? (image.entity as RecordSection)
    : undefined;
};

/** A view with nothing in it yet, for a customer whose partition is about to be folded into it. */
export const emptyViewState = (customerId: string): CustomerViewState => ({
  customerId,
  head: emptyHead(),
  records: Object.fromEntries(RECORD_SECTIONS.map((s) => [s, emptyRecordSection(s)])) as Record<
    RecordSection,
    ReturnType<typeof emptyRecordSection>
  >,
  // Stryker disable next-line ObjectLiteral: every reader takes `meta[section]`, and a key left out reads as the undefined it holds here.
  meta: {
    head: undefined,
    order: undefined,
    invoice: undefined,
    shipment: undefined,
    installedProduct: undefined,
    interaction: undefined,
    webActivity: undefined,
  },
});

/**
 * The versions a table read held, by record key, while the projector still remembers that read (the same
 * process, shortly after): inside a fence's uncertain window it tells exactly what the read already counted.
 */
export type ReadVersions = ReadonlyMap<string, string>;

/** Whether a change inside a fence's uncertain window is already part of what the table read showed. */
const alreadyReflected = (
  state: CustomerViewState,
  section: ViewSection,
  next: RecordImage | undefined,
  previous: RecordImage | undefined,
  read: ReadVersions | undefined,
) => {
  // Identifiers, conflicts, insights and the head are keyed upserts: applying them again changes nothing.
  if (!next && !previous) return false;
  const key = (next ?? previous)?.recordKey as string;
  if (read) return next ? (read.get(key) ?? '') >= next.versionOrd : !read.has(key);
  const lists =
    section === 'head' ? [state.head.customerSources] : Object.values(state.records[section].lists);
  const kept = lists.flatMap((l) => l.entries).find((e) => e.recordKey === key);
  if (next) return kept !== undefined && kept.versionOrd >= next.versionOrd;
  // A removal: reflected unless the record is still kept (records not kept cannot be told apart).
  return kept === undefined;
};

/** Applies one change to its section; returns whether the section lost entries it cannot refill alone. */
export const applyChange = (
  state: CustomerViewState,
  section: ViewSection,
  change: CustomerChange,
  limits: ViewLimits,
): boolean => {
  const previous = recordImageOf(change.oldImage);
  const next = recordImageOf(change.newImage);
  if (section === 'head') {
    return applyHeadChange(
      state.head,
      change.sk,
      change.oldImage,
      change.newImage,
      { previous, next },
      limits,
    );
  }
  return applyRecordChange(state.records[section], section, previous, next, limits);
};

const isActiveProfile = (image: Image | undefined) => image?.kind === 'profile' && image.status === 'active';

/**
 * Projects one customer's changes, in stream order, onto its view. Idempotent and order-safe: a change at
 * or below a section's `appliedThrough` was applied before (stream redelivery) and is skipped; a change
 * older than a section's fence is already in the table read that section was built from.
 */
export const projectCustomerChanges = (
  current: CustomerViewState | undefined,
  changes: readonly CustomerChange[],
  limits: ViewLimits,
  projectedAt: string,
  read?: (section: ViewSection) => ReadVersions | undefined,
): ProjectionOutcome => {
  let profileGone = false;
  for (const change of changes) {
    const image = change.newImage ?? change.oldImage;
    if (image?.kind === 'erasure' && change.newImage) profileGone = true;
    if (image?.kind !== 'profile') continue;
    if (isActiveProfile(change.newImage)) {
      // Back to active after being merged away in this same batch (an unmerge): rebuild from the table.
      if (profileGone || !current) return { kind: 'bootstrap' };
    } else profileGone = true;
  }
  if (profileGone) return { kind: 'delete' };
  if (!current) {
    const concernsView = changes.some((c) => sectionOfItem(c.newImage ?? c.oldImage) !== undefined);
    return concernsView ? { kind: 'bootstrap' } : { kind: 'unchanged' };
  }
  const state = current;
  const sections = new Set<ViewSection>();
  const refill = new Set<ViewSection>();
  for (const change of changes) {
    const section = sectionOfItem(change.newImage ?? change.oldImage);
    if (!section) continue;
    const meta = state.meta[section];
    if (meta?.appliedThrough && compareSequence(change.sequenceNumber, meta.appliedThrough) <= 0) continue;
    const fence: Fence | undefined = meta?.fence;
    let skip = false;
    if (
      fence &&
      // Stryker disable next-line ConditionalExpression: without a commit time both comparisons below are false, so nothing is skipped either way.
      change.committedAt !== undefined
    ) {
      if (change.committedAt < fence.from) skip = true;
      else if (change.committedAt <= fence.to)
        skip = alreadyReflected(
          state,
          section,
          recordImageOf(change.newImage),
          recordImageOf(change.oldImage),
          read?.(section),
        );
    }
    if (!skip && applyChange(state, section, change, limits)) refill.add(section);
    sections.add(section);
    state.meta[section] = {
      version: meta?.version ?? 0,
      appliedThrough: change.sequenceNumber,
      projectedAt,
      // Past the fence's window nothing can be in the table read any more: the fence has done its job.
      ...(fence && (change.committedAt === undefined || change.committedAt <= fence.to) ? { fence } : {}),
    };
  }
  if (sections.size === 0) return { kind: 'unchanged' };
  for (const section of sections) trimSection(state, section, limits);
  return { kind: 'update', state, sections, refill };
};

export const trimSection = (state: CustomerViewState, section: ViewSection, limits: ViewLimits): void => {
  if (section === 'head') trimHead(state.head, limits);
  else trimRecordSection(state.records[section], section, limits);
};
