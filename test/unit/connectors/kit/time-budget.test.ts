import { describe, expect, it } from 'vitest';
import { timeBudgetOf, unlimitedTimeBudget } from '../../../../connectors/kit/time-budget.ts';

describe('time budgets', () => {
  it('an unlimited budget always has infinite time left, so no reserve ever stops a run', () => {
    expect(unlimitedTimeBudget.remainingMs()).toBe(Number.POSITIVE_INFINITY);
  });

  it('a budget of ms counts down on its clock from when it was made, past zero', () => {
    let now = 1_000;
    const budget = timeBudgetOf(500, () => now);

    now = 1_200;
    const later = budget.remainingMs();
    now = 1_700;

    expect(later).toBe(300);
    expect(budget.remainingMs()).toBe(-200);
  });
});
