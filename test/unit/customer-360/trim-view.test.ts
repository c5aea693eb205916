import { describe, expect, it } from 'vitest';
import { emptyHead } from '../../../core/customer-360/view/head-section.ts';
import { jsonBytes } from '../../../core/customer-360/view/item-size.ts';
import { emptyRecordSection } from '../../../core/customer-360/view/record-section.ts';
import { trimHead, trimRecordSection } from '../../../core/customer-360/view/trim-view.ts';
import { DEFAULT_VIEW_LIMITS, type ViewLimits } from '../../../core/customer-360/view/view-limits.ts';
import type { KeptEntry } from '../../../core/customer-360/view/view-state.ts';

const OVERHEAD = 400;
const withBudget = (
  section: keyof ViewLimits['sectionBytes'],
  bytes: number,
  extra: Partial<ViewLimits> = {},
): ViewLimits => ({
  ...DEFAULT_VIEW_LIMITS,
  ...extra,
  sectionBytes: { ...DEFAULT_VIEW_LIMITS.sectionBytes, [section]: bytes + OVERHEAD },
});
const entry = (n: number): KeptEntry => ({
  recordKey: `r${String(n).padStart(3, '0')}`,
  versionOrd: 'N1',
  at: `2026-01-${String(n).padStart(2, '0')}`,
  source: {},
  data: { text: 'x'.repeat(50) },
});

describe('trimRecordSection', () => {
  it('leaves a section within its budget as it is', () => {
    const state = emptyRecordSection('order');
    state.lists.recent = { total: 3, entries: [entry(3), entry(2), entry(1)] };
    const before = structuredClone(state);

    trimRecordSection(state, 'order', withBudget('order', jsonBytes(state)));

    expect(state).toEqual(before);
  });

  it('drops the last entries of the longest list until the section fits, keeping the totals', () => {
    const state = emptyRecordSection('invoice');
    state.lists.recent = { total: 10, entries: [5, 4, 3, 2, 1].map(entry) };
    state.lists.unpaid = { total: 2, entries: [entry(7), entry(8)] };
    const target = structuredClone(state);
    target.lists.recent = { total: 10, entries: [5, 4].map(entry) };

    trimRecordSection(state, 'invoice', withBudget('invoice', jsonBytes(target)));

    expect(state.lists.recent?.entries.map((e) => e.recordKey)).toEqual(['r005', 'r004']);
    expect(state.lists.unpaid?.entries).toHaveLength(2);
    expect(state.lists.recent?.total).toBe(10);
  });

  it('then cuts the web summary: parts beyond the tracked number, then the least interesting parts, then searches, then exact sessions', () => {
    const state = emptyRecordSection('webActivity');
    const web = state.web;
    if (!web) throw new Error('no web aggregates');
    web.interest = {
      a: { views: 9, cartAdds: 0, lastAt: 't' },
      b: { views: 5, cartAdds: 0, lastAt: 't' },
      c: { views: 1, cartAdds: 0, lastAt: 't' },
    };
    web.recentSearches = [{ query: 'q'.repeat(40), at: 't', recordKey: 'w1' }];
    web.sessions = { abcdef01: 1 };
    const limits = { maxInterestParts: 2 };

    const onlyParts = structuredClone(state);
    trimRecordSection(onlyParts, 'webActivity', withBudget('webActivity', 100_000, limits));
    expect(Object.keys(onlyParts.web?.interest ?? {})).toEqual(['a', 'b']);
    expect(onlyParts.web?.interestTruncated).toBe(true);

    const noParts = structuredClone(onlyParts);
    if (noParts.web) noParts.web.interest = {};
    const partsGone = structuredClone(onlyParts);
    trimRecordSection(partsGone, 'webActivity', withBudget('webActivity', jsonBytes(noParts), limits));
    expect(partsGone.web?.interest).toEqual({});
    expect(partsGone.web?.recentSearches).toHaveLength(1);

    const noSearches = structuredClone(noParts);
    if (noSearches.web) noSearches.web.recentSearches = [];
    const searchesGone = structuredClone(onlyParts);
    trimRecordSection(searchesGone, 'webActivity', withBudget('webActivity', jsonBytes(noSearches), limits));
    expect(searchesGone.web?.recentSearches).toEqual([]);
    expect(searchesGone.web?.sessions).toEqual({ abcdef01: 1 });

    const tiny = structuredClone(onlyParts);
    trimRecordSection(tiny, 'webActivity', withBudget('webActivity', 10, limits));
    expect(tiny.web?.sessions).toBeUndefined();
    expect(tiny.web?.sessionsEstimated).toBe(true);
  });

  it('keeps the part being pruned down one by one in score order', () => {
    const state = emptyRecordSection('webActivity');
    if (!state.web) throw new Error('no web aggregates');
    state.web.interest = {
      a: { views: 9, cartAdds: 0, lastAt: 't' },
      b: { views: 5, cartAdds: 0, lastAt: 't' },
      c: { views: 1, cartAdds: 0, lastAt: 't' },
    };
    const target = structuredClone(state);
    if (target.web)
      target.web.interest = {
        a: { views: 9, cartAdds: 0, lastAt: 't' },
        b: { views: 5, cartAdds: 0, lastAt: 't' },
      };

    trimRecordSection(state, 'webActivity', withBudget('webActivity', jsonBytes(target)));

    expect(Object.keys(state.web.interest)).toEqual(['a', 'b']);
  });

  it('stops when nothing is left to cut', () => {
    const state = emptyRecordSection('order');

    trimRecordSection(state, 'order', withBudget('order', 1));

    expect(state).toEqual(emptyRecordSection('order'));
  });
});

