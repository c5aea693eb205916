import type { LatestResults } from './latest.ts';
import { renderMarkdownReport } from './markdown-report.ts';
import { textTable } from './text-table.ts';

/** The bench's report for a terminal: the budget verdicts as a text table, then the full report. */
export const renderConsoleReport = (latest: LatestResults): string =>
  [
    textTable([
      ['area', 'budget', 'measured', 'result'],
      ...latest.budgets.map((b) => [b.area, b.budget, b.measured, b.result]),
    ]),
    '',
    renderMarkdownReport(latest),
  ].join('\n');
