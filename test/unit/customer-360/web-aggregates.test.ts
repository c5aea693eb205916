import { describe, expect, it } from 'vitest';
import { sessionHash } from '../../../core/customer-360/view/session-count.ts';
import { DEFAULT_VIEW_LIMITS } from '../../../core/customer-360/view/view-limits.ts';
import {
  addWebEvent,
  emptyWebAggregates,
  pruneInterest,
  removeWebEvent,
} from '../../../core/customer-360/view/web-aggregates.ts';

const limits = DEFAULT_VIEW_LIMITS;
const view = (partNumber: string, timestamp: string, kind = 'productView') => ({
  timestamp,
  interest: { kind, partNumber },
});

describe('addWebEvent', () => {
  it('keeps the first and last time seen', () => {
    const web = emptyWebAggregates();

    addWebEvent(web, { timestamp: '2026-01-02' }, 'w1', limits);
    addWebEvent(web, { timestamp: '2026-01-03' }, 'w2', limits);
    addWebEvent(web, { timestamp: '2026-01-01' }, 'w3', limits);
    addWebEvent(web, { timestamp: '2026-01-02' }, 'w4', limits);

    expect([web.firstSeenAt, web.lastSeenAt]).toEqual(['2026-01-01', '2026-01-03']);
  });

  it('counts events per session hash and feeds the sketch; events without a session count for none', () => {
    const web = emptyWebAggregates();

    addWebEvent(web, { timestamp: 't', sessionId: 's1' }, 'w1', limits);
    addWebEvent(web, { timestamp: 't', sessionId: 's1' }, 'w2', limits);
    addWebEvent(web, { timestamp: 't', sessionId: 's2' }, 'w3', limits);
    addWebEvent(web, { timestamp: 't' }, 'w4', limits);
    addWebEvent(web, { timestamp: 't', sessionId: '' }, 'w5', limits);

    expect(web.sessions).toEqual({ [sessionHash('s1')]: 2, [sessionHash('s2')]: 1 });
    expect([...web.sessionSketch].filter((c) => c !== '0').length).toBeGreaterThan(0);
  });

  it('switches to the estimate when one more session than tracked arrives, not before', () => {
    const web = emptyWebAggregates();
    const few = { ...limits, maxTrackedSessions: 2 };

    addWebEvent(web, { timestamp: 't', sessionId: 's1' }, 'w1', few);
    addWebEvent(web, { timestamp: 't', sessionId: 's2' }, 'w2', few);
    addWebEvent(web, { timestamp: 't', sessionId: 's2' }, 'w3', few);
    expect(web.sessionsEstimated).toBe(false);
    expect(Object.keys(web.sessions ?? {})).toHaveLength(2);

    addWebEvent(web, { timestamp: 't', sessionId: 's3' }, 'w4', few);
    expect(web.sessions).toBeUndefined();
    expect(web.sessionsEstimated).toBe(true);
  });

  it('counts product views and cart adds per part, and the latest time per part', () => {
    const web = emptyWebAggregates();

    addWebEvent(web, view('P-1', '2026-01-02'), 'w1', limits);
    addWebEvent(web, view('P-1', '2026-01-01', 'cartAdd'), 'w2', limits);
    addWebEvent(web, view('P-1', '2026-01-03'), 'w3', limits);
    addWebEvent(web, view('P-2', '2026-01-01', 'search'), 'w4', limits);

    expect(web.interest).toEqual({
      'P-1': { views: 2, cartAdds: 1, lastAt: '2026-01-03' },
      'P-2': { views: 0, cartAdds: 0, lastAt: '2026-01-01' },
    });
  });

  it('lets the parts grow to twice the tracked number, then keeps the most interesting ones and the new one', () => {
    const web = emptyWebAggregates();
    const two = { ...limits, maxInterestParts: 2 };
    for (const [n, part] of ['A', 'B', 'C', 'D'].entries())
      addWebEvent(web, view(part, `2026-01-0${n + 1}`), `w${n}`, two);
    addWebEvent(web, view('A', '2026-01-05', 'cartAdd'), 'wa', two);
    expect(Object.keys(web.interest)).toHaveLength(4);
    expect(web.interestTruncated).toBe(false);

    addWebEvent(web, view('E', '2026-01-06'), 'we', two);

    // A scores 4 (a cart add counts three views); D is the most recent of the 1-view parts; E is the new one.
    expect(Object.keys(web.interest).sort()).toEqual(['A', 'D', 'E']);
    expect(web.interestTruncated).toBe(true);
  });

  it('keeps the newest searches, newest first, up to the limit, and none when the limit is zero', () => {
    const web = emptyWebAggregates();
    const two = { ...limits, recentSearches: 2 };
    const search = (query: string, timestamp: string) => ({ timestamp, interest: { kind: 'search', query } });

    addWebEvent(web, search('pump', '2026-01-02'), 'w1', two);
    addWebEvent(web, search('valve', '2026-01-03'), 'w2', two);
    addWebEvent(web, search('seal', '2026-01-01'), 'w3', two);
    addWebEvent(web, { timestamp: '2026-01-04', interest: { kind: 'search' } }, 'w4', two);

    expect(web.recentSearches).toEqual([
      { query: 'valve', at: '2026-01-03', recordKey: 'w2' },
      { query: 'pump', at: '2026-01-02', recordKey: 'w1' },
    ]);
    const none = emptyWebAggregates();
    addWebEvent(none, search('pump', '2026-01-02'), 'w1', { ...limits, recentSearches: 0 });
    expect(none.recentSearches).toEqual([]);
  });
});

