import { describe, expect, it } from 'vitest';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import {
  addWebEvent,
  emptyWebAggregates,
  removeWebEvent,
} from '../../../core/customer-360/view/web-aggregates.ts';

// Survivors of the mutation run over the web summary (issue 17): fields that are not text, searches at
// the same instant, a search without a part, and what taking one kind of event out leaves of the other.

const limits = DEFAULT_VIEW_LIMITS;
const search = (query: string, timestamp: string) => ({ timestamp, interest: { kind: 'search', query } });

describe('addWebEvent: fields that are not what they should be', () => {
  it('counts no session for a session id that is not text', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(web, { timestamp: '2026-01-01', sessionId: 42 }, 'w1', limits);

    // assert
    expect(web.sessions).toEqual({});
    expect(web.sessionSketch).toBe(emptyWebAggregates().sessionSketch);
  });

  it('reads no interest from an interest that is null or text', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(web, { timestamp: '2026-01-01', interest: null }, 'w1', limits);
    addWebEvent(web, { timestamp: '2026-01-02', interest: 'P-1' }, 'w2', limits);

    // assert
    expect(web.interest).toEqual({});
    expect(web.recentSearches).toEqual([]);
  });

  it('counts a search as no product interest', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(web, search('pump', '2026-01-01'), 'w1', limits);

    // assert
    expect(web.interest).toEqual({});
    expect(web.recentSearches).toEqual([{ query: 'pump', at: '2026-01-01', recordKey: 'w1' }]);
  });

  it('keeps no search for a product view', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(
      web,
      { timestamp: '2026-01-01', interest: { kind: 'productView', partNumber: 'P-1' } },
      'w1',
      limits,
    );

    // assert
    expect(web.recentSearches).toEqual([]);
  });
});

describe('addWebEvent: searches', () => {
  it('keeps searches made at the same instant in the order they arrived', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(web, search('first', '2026-01-01'), 'w1', limits);
    addWebEvent(web, search('second', '2026-01-01'), 'w2', limits);
    addWebEvent(web, search('third', '2026-01-01'), 'w3', limits);

    // assert
    expect(web.recentSearches.map((s) => s.query)).toEqual(['first', 'second', 'third']);
  });

  it('keeps as many searches as there are while fewer than the limit', () => {
    // prepare
    const web = emptyWebAggregates();

    // act
    addWebEvent(web, search('pump', '2026-01-01'), 'w1', limits);

    // assert
    expect(web.recentSearches).toHaveLength(1);
  });
});

describe('removeWebEvent: one kind of event out', () => {
  it('takes a product view out without touching the part’s cart adds, and a cart add without its views', () => {
    // prepare
    const web = emptyWebAggregates();
    const view = { timestamp: '2026-01-02', interest: { kind: 'productView', partNumber: 'P-1' } };
    const cartAdd = { timestamp: '2026-01-03', interest: { kind: 'cartAdd', partNumber: 'P-1' } };
    addWebEvent(web, view, 'w1', limits);
    addWebEvent(web, cartAdd, 'w2', limits);
    addWebEvent(web, { ...view, timestamp: '2026-01-04' }, 'w3', limits);

    // act
    removeWebEvent(web, view, 'w1');
    const afterView = { ...web.interest['P-1'] };
    removeWebEvent(web, cartAdd, 'w2');

    // assert
    expect(afterView).toMatchObject({ views: 1, cartAdds: 1 });
    expect(web.interest['P-1']).toMatchObject({ views: 1, cartAdds: 0 });
  });

  it('takes only the search of the event out', () => {
    // prepare
    const web = emptyWebAggregates();
    addWebEvent(web, search('pump', '2026-01-01'), 'w1', limits);
    addWebEvent(web, search('valve', '2026-01-02'), 'w2', limits);

    // act
    removeWebEvent(web, search('pump', '2026-01-01'), 'w1');

    // assert
    expect(web.recentSearches.map((s) => s.recordKey)).toEqual(['w2']);
  });
});
