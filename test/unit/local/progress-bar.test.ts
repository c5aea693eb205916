import { describe, expect, it } from 'vitest';
import { formatProgressBar } from '../../../infra/local/cli/progress.ts';

const page = {
  stream: 'shipments',
  pages: 3,
  recordsRead: 500,
  recordsWritten: 498,
  recordsQuarantined: 2,
  elapsedMs: 2000,
};

describe('sync progress line', () => {
  it('shows records, pages, rate and quarantined without a bar when the source reports no total', () => {
    expect(formatProgressBar('oracle-scm', page)).toBe(
      'oracle-scm/shipments  500 records  3 pages  250 rec/s  2 quarantined',
    );
  });

  it('fills the bar in proportion to the total the source reports', () => {
    expect(formatProgressBar('oracle-scm', { ...page, total: 1000 })).toBe(
      `oracle-scm/shipments  [${'#'.repeat(12)}${'.'.repeat(12)}]  500/1000 records  3 pages  250 rec/s  2 quarantined`,
    );
  });
});
