/**
 * The items in the order a daily run takes them: from the day's offset onwards, then round from the start, so
 * a run that cannot reach every item leaves a different tail each day instead of the same items every day.
 * `day` is a day number (`dayNumber`).
 */
export const dailyRotation = <T>(items: readonly T[], day: number): T[] => {
  if (items.length === 0) return [];
  const offset = ((day % items.length) + items.length) % items.length;
  return [...items.slice(offset), ...items.slice(0, offset)];
};
