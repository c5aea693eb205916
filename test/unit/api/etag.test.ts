import { describe, expect, it } from 'vitest';
import { entityTagOf, matchesIfNoneMatch } from '../../../app/api/http/etag.ts';

describe('entity tags', () => {
  it('is a quoted strong tag that changes with the body and only with it', () => {
    const a = entityTagOf('{"name":"Anna"}');

    expect(a).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(entityTagOf('{"name":"Anna"}')).toBe(a);
    expect(entityTagOf('{"name":"Anne"}')).not.toBe(a);
  });

  it('evaluates If-None-Match with weak comparison, lists and *', () => {
    const tag = entityTagOf('body');

    expect(matchesIfNoneMatch(undefined, tag)).toBe(false);
    expect(matchesIfNoneMatch(tag, tag)).toBe(true);
    expect(matchesIfNoneMatch(`W/${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch(`"other", ${tag}`, tag)).toBe(true);
    expect(matchesIfNoneMatch('*', tag)).toBe(true);
    expect(matchesIfNoneMatch('"other"', tag)).toBe(false);
    expect(matchesIfNoneMatch(tag.slice(1, -1), tag)).toBe(false);
  });
});
