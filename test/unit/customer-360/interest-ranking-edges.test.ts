import { describe, expect, it } from 'vitest';
import { emptyWebAggregates, pruneInterest } from '../../../core/customer-360/view/web-aggregates.ts';

// Ties in the interest ranking (issue 17): parts equally interesting are kept most recent first, and parts
// equal in both keep the order they were first seen in.

const part = (views: number, lastAt: string) => ({ views, cartAdds: 0, lastAt });

describe('pruneInterest ties', () => {
  it('keeps the most recently seen of equally interesting parts, wherever it was first seen', () => {
    // prepare: the most recent part was seen first
    const web = emptyWebAggregates();
    web.interest = {
      'P-A': part(1, '2026-01-03T00:00:00Z'),
      'P-B': part(1, '2026-01-01T00:00:00Z'),
      'P-C': part(1, '2026-01-02T00:00:00Z'),
    };

    // act
    pruneInterest(web, 2);

    // assert
    expect(Object.keys(web.interest)).toEqual(['P-A', 'P-C']);
  });

  it('keeps the part seen first of parts equal in interest and time', () => {
    // prepare
    const web = emptyWebAggregates();
    web.interest = {
      'P-A': part(1, '2026-01-01T00:00:00Z'),
      'P-B': part(1, '2026-01-01T00:00:00Z'),
      'P-C': part(1, '2026-01-01T00:00:00Z'),
    };

    // act
    pruneInterest(web, 2);

    // assert
    expect(Object.keys(web.interest)).toEqual(['P-A', 'P-B']);
    expect(web.interestTruncated).toBe(true);
  });
});