describe('trimHead', () => {
  const fullHead = () => {
    const head = emptyHead();
    head.statusHistory = { total: 2, entries: [entry(2), entry(1)] };
    head.customerSources = { total: 2, entries: [entry(4), entry(3)] };
    head.identifiers = { 'ID#b': { v: 'b'.repeat(40) }, 'ID#a': { v: 'a'.repeat(40) } };
    head.conflicts = { 'C#2': { v: '2'.repeat(40) }, 'C#1': { v: '1'.repeat(40) } };
    head.insights = { v: 'i'.repeat(40) };
    return head;
  };

  it('leaves a head within its budget as it is', () => {
    const head = fullHead();

    trimHead(head, withBudget('head', jsonBytes(head)));

    expect(head).toEqual(fullHead());
  });

  it('drops status changes first, oldest first', () => {
    const head = fullHead();
    const target = fullHead();
    target.statusHistory.entries = [entry(2)];

    trimHead(head, withBudget('head', jsonBytes(target)));

    expect(head.statusHistory.entries.map((e) => e.recordKey)).toEqual(['r002']);
    expect(head.truncated).toEqual([]);
  });

  it('then customer sources down to one, then identifiers from the last sort key, naming the cut', () => {
    const head = fullHead();
    const target = fullHead();
    target.statusHistory.entries = [];
    target.customerSources.entries = [entry(4)];
    target.identifiers = { 'ID#a': { v: 'a'.repeat(40) } };
    target.truncated = ['identifiers'];

    trimHead(head, withBudget('head', jsonBytes(target)));

    expect(head).toEqual(target);
  });

  it('cuts identifiers, conflicts and insights in that order when nothing else fits, naming each once', () => {
    const head = fullHead();

    trimHead(head, withBudget('head', 1));

    expect(head.customerSources.entries).toHaveLength(1);
    expect(head.identifiers).toEqual({});
    expect(head.conflicts).toEqual({});
    expect(head).not.toHaveProperty('insights');
    expect(head.truncated).toEqual(['identifiers', 'conflicts', 'insights']);
  });

  it('drops conflicts from the first sort key and names what it cut once', () => {
    const head = fullHead();
    head.statusHistory.entries = [];
    head.customerSources.entries = [entry(4)];
    head.identifiers = {};
    head.truncated = ['identifiers'];
    const target = structuredClone(head);
    target.conflicts = { 'C#2': { v: '2'.repeat(40) } };
    target.truncated = ['identifiers', 'conflicts'];

    trimHead(head, withBudget('head', jsonBytes(target)));

    expect(Object.keys(head.conflicts)).toEqual(['C#2']);
    expect(head.truncated).toEqual(['identifiers', 'conflicts']);
  });

  it('stops when only one customer source is left', () => {
    const head = emptyHead();
    head.customerSources = { total: 3, entries: [entry(1)] };

    trimHead(head, withBudget('head', 1));

    expect(head.customerSources.entries).toHaveLength(1);
    expect(head.truncated).toEqual([]);
  });
});
