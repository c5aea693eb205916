import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../../../connectors/kit/incremental/timestamp-window.ts';

// Keys whose fields mix numbers and text (a source that sends one key field as a number in some rows and
// as text in others): ordered by their text, and the order stays total when the text is the same.

describe('compareKeys with numbers and text in one field', () => {
  it('orders a number and a text by their text, by code unit', () => {
    expect(compareKeys([5], ['a'])).toBe(-1);
    expect(compareKeys(['a'], [5])).toBe(1);
    expect(compareKeys(['10'], [9])).toBe(-1);
    expect(compareKeys([9], ['10'])).toBe(1);
  });

  it('puts a number before the same digits as text, whichever is asked first', () => {
    expect(compareKeys([5], ['5'])).toBe(-1);
    expect(compareKeys(['5'], [5])).toBe(1);
    expect(compareKeys(['HH1', 5], ['HH1', '5'])).toBe(-1);
  });
});
