import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AffixIndex } from '../../../infra/local/eventbus/pattern/affix-index.ts';
import { propertyRuns } from '../../support/property-runs.ts';

const matchesOf = (index: AffixIndex<string>, text: string): string[] => {
  const found: string[] = [];
  index.forEachMatch(text, (value) => found.push(value));
  return found.sort();
};

const indexOf = (end: 'prefix' | 'suffix', affixes: readonly string[]): AffixIndex<string> => {
  const index = new AffixIndex<string>(end);
  for (const affix of affixes) index.add(affix, `entry:${affix}`);
  return index;
};

describe('the affix index', () => {
  it('finds every prefix a text starts with, across shared runs and branches inside them', () => {
    const index = indexOf('prefix', ['user1@', 'user12@', 'user2', 'us', 'x']);

    expect(matchesOf(index, 'user12@mail')).toEqual(['entry:us', 'entry:user12@']);
    expect(matchesOf(index, 'user1@mail')).toEqual(['entry:us', 'entry:user1@']);
    expect(matchesOf(index, 'user2')).toEqual(['entry:us', 'entry:user2']);
    expect(matchesOf(index, 'use')).toEqual(['entry:us']);
    expect(matchesOf(index, 'user3@mail')).toEqual(['entry:us']);
    expect(matchesOf(index, 'u')).toEqual([]);
  });

  it('finds every suffix a text ends with, reading from the end', () => {
    const index = indexOf('suffix', ['@domain1.com', '@domain12.com', '.com', 'm', '.org']);

    expect(matchesOf(index, 'a@domain12.com')).toEqual(['entry:.com', 'entry:@domain12.com', 'entry:m']);
    expect(matchesOf(index, 'a@domain2.com')).toEqual(['entry:.com', 'entry:m']);
    expect(matchesOf(index, 'com')).toEqual(['entry:m']);
    expect(matchesOf(index, 'x.org')).toEqual(['entry:.org']);
    expect(matchesOf(index, 'x.net')).toEqual([]);
  });

  it('matches an empty affix against every text, the empty text included', () => {
    const index = indexOf('prefix', ['', 'a']);

    expect(matchesOf(index, '')).toEqual(['entry:']);
    expect(matchesOf(index, 'ab')).toEqual(['entry:', 'entry:a']);
  });

  it('keeps every entry added under the same affix and counts distinct affixes', () => {
    const index = new AffixIndex<number>('suffix');
    index.add('.png', 1);
    index.add('.png', 2);
    index.add('.jpg', 3);

    const found: number[] = [];
    index.forEachMatch('a.png', (value) => found.push(value));

    expect(found).toEqual([1, 2]);
    expect(index.size).toBe(2);
  });

  it('sees affixes added after a lookup', () => {
    const index = indexOf('prefix', ['ab']);
    expect(matchesOf(index, 'abc')).toEqual(['entry:ab']);

    index.add('abc', 'entry:abc');

    expect(matchesOf(index, 'abc')).toEqual(['entry:ab', 'entry:abc']);
  });

  it('compares UTF-16 code units, so a suffix can end inside a surrogate pair only as a whole', () => {
    const index = indexOf('suffix', ['😀', 'a😀']);

    expect(matchesOf(index, 'xa😀')).toEqual(['entry:a😀', 'entry:😀']);
    expect(matchesOf(index, '😁')).toEqual([]);
  });

  it('finds exactly the affixes startsWith / endsWith accept, for random affixes and texts', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '😀'), maxLength: 6 });
    fc.assert(
      fc.property(
        fc.constantFrom('prefix' as const, 'suffix' as const),
        fc.uniqueArray(text, { maxLength: 8 }),
        fc.array(text, { minLength: 1, maxLength: 5 }),
        (end, affixes, texts) => {
          const index = indexOf(end, affixes);

          for (const candidate of texts) {
            const expected = affixes
              .filter((affix) => (end === 'prefix' ? candidate.startsWith(affix) : candidate.endsWith(affix)))
              .map((affix) => `entry:${affix}`)
              .sort();
            expect(matchesOf(index, candidate)).toEqual(expected);
          }
        },
      ),
      { numRuns: propertyRuns(300) },
    );
  });
});
