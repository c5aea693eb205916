const UNIT_MS = new Map([
  ['m', 60_000],
  ['h', 3_600_000],
  ['d', 86_400_000],
  ['w', 604_800_000],
]);

/**
 * Reads `--since` the way operators write it: a duration back from now (`30m`, `12h`, `7d`, `2w`) or
 * an ISO-8601 date or date-time. Throws a message naming the accepted forms.
 */
export const parseSince = (text: string, now: Date): Date => {
  const relative = /^(\d+)\s*([mhdw])$/.exec(text.trim());
  const unitMs = relative ? UNIT_MS.get(relative[2] ?? '') : undefined;
  if (relative && unitMs !== undefined) return new Date(now.getTime() - Number(relative[1]) * unitMs);
  const absolute = Date.parse(text);
  if (/^\d{4}-\d{2}-\d{2}/.test(text) && !Number.isNaN(absolute)) return new Date(absolute);
  throw new RangeError(
    `"${text}" is not a time: use a duration back from now (30m, 12h, 7d, 2w) or an ISO date such as 2026-03-01T00:00:00Z`,
  );
};
