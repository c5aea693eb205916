import type { RecordImage } from './record-image.ts';
import type { ViewLimits } from './view-limits.ts';
import { emptyList, insertIntoList, type RecordData, removeFromList, SECTION_LISTS } from './view-lists.ts';
import type { RecordSection, RecordSectionState } from './view-state.ts';
import { addWebEvent, emptyWebAggregates, removeWebEvent } from './web-aggregates.ts';

export const emptyRecordSection = (section: RecordSection): RecordSectionState => ({
  count: 0,
  lists: Object.fromEntries(SECTION_LISTS[section].map((l) => [l.name, emptyList()])),
  amounts: {},
  ...(section === 'webActivity' ? { web: emptyWebAggregates() } : {}),
});

const text = (data: RecordData, field: string): string => {
  const value = data[field];
  return typeof value === 'string' ? value : '';
};
const num = (data: RecordData, field: string): number | undefined => {
  const value = data[field];
  return (
    // Stryker disable next-line ConditionalExpression: Number.isFinite refuses every non-number itself (it does not convert).
    typeof value === 'number' && Number.isFinite(value) ? value : undefined
  );
};

/** What a record adds to the section's sums: orders' net revenue, invoices' open amount. */
const amountOf = (
  section: RecordSection,
  data: RecordData,
): [currency: string, amount: number] | undefined => {
  if (section === 'order') {
    const status = text(data, 'status');
    const net = num(data, 'netAmount');
    return status === 'quote' || status === 'cancelled' || net === undefined
      ? undefined
      : [text(data, 'currency'), net];
  }
  // Stryker disable next-line ConditionalExpression: only invoices carry an amount (the other sections' schemas are strict and have none), so another section's record yields no amount either way.
  if (section === 'invoice') {
    const status = text(data, 'status');
    if (status !== 'open' && status !== 'overdue') return undefined;
    const open = num(data, 'openAmount') ?? num(data, 'amount');
    return open === undefined ? undefined : [text(data, 'currency'), open];
  }
  return undefined;
};

const addAmount = (state: RecordSectionState, entry: ReturnType<typeof amountOf>, sign: 1 | -1) => {
  if (!entry) return;
  const [currency, amount] = entry;
  // Rounded to cents so a long run of additions and removals does not drift in binary fractions.
  const next = Math.round(((state.amounts[currency] ?? 0) + sign * amount) * 100) / 100;
  if (next === 0) delete state.amounts[currency];
  else state.amounts[currency] = next;
};

/**
 * Applies one change of one record (its previous and its new stored version, either may be absent) to
 * its section: the count and sums exactly, the kept lists as prefixes of their order. Returns true when
 * the lists or aggregates lost an entry they cannot refill from the view alone.
 */
export const applyRecordChange = (
  state: RecordSectionState,
  section: RecordSection,
  previous: RecordImage | undefined,
  next: RecordImage | undefined,
  limits: ViewLimits,
): boolean => {
  let lost = false;
  const before = previous?.data;
  const after = next?.data;
  if (before && previous) {
    state.count = Math.max(0, state.count - 1);
    addAmount(state, amountOf(section, before), -1);
    for (const list of SECTION_LISTS[section]) {
      const kept = state.lists[list.name] ?? emptyList();
      state.lists[list.name] = kept;
      const qualified = list.qualifies(before);
      const wasTruncated = kept.entries.length < kept.total;
      if (removeFromList(kept, previous.recordKey, qualified) && wasTruncated && !after) lost = true;
    }
    if (state.web && !after) lost = removeWebEvent(state.web, before, previous.recordKey) || lost;
    else if (state.web && after) removeWebEvent(state.web, before, previous.recordKey);
  }
  if (after && next) {
    state.count += 1;
    addAmount(state, amountOf(section, after), 1);
    for (const list of SECTION_LISTS[section]) {
      if (!list.qualifies(after)) continue;
      const kept = state.lists[list.name] ?? emptyList();
      state.lists[list.name] = kept;
      insertIntoList(
        kept,
        {
          recordKey: next.recordKey,
          versionOrd: next.versionOrd,
          at: list.at(after),
          source: next.source,
          data: after,
        },
        list.newestFirst,
        list.cap(limits),
      );
    }
    if (state.web) addWebEvent(state.web, after, next.recordKey, limits);
  }
  return lost;
};
