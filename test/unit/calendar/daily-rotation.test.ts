import { describe, expect, it } from 'vitest';
import { dailyRotation } from '../../../core/calendar/daily-rotation.ts';

describe('dailyRotation', () => {
  it("starts each day at another item and goes round, so a run cut short leaves another day's tail", () => {
    const parts = ['P-1', 'P-2', 'P-3'];

    expect([0, 1, 2, 3, 4].map((day) => dailyRotation(parts, day).join(' '))).toEqual([
      'P-1 P-2 P-3',
      'P-2 P-3 P-1',
      'P-3 P-1 P-2',
      'P-1 P-2 P-3',
      'P-2 P-3 P-1',
    ]);
    expect(dailyRotation(parts, -1)).toEqual(['P-3', 'P-1', 'P-2']);
    expect(dailyRotation([], 7)).toEqual([]);
  });
});
