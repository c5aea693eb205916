import { readPath } from '../mapping/field-path.ts';
import type { RawPage, SourceStream } from './source-stream.ts';

/** How flat rows become parent records: the group field and the field the rows are collected under. */
export interface GroupingSpec {
  readonly by: string;
  readonly into: string;
  /**
   * Every row of the given groups, in source order (oldest change first), so a parent is rebuilt from all
   * its rows even when only one of them changed. Without it, groups are built from the page's rows alone.
   */
  readonly rowsOf?: (groups: readonly string[], signal?: AbortSignal) => AsyncIterable<readonly unknown[]>;
}

const groupValue = (raw: unknown, by: string): string | undefined => {
  const value = readPath(raw, by);
  return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
};

/**
 * Groups rows by `by` into parent records: the newest row's fields plus every row under `into`.
 * Rows without a group value pass through unchanged (they are quarantined for their missing key).
 */
export const groupRows = (rows: readonly unknown[], spec: Pick<GroupingSpec, 'by' | 'into'>): unknown[] => {
  const groups = new Map<string, unknown[]>();
  const out: unknown[] = [];
  for (const row of rows) {
    const key = groupValue(row, spec.by);
    if (key === undefined) {
      out.push(row);
      continue;
    }
    const members = groups.get(key);
    if (members) members.push(row);
    else groups.set(key, [row]);
  }
  for (const members of groups.values()) {
    const newest = members.at(-1);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a row joins a group only through a readable group value, which readPath finds only inside an object or array (a group path names a field: `by` is at least one character), so the newest row is always one; the check narrows the type.
    if (typeof newest !== 'object' || newest === null) continue;
    out.push({ ...newest, [spec.into]: members });
  }
  return out;
};

/**
 * A stream of flat rows read as parent records: each page's rows are replaced by the complete groups they
 * belong to, so the checkpoint still follows the row stream while the store receives whole parents.
 */
// Stryker disable next-line ArrowFunction: a static mutant (made when the module loads; the config leaves static mutants out, the ed90e78 run predates that); grouping-stream.test.ts calls it.
export const createGroupingStream = <State>(
  inner: SourceStream<State>,
  spec: GroupingSpec,
): SourceStream<State> => ({
  // Delete reconciliation lists row keys, not parent keys, so a grouped stream offers none.
  name: inner.name,
  cursorField: inner.cursorField,
  stateSchema: inner.stateSchema,
  watermarkOf: (state) => inner.watermarkOf(state),
  primaryKey: [spec.by],
  async *read(state, options): AsyncIterable<RawPage<State>> {
    for await (const page of inner.read(state, options)) {
      const keys = [...new Set(page.records.flatMap((r) => groupValue(r, spec.by) ?? []))];
      let rows: readonly unknown[] = page.records;
      if (spec.rowsOf && keys.length > 0) {
        const complete: unknown[] = page.records.filter((r) => groupValue(r, spec.by) === undefined);
        for await (const batch of spec.rowsOf(keys, options.signal)) complete.push(...batch);
        rows = complete;
      }
      yield { ...page, records: groupRows(rows, spec) };
    }
  },
});
