import type { Item } from '../../items/record-items.ts';
import { applyChange, emptyViewState, sectionOfItem, trimSection } from './project-changes.ts';
import { recordImageOf } from './record-image.ts';
import { applyRecordChange, emptyRecordSection } from './record-section.ts';
import type { ViewLimits } from './view-limits.ts';
import { type CustomerViewState, type Fence, type RecordSection, VIEW_SECTIONS } from './view-state.ts';

/** A view folded from a partition read page by page: only what the view keeps stays in memory. */
export interface ViewFold {
  /** Folds the next items of the partition, in sort-key order. */
  add(items: readonly Item[]): void;
  /** The view, or undefined when the customer is not active (a merged-away or erased customer has no view). */
  finish(options: {
    readonly fence: Fence;
    readonly projectedAt: string;
    readonly previous?: CustomerViewState;
    readonly appliedThrough?: string;
  }): CustomerViewState | undefined;
}

/**
 * Starts building a customer's view from the items of its partition, read at the time the finish's `fence`
 * says (bootstrap of a customer without a view, rebuild after an unmerge). `previous` carries the stored
 * sections' versions over so the rebuilt sections replace them under the same optimistic lock. Record lists are
 * cut to their caps as items arrive, so a partition of any size folds in about the memory of the view it becomes.
 */
export const startViewFold = (customerId: string, limits: ViewLimits): ViewFold => {
  const state = emptyViewState(customerId);
  let profile: Item | undefined;
  return {
    add(items) {
      for (const item of items) {
        if (item.kind === 'profile') profile ??= item;
        const section = sectionOfItem(item);
        // Stryker disable next-line ConditionalExpression: an item without a section (order line, ledger, view) has no record image, and no change changes nothing.
        if (!section) continue;
        // Stryker disable next-line StringLiteral: applyChange never reads the sequence number.
        applyChange(state, section, { sequenceNumber: '0', sk: item.sk, newImage: item }, limits);
      }
    },
    finish(options) {
      if (profile?.status !== 'active') return undefined;
      for (const section of VIEW_SECTIONS) {
        trimSection(state, section, limits);
        const before = options.previous?.meta[section];
        const appliedThrough = options.appliedThrough ?? before?.appliedThrough;
        state.meta[section] = {
          version: before?.version ?? 0,
          projectedAt: options.projectedAt,
          fence: options.fence,
          ...(appliedThrough ? { appliedThrough } : {}),
        };
      }
      return state;
    },
  };
};

/** {@link startViewFold} over items already read. */
export const foldCustomerView = (
  customerId: string,
  items: readonly Item[],
  limits: ViewLimits,
  options: Parameters<ViewFold['finish']>[0],
): CustomerViewState | undefined => {
  const fold = startViewFold(customerId, limits);
  fold.add(items);
  return fold.finish(options);
};

/** One record section refolded from that kind's records, read page by page. */
export interface SectionRefold {
  add(items: readonly Item[]): void;
  /** Puts the refolded section into `state`, keeping its version and stream position, with the read's fence. */
  finishInto(state: CustomerViewState, fence: Fence): void;
}

/**
 * Starts rebuilding one record section from that kind's records (read at the time the finish's `fence` says):
 * used when the view's lists lost entries it cannot refill alone.
 */
export const startSectionRefold = (section: RecordSection, limits: ViewLimits): SectionRefold => {
  const fresh = emptyRecordSection(section);
  return {
    add(items) {
      for (const item of items) {
        const record = recordImageOf(item);
        if (record?.entity === section) applyRecordChange(fresh, section, undefined, record, limits);
      }
    },
    finishInto(state, fence) {
      state.records[section] = fresh;
      trimSection(state, section, limits);
      const meta = state.meta[section];
      state.meta[section] = {
        version: meta?.version ?? 0,
        projectedAt: meta?.projectedAt ?? '',
        fence,
        ...(meta?.appliedThrough ? { appliedThrough: meta.appliedThrough } : {}),
      };
    },
  };
};

/** {@link startSectionRefold} over items already read. */
export const refoldRecordSection = (
  state: CustomerViewState,
  section: RecordSection,
  items: readonly Item[],
  limits: ViewLimits,
  fence: Fence,
): void => {
  const refold = startSectionRefold(section, limits);
  refold.add(items);
  refold.finishInto(state, fence);
};
