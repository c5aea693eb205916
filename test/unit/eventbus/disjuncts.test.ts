import { describe, expect, it } from 'vitest';
import {
  type Disjunct,
  disjunctsOf,
  MAX_DISJUNCTS,
} from '../../../infra/local/eventbus/pattern/disjuncts.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

/** Each way as `path=value|value` texts, so the expansion reads at a glance. */
const readable = (ways: readonly Disjunct[] | undefined): string[][] | undefined =>
  ways?.map((way) =>
    way.map(
      ({ path, matchers }) =>
        `${path.join('.')}=${matchers.map((m) => (m.kind === 'exact' ? String(m.value) : m.kind)).join('|')}`,
    ),
  );

const waysOf = (pattern: Record<string, unknown>) => readable(disjunctsOf(compileEventPattern(pattern)));

/** `$or` branches on one key with `count` different values. */
const branches = (key: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ [key]: [`v${i}`] }));

describe('disjunctsOf', () => {
  it('gives a pattern without $or as one way with every field at its path from the root', () => {
    expect(waysOf({ source: ['a', 'b'], detail: { state: ['x'], n: [{ numeric: ['>', 1] }] } })).toEqual([
      ['source=a|b', 'detail.state=x', 'detail.n=numeric'],
    ]);
  });

  it('multiplies a $or group with the fields beside it', () => {
    expect(waysOf({ source: ['s'], $or: [{ a: ['1'] }, { b: ['2'] }] })).toEqual([
      ['source=s', 'a=1'],
      ['source=s', 'b=2'],
    ]);
  });

  it('multiplies two $or groups, one nested in a field, with each other', () => {
    expect(
      waysOf({ detail: { $or: [{ a: ['1'] }, { a: ['2'] }] }, $or: [{ b: ['3'] }, { c: ['4'] }] }),
    ).toEqual([
      ['detail.a=1', 'b=3'],
      ['detail.a=1', 'c=4'],
      ['detail.a=2', 'b=3'],
      ['detail.a=2', 'c=4'],
    ]);
  });

  it('expands a $or inside a $or branch into ways of its own', () => {
    expect(waysOf({ $or: [{ a: ['1'] }, { b: ['2'], $or: [{ c: ['3'] }, { d: ['4'] }] }] })).toEqual([
      ['a=1'],
      ['b=2', 'c=3'],
      ['b=2', 'd=4'],
    ]);
  });

  it('expands exactly MAX_DISJUNCTS ways and gives up beyond them', () => {
    const exactly = disjunctsOf(
      compileEventPattern({ $or: branches('a', 16), detail: { $or: branches('b', 16) } }),
    );
    const beyond = disjunctsOf(
      compileEventPattern({ $or: branches('a', 16), detail: { $or: branches('b', 17) } }),
    );

    expect(exactly).toHaveLength(MAX_DISJUNCTS);
    expect(beyond).toBeUndefined();
  });

  it('gives up when a nested object alone has too many ways', () => {
    const pattern = { source: ['s'], detail: { $or: branches('a', 17), inner: { $or: branches('b', 16) } } };

    expect(disjunctsOf(compileEventPattern(pattern))).toBeUndefined();
  });

  it('gives up when a $or branch alone has too many ways', () => {
    const pattern = { $or: [{ x: ['1'] }, { $or: branches('a', 17), detail: { $or: branches('b', 16) } }] };

    expect(disjunctsOf(compileEventPattern(pattern))).toBeUndefined();
  });

  it('counts the ways of every branch of a $or together', () => {
    const wide = { $or: branches('a', 16), detail: { $or: branches('b', 16) } };
    const fits = { $or: [{ $or: branches('a', 255) }, { x: ['1'] }] };

    expect(disjunctsOf(compileEventPattern({ $or: [wide, { x: ['1'] }] }))).toBeUndefined();
    expect(disjunctsOf(compileEventPattern(fits))).toHaveLength(MAX_DISJUNCTS);
  });
});
