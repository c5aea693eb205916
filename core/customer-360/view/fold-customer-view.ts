import type { Item } from '../../items/record-items.ts';
import { applyChange, emptyViewState, sectionOfItem, trimSection } from './project-changes.ts';
import { recordImageOf } from './record-image.ts';
import { applyRecordChange, emptyRecordSection } from './record-section.ts';
import type { ViewLimits } from './view-limits.ts';
import { type CustomerViewState, type Fence, type RecordSection, VIEW_SECTIONS } from './view-state.ts';

/**
 * Builds a customer's view from the items of its partition, read at the time `fence` says (bootstrap of
 * a customer without a view, rebuild after an unmerge). Undefined when the customer is not active: a
 * merged-away or erased customer has no view. `previous` carries the stored sections' versions over so
 * the rebuilt sections replace them under the same optimistic lock.
 */
export const foldCustomerView = (
  customerId: string,
  items: readonly Item[],
  limits: ViewLimits,
  options: {
    readonly fence: Fence;
    readonly projectedAt: string;
    readonly previous?: CustomerViewState;
    readonly appliedThrough?: string;
  },
): CustomerViewState | undefined => {
  const profile = items.find((i) => i.kind === 'profile');
  if (profile?.status !== 'active') return undefined;
  const state = emptyViewState(customerId);
  for (const item of items) {
    const section = sectionOfItem(item);
    // Stryker disable next-line ConditionalExpression,StringLiteral: an item without a section (order line, ledger, view) has no record image, and no change changes nothing; applyChange never reads the sequence number.
    if (section) applyChange(state, section, { sequenceNumber: '0', sk: item.sk, newImage: item }, limits);
  }
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
};

/**
 * Rebuilds one record section from that kind's records (read at the time `fence` says), keeping the
 * section's version and stream position: used when the view's lists lost entries it cannot refill alone.
 */
export const refoldRecordSection = (
  state: CustomerViewState,
  section: RecordSection,
  items: readonly Item[],
  limits: ViewLimits,
  fence: Fence,
): void => {
  const fresh = emptyRecordSection(section);
  for (const item of items) {
    const record = recordImageOf(item);
    if (record?.entity === section) applyRecordChange(fresh, section, undefined, record, limits);
  }
  state.records[section] = fresh;
  trimSection(state, section, limits);
  const meta = state.meta[section];
  state.meta[section] = {
    version: meta?.version ?? 0,
    projectedAt: meta?.projectedAt ?? '',
    fence,
    ...(meta?.appliedThrough ? { appliedThrough: meta.appliedThrough } : {}),
  };
};
