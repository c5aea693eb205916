import { describe, expect, it } from 'vitest';
import type {
  CompiledObject,
  CompiledPattern,
} from '../../../infra/local/eventbus/pattern/compiled-pattern.ts';
import { disjunctsOf, MAX_DISJUNCTS } from '../../../infra/local/eventbus/pattern/disjuncts.ts';
import { compileEventPattern } from '../../../infra/local/eventbus/pattern/index.ts';

/** `$or` branches on one key with `count` different values. */
const branches = (key: string, count: number) =>
  Array.from({ length: count }, (_, i) => ({ [key]: [`v${i}`] }));

/** The one `$or` group of a compiled `{ $or: branches(key, count) }`. */
const orGroup = (key: string, count: number): readonly CompiledObject[] => {
  const group = compileEventPattern({ $or: branches(key, count) }).root.anyOf[0];
  if (group === undefined) throw new Error('expected a $or group');
  return group;
};

describe('disjunctsOf past MAX_DISJUNCTS', () => {
  it('gives up when the fields overflow before the last field', () => {
    const pattern = { d1: { $or: branches('a', 17) }, d2: { $or: branches('b', 16) }, last: ['x'] };
    expect(17 * 16).toBeGreaterThan(MAX_DISJUNCTS);

    expect(disjunctsOf(compileEventPattern(pattern))).toBeUndefined();
  });

  it('gives up when an object with several $or groups overflows before its last group', () => {
    // JSON gives an object one `$or` key, but a compiled object may carry several groups.
    const root: CompiledObject = { fields: [], anyOf: [orGroup('a', 17), orGroup('b', 16), orGroup('c', 2)] };
    const pattern: CompiledPattern = { root, source: {} };

    expect(disjunctsOf(pattern)).toBeUndefined();
  });

  it('multiplies several $or groups of a compiled object while they fit', () => {
    const root: CompiledObject = { fields: [], anyOf: [orGroup('a', 2), orGroup('b', 3)] };

    expect(disjunctsOf({ root, source: {} })).toHaveLength(6);
  });
});
