import { describe, expect, it } from 'vitest';
import {
  ConnectorLeaseSchema,
  QuarantineEntrySchema,
  StreamRunStatusSchema,
} from '../../../core/ports/connector-state.ts';

const status = {
  connector: 'sap-s4',
  stream: 'business-partners',
  status: 'succeeded',
  caughtUp: true,
  startedAt: '2026-03-01T00:00:00Z',
  recordsRead: 10,
  recordsWritten: 9,
  recordsQuarantined: 1,
  recordsDeleted: 0,
  pages: 2,
  requests: 3,
  retries: 0,
  durationMs: 1500,
};

describe('connector state contracts', () => {
  it.each(['running', 'succeeded', 'stopped', 'failed'])('reads a run status %s', (value) => {
    expect(StreamRunStatusSchema.parse({ ...status, status: value }).status).toBe(value);
  });

  it('refuses a run status with an unknown state or a fractional count', () => {
    expect(StreamRunStatusSchema.safeParse({ ...status, status: 'done' }).success).toBe(false);
    expect(StreamRunStatusSchema.safeParse({ ...status, pages: 1.5 }).success).toBe(false);
    expect(StreamRunStatusSchema.safeParse({ ...status, recordsReleased: 0.5 }).success).toBe(false);
  });

  it('keeps the optional run fields it is given', () => {
    const full = {
      ...status,
      finishedAt: '2026-03-01T00:01:00Z',
      lagMs: 20,
      watermark: 'w',
      error: 'e',
      warnings: ['slow'],
      recordsReleased: 2,
    };

    expect(StreamRunStatusSchema.parse(full)).toEqual(full);
  });

  it('reads a quarantine entry and refuses one that never occurred', () => {
    const entry = {
      connector: 'sap-s4',
      stream: 'business-partners',
      recordKey: 'k',
      reason: 'no identifier',
      raw: { id: 1 },
      firstSeenAt: '2026-03-01T00:00:00Z',
      lastSeenAt: '2026-03-01T00:00:00Z',
      occurrences: 1,
    };

    expect(QuarantineEntrySchema.parse(entry)).toEqual(entry);
    expect(QuarantineEntrySchema.safeParse({ ...entry, occurrences: 0 }).success).toBe(false);
  });

  it('reads a lease with and without its acquire and renew instants', () => {
    const lease = { connector: 'sap-s4', holder: 'run-1', leaseUntil: 10 };

    expect(ConnectorLeaseSchema.parse(lease)).toEqual(lease);
    expect(ConnectorLeaseSchema.parse({ ...lease, acquiredAt: 1, renewedAt: 2 })).toEqual({
      ...lease,
      acquiredAt: 1,
      renewedAt: 2,
    });
    expect(ConnectorLeaseSchema.safeParse({ ...lease, leaseUntil: 'soon' }).success).toBe(false);
  });
});
