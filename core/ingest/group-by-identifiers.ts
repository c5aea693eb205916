/**
 * Splits records into groups that share no identifier, directly or through other records of the list
 * (union-find over the identifier keys they carry). Records of one group are likely to touch the same
 * customers, so they go one after another; different groups rarely meet and may run side by side (when
 * they do, through links already stored, the restructuring's revision guards make one re-read and retry).
 * Groups keep the input order, and so do the records inside a group.
 */
export const groupByIdentifiers = <T>(
  items: readonly T[],
  idKeysOf: (item: T) => readonly string[],
): T[][] => {
  const parent = items.map((_, i) => i);
  const root = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    let n = i;
    // Stryker disable next-line ConditionalExpression: `false` is equivalent, pointing a chain's records at its root only shortens later walks (the mark also drops the `true` mutant, an endless loop)
    while (parent[n] !== r) {
      const next = parent[n] as number;
      parent[n] = r;
      n = next;
    }
    return r;
  };
  const holder = new Map<string, number>();
  items.forEach((item, i) => {
    for (const idKey of idKeysOf(item)) {
      const other = holder.get(idKey);
      if (other === undefined) holder.set(idKey, i);
      else {
        const [a, b] = [root(other), root(i)];
        // Stryker disable next-line ConditionalExpression: `true` is equivalent, a root pointed at itself stays a root (the mark also drops the killed `false`)
        if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      }
    }
  });
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const r = root(i);
    const group = groups.get(r) ?? [];
    group.push(item);
    groups.set(r, group);
  });
  return [...groups.values()];
};