describe('pruneInterest', () => {
  it('ranks by score, then by the most recent, and says the list is cut', () => {
    const web = emptyWebAggregates();
    web.interest = {
      old: { views: 2, cartAdds: 0, lastAt: '2026-01-01' },
      recent: { views: 2, cartAdds: 0, lastAt: '2026-01-05' },
      cart: { views: 0, cartAdds: 1, lastAt: '2026-01-01' },
      low: { views: 1, cartAdds: 0, lastAt: '2026-01-09' },
    };

    pruneInterest(web, 2);

    expect(Object.keys(web.interest)).toEqual(['cart', 'recent']);
    expect(web.interestTruncated).toBe(true);
  });

  it('keeps the part being counted even when it does not rank, and nothing unknown', () => {
    const web = emptyWebAggregates();
    web.interest = {
      a: { views: 5, cartAdds: 0, lastAt: 't' },
      b: { views: 1, cartAdds: 0, lastAt: 't' },
    };

    pruneInterest(web, 1, 'b');
    expect(Object.keys(web.interest)).toEqual(['a', 'b']);

    pruneInterest(web, 1, 'unknown');
    expect(Object.keys(web.interest)).toEqual(['a']);
  });
});

describe('removeWebEvent', () => {
  it('takes the event out of its session, part and searches and says whether it was the first or last', () => {
    const web = emptyWebAggregates();
    addWebEvent(web, { sessionId: 's1', ...view('P', '2026-01-01') }, 'w1', limits);
    addWebEvent(web, { sessionId: 's1', ...view('P', '2026-01-02', 'cartAdd') }, 'w2', limits);
    addWebEvent(
      web,
      { timestamp: '2026-01-03', sessionId: 's2', interest: { kind: 'search', query: 'q' } },
      'w3',
      limits,
    );
    addWebEvent(web, { timestamp: '2026-01-04', sessionId: 's2' }, 'w4', limits);

    const middle = removeWebEvent(web, { sessionId: 's1', ...view('P', '2026-01-02', 'cartAdd') }, 'w2');
    const search = removeWebEvent(
      web,
      { timestamp: '2026-01-03', sessionId: 's2', interest: { kind: 'search', query: 'q' } },
      'w3',
    );

    expect([middle, search]).toEqual([false, false]);
    expect(web.sessions).toEqual({ [sessionHash('s1')]: 1, [sessionHash('s2')]: 1 });
    expect(web.interest.P).toEqual({ views: 1, cartAdds: 0, lastAt: '2026-01-02' });
    expect(web.recentSearches).toEqual([]);

    expect(removeWebEvent(web, { timestamp: '2026-01-04', sessionId: 's2' }, 'w4')).toBe(true);
    expect(web.sessions).toEqual({ [sessionHash('s1')]: 1 });
    expect(removeWebEvent(web, { sessionId: 's1', ...view('P', '2026-01-01') }, 'w1')).toBe(true);
    expect(web.sessions).toEqual({});
    expect(web.interest.P).toEqual({ views: 0, cartAdds: 0, lastAt: '2026-01-02' });
  });

  it('never counts below zero and leaves estimated sessions and untracked parts alone', () => {
    const web = emptyWebAggregates();
    web.interest = { P: { views: 0, cartAdds: 0, lastAt: 't' } };
    delete web.sessions;

    removeWebEvent(web, { sessionId: 's1', ...view('P', 'x', 'cartAdd') }, 'w1');
    removeWebEvent(web, { ...view('P', 'x') }, 'w2');
    removeWebEvent(web, { ...view('Q', 'x') }, 'w3');

    expect(web.interest).toEqual({ P: { views: 0, cartAdds: 0, lastAt: 't' } });
    expect(web.sessions).toBeUndefined();
  });
});
