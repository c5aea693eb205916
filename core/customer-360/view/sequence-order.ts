/**
 * Compares two stream sequence numbers (decimal strings of varying length, increasing within a shard
 * and from a parent shard to its children): negative when `a` came first.
 */
export const compareSequence = (a: string, b: string): number => {
  const x = a.replace(/^0+/, '');
  const y = b.replace(/^0+/, '');
  if (x.length !== y.length) return x.length - y.length;
  return x < y ? -1 : x > y ? 1 : 0;
};
