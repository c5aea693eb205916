import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { emptyViewState } from '../../../core/customer-360/view/project-changes.ts';
import {
  HEAD_AND_VIEW_PREFIX,
  sectionItem,
  VIEW_ITEM_KIND,
  VIEW_SORT_PREFIX,
  viewFromItems,
  viewSectionSort,
  viewStanding,
} from '../../../core/customer-360/view/view-items.ts';
import { VIEW_SECTIONS } from '../../../core/customer-360/view/view-state.ts';
import type { Item } from '../../../core/items/record-items.ts';

const allSections = (customerId: string) => {
  const state = emptyViewState(customerId);
  for (const section of VIEW_SECTIONS) state.meta[section] = { version: 2, projectedAt: 'p' };
  return VIEW_SECTIONS.map((s) => sectionItem(state, s, 3));
};

describe('view section items', () => {
  it('sort right after the profile head under one prefix', () => {
    expect(VIEW_SORT_PREFIX).toBe('PROFILE#VIEW#');
    expect(HEAD_AND_VIEW_PREFIX).toBe('PROFILE');
    expect(viewSectionSort('order')).toBe('PROFILE#VIEW#order');
  });

  it('store a section’s state with its version, position, fence and projection time', () => {
    const state = emptyViewState('c1');
    state.meta.order = { version: 1, projectedAt: 'p', appliedThrough: '42', fence: { from: 1, to: 2 } };

    const { state: stored, ...item } = sectionItem(state, 'order', 2);
    const decoded = (value: unknown) => JSON.parse(gunzipSync(value as Uint8Array).toString('utf8'));

    expect(item).toEqual({
      pk: 'CUST#c1',
      sk: 'PROFILE#VIEW#order',
      kind: VIEW_ITEM_KIND,
      customerId: 'c1',
      section: 'order',
      version: 2,
      projectedAt: 'p',
      appliedThrough: '42',
      fence: { from: 1, to: 2 },
    });
    expect(stored).toBeInstanceOf(Uint8Array);
    expect(decoded(stored)).toEqual(state.records.order);
    expect(decoded(sectionItem(state, 'head', 1).state)).toEqual(state.head);
    expect(sectionItem(state, 'head', 1)).toMatchObject({ projectedAt: '' });
    expect(sectionItem(state, 'head', 1)).not.toHaveProperty('appliedThrough');
    expect(sectionItem(state, 'head', 1)).not.toHaveProperty('fence');
  });

  it('read back into the same view, complete only with every section, ignoring other items', () => {
    const items = allSections('c1');
    const other: Item = { pk: 'CUST#c1', sk: 'PROFILE', kind: 'profile' };

    const full = viewFromItems('c1', [other, ...items]);
    const part = viewFromItems('c1', items.slice(1));

    expect(full?.complete).toBe(true);
    expect(full?.state.meta.order).toEqual({ version: 3, projectedAt: 'p' });
    expect(part?.complete).toBe(false);
    expect(viewFromItems('c1', [other])).toBeUndefined();
  });

  it('read a section written before its state was JSON text, as a map, into the same view', () => {
    // prepare
    const state = emptyViewState('c1');
    state.records.order.count = 7;
    const items = allSections('c1').map((item) =>
      item.section === 'order' ? { ...item, state: state.records.order } : item,
    );

    // act
    const read = viewFromItems('c1', items);

    // assert
    expect(read?.complete).toBe(true);
    expect(read?.state.records.order.count).toBe(7);
    expect(read?.state.records.order).toEqual(state.records.order);
  });

  it('fail naming the item when a section’s state is binary but not gzip-compressed JSON', () => {
    const [head] = allSections('c1');
    const truncated = gzipSync('{"count":');

    expect(() => viewFromItems('c1', [{ ...(head as Item), state: new Uint8Array([1, 2, 3]) }])).toThrow(
      /^Corrupt view section CUST#c1 \/ PROFILE#VIEW#head: state: not gzip-compressed JSON \(/,
    );
    expect(() => viewFromItems('c1', [{ ...(head as Item), state: truncated }])).toThrow(
      /: state: not gzip-compressed JSON \(/,
    );
  });

  it('fail naming the item and the field when a section does not parse', () => {
    const [head] = allSections('c1');

    expect(() => viewFromItems('c1', [{ ...(head as Item), section: 'nope' }])).toThrow(
      /^Corrupt view section CUST#c1 \/ PROFILE#VIEW#head: section: /,
    );
  });

  it('fail naming every field that does not parse, nested ones by their dotted path', () => {
    // prepare
    const [head] = allSections('c1') as Item[];
    const corrupt = {
      ...head,
      version: 'x',
      fence: { from: 'a', to: 1 },
    };

    // act
    const read = () => viewFromItems('c1', [corrupt as Item]);

    // assert
    expect(read).toThrow(/: version: [^;]+; fence\.from: /);
  });
});

describe('viewStanding', () => {
  const view = (basis?: { rev: number; writes: number; status: string }, complete = true) => {
    const state = emptyViewState('c1');
    if (basis) state.head.basis = basis;
    return { state, complete };
  };
  const profile = (rev?: unknown, writes?: unknown): Item => ({
    pk: 'CUST#c1',
    sk: 'PROFILE',
    kind: 'profile',
    rev,
    writes,
  });
  const active = (rev: number, writes: number) => view({ rev, writes, status: 'active' });

  it('is current for a complete view built on the profile’s current counters', () => {
    expect(viewStanding(profile(2, 5), active(2, 5))).toBe('current');
    expect(viewStanding(profile(undefined, undefined), active(0, 0))).toBe('current');
  });

  it('is behind on writes when only records were written after it, on the same customer', () => {
    expect(viewStanding(profile(2, 6), active(2, 5))).toBe('behindOnWrites');
    expect(viewStanding(profile(2, undefined), active(2, 5))).toBe('behindOnWrites');
  });

  it('is unusable when incomplete, without a basis, inactive, or built before a restructuring or erasure', () => {
    expect(viewStanding(profile(2, 5), view({ rev: 2, writes: 5, status: 'active' }, false))).toBe(
      'unusable',
    );
    expect(viewStanding(profile(2, 6), view({ rev: 2, writes: 5, status: 'active' }, false))).toBe(
      'unusable',
    );
    expect(viewStanding(profile(2, 5), view())).toBe('unusable');
    expect(viewStanding(profile(2, 5), view({ rev: 2, writes: 5, status: 'merged' }))).toBe('unusable');
    expect(viewStanding(profile(3, 5), active(2, 5))).toBe('unusable');
    expect(viewStanding(profile(3, 6), active(2, 5))).toBe('unusable');
    expect(viewStanding(profile(undefined, 5), active(2, 5))).toBe('unusable');
    expect(viewStanding(profile('2', '5'), active(2, 5))).toBe('unusable');
  });
});
