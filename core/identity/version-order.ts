/**
 * Turns a source version into a string whose lexical order is the version order, so DynamoDB can
 * compare it in a condition expression: ISO timestamps become UTC instants, digit strings are padded,
 * anything else compares as written. The one-letter prefix keeps the three kinds apart.
 */
export const versionOrder = (version: string): string => {
  if (/^\d{1,30}$/.test(version)) return `N${version.padStart(30, '0')}`;
  if (/^\d{4}-\d{2}-\d{2}/.test(version)) {
    const instant = Date.parse(version);
    if (!Number.isNaN(instant)) {
      // Keep sub-millisecond digits that Date drops, so 10:00:00.0001 and 10:00:00.0002 stay ordered.
      const fraction = /\.(\d+)/.exec(version)?.[1] ?? '';
      return `T${new Date(instant).toISOString().slice(0, 19)}.${fraction.padEnd(9, '0').slice(0, 9)}`;
    }
  }
  return `S${version}`;
};

/** Compares two source versions: negative when `a` is older than `b`. */
export const compareVersions = (a: string, b: string): number => {
  const oa = versionOrder(a);
  const ob = versionOrder(b);
  return oa < ob ? -1 : oa > ob ? 1 : 0;
};
