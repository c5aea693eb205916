import { describe, expect, it } from 'vitest';
import { parseWildcard } from '../../../infra/local/eventbus/pattern/wildcard.ts';

/** The parse of a value that must be a valid wildcard. */
const parsed = (value: string) => {
  const result = parseWildcard(value);
  if (!result.ok) throw new Error(result.reason);
  return result;
};

describe('parseWildcard', () => {
  it('keeps the literal text before the first and after the last wildcard', () => {
    expect(parsed('img-*-v*.png')).toMatchObject({ prefix: 'img-', suffix: '.png' });
    expect(parsed('*.png')).toMatchObject({ prefix: '', suffix: '.png' });
    expect(parsed('img-*')).toMatchObject({ prefix: 'img-', suffix: '' });
    expect(parsed('*')).toMatchObject({ prefix: '', suffix: '' });
  });

  it('takes the whole value as the prefix when it has no wildcard', () => {
    expect(parsed('plain')).toMatchObject({ prefix: 'plain', suffix: '' });
    expect(parsed('')).toMatchObject({ prefix: '', suffix: '' });
  });

  it('matches the whole text, a wildcard standing for any run of characters, line breaks too', () => {
    const { regex } = parsed('a*b*c');

    expect(regex.test('abc')).toBe(true);
    expect(regex.test('a-x-b\ny-c')).toBe(true);
    expect(regex.test('xabc')).toBe(false);
    expect(regex.test('abcx')).toBe(false);
    expect(regex.test('acb')).toBe(false);
  });

  it('treats regex characters in the value as literal text', () => {
    const { regex } = parsed('a.b+(c)?[d]{2}|^$*');

    expect(regex.test('a.b+(c)?[d]{2}|^$')).toBe(true);
    expect(regex.test('a.b+(c)?[d]{2}|^$ and more')).toBe(true);
    expect(regex.test('axb+(c)?[d]{2}|^$')).toBe(false);
  });

  it('reads \\* as a literal asterisk and \\\\ as a literal backslash, in the regex and the affixes', () => {
    const star = parsed('\\**');
    const backslash = parsed('*\\\\');

    expect(star.prefix).toBe('*');
    expect(star.regex.test('*x')).toBe(true);
    expect(star.regex.test('x*')).toBe(false);
    expect(backslash.suffix).toBe('\\');
    expect(backslash.regex.test('dir\\')).toBe(true);
    expect(backslash.regex.test('dir')).toBe(false);
  });

  it('matches characters outside the basic plane as one character', () => {
    const { regex } = parsed('😀*');

    expect(regex.test('😀 smile')).toBe(true);
    expect(regex.test('😁')).toBe(false);
  });

  it('refuses consecutive wildcards, naming the UTF-8 byte position from the opening quote', () => {
    expect(parseWildcard('a**')).toEqual({ ok: false, reason: 'Consecutive wildcard characters at pos 2' });
    expect(parseWildcard('**')).toEqual({ ok: false, reason: 'Consecutive wildcard characters at pos 1' });
    expect(parseWildcard('é**')).toEqual({ ok: false, reason: 'Consecutive wildcard characters at pos 3' });
    expect(parseWildcard('*a**')).toEqual({ ok: false, reason: 'Consecutive wildcard characters at pos 3' });
  });

  it('refuses any escape other than \\* and \\\\, naming its byte position', () => {
    expect(parseWildcard('a\\b')).toEqual({ ok: false, reason: 'Invalid escape character at pos 2' });
    expect(parseWildcard('\\')).toEqual({ ok: false, reason: 'Invalid escape character at pos 1' });
    expect(parseWildcard('€\\n')).toEqual({ ok: false, reason: 'Invalid escape character at pos 4' });
  });
});
