import { describe, expect, it } from 'vitest';
import { RequestLog } from '../../../sandbox/http/request-log.ts';

describe('RequestLog', () => {
  it('reports the busiest sliding window per system', () => {
    const log = new RequestLog();
    for (const at of [0, 100, 900, 1_050, 1_060, 1_070, 3_000]) {
      log.record({ system: 'sapS4', method: 'GET', path: '/x', query: '', at, status: 200 });
    }
    log.record({ system: 'oracleScm', method: 'GET', path: '/y', query: '', at: 1_000, status: 200 });

    expect(log.count('sapS4')).toBe(7);
    expect(log.count()).toBe(8);
    expect(log.maxInWindow('sapS4', 1_000)).toBe(5);
    expect(log.maxInWindow('oracleScm')).toBe(1);
  });
});
