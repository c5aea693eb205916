import { jsonBytes } from './item-size.ts';
import { sectionBudget, type ViewLimits } from './view-limits.ts';
import type { HeadState, KeptList, RecordSectionState, ViewSection } from './view-state.ts';
import { pruneInterest } from './web-aggregates.ts';

/** Room for the section item's keys and bookkeeping attributes, beyond its state. */
const ITEM_OVERHEAD_BYTES = 400;

const longest = (lists: readonly KeptList[]): KeptList | undefined =>
  lists.reduce<KeptList | undefined>(
    (best, list) => (list.entries.length > (best?.entries.length ?? 0) ? list : best),
    undefined,
  );

/**
 * Cuts a record section down to its byte budget, sized as its JSON text (the item stores it compressed, so
 * never larger): the oldest kept entries of the longest list go first (every list stays a prefix of its
 * order, and `total` still says how many there are), then the least interesting parts and the searches of
 * the web summary.
 */
export const trimRecordSection = (
  state: RecordSectionState,
  section: ViewSection,
  limits: ViewLimits,
): void => {
  const budget = sectionBudget(limits, section) - ITEM_OVERHEAD_BYTES;
  if (state.web && Object.keys(state.web.interest).length > limits.maxInterestParts) {
    pruneInterest(state.web, limits.maxInterestParts);
  }
  let size = jsonBytes(state);
  while (size > budget) {
    const list = longest(Object.values(state.lists));
    if (list) {
      const dropped = list.entries.pop();
      size -= jsonBytes(dropped) + 1;
      continue;
    }
    const web = state.web;
    const parts = web ? Object.keys(web.interest).length : 0;
    // The parts were cut to their limit above, so each round here drops the least interesting one.
    if (web && parts > 0) {
      pruneInterest(web, parts - 1);
    } else if (web && web.recentSearches.length > 0) {
      web.recentSearches.pop();
    } else if (web?.sessions) {
      delete web.sessions;
      web.sessionsEstimated = true;
    } else {
      return;
    }
    size = jsonBytes(state);
  }
};

/** Cuts the head down to its budget: older status changes first, then sources, identifiers, conflicts. */
export const trimHead = (head: HeadState, limits: ViewLimits): void => {
  const budget = sectionBudget(limits, 'head') - ITEM_OVERHEAD_BYTES;
  const mark = (what: string) => {
    if (!head.truncated.includes(what)) head.truncated.push(what);
  };
  while (jsonBytes(head) > budget) {
    if (head.statusHistory.entries.length > 0) head.statusHistory.entries.pop();
    else if (head.customerSources.entries.length > 1) head.customerSources.entries.pop();
    else if (Object.keys(head.identifiers).length > 0) {
      delete head.identifiers[Object.keys(head.identifiers).sort().at(-1) as string];
      mark('identifiers');
    } else if (Object.keys(head.conflicts).length > 0) {
      delete head.conflicts[Object.keys(head.conflicts).sort().at(0) as string];
      mark('conflicts');
    } else if (head.insights !== undefined) {
      delete head.insights;
      mark('insights');
    } else return;
  }
};
