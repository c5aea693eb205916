import { describe, expect, it } from 'vitest';
import { createConnectorReads } from '../../../app/api/connector-reads.ts';
import { ConnectorNotFoundError } from '../../../app/api/errors.ts';
import { createCursorCodec } from '../../../app/api/http/cursor.ts';
import type { ConnectorLease, StreamRunStatus } from '../../../core/ports/connector-state.ts';

// `GET /connectors/{name}/quarantine` with nothing quarantined: which names are known. A connector whose first
// sync is still running has a lease but no finished stream yet (the README's sap-s4 example right after start).
const readsWith = (state: { runs?: StreamRunStatus[]; lease?: ConnectorLease }) =>
  createConnectorReads({
    state: {
      listRunStatuses: async () => state.runs ?? [],
      readLease: async () => state.lease,
    },
    quarantine: { page: async () => ({ items: [] }), count: async () => 0 },
    cursors: async () => createCursorCodec(new Uint8Array(32).fill(7)),
  });

describe('the quarantine of a connector with nothing quarantined', () => {
  it('is an empty page for a connector whose first sync is running (lease held, no stream finished)', async () => {
    const reads = readsWith({
      lease: { connector: 'sap-s4', holder: 'host/1/abc', leaseUntil: Date.now() + 60_000 },
    });

    await expect(reads.quarantine('sap-s4', { limit: 10 })).resolves.toEqual({ items: [] });
  });

  it('is an empty page for a connector that has run', async () => {
    const run = {
      connector: 'sap-s4',
      stream: 'business-partners',
      status: 'succeeded',
      caughtUp: true,
      startedAt: '2026-12-01T10:00:00.000Z',
      recordsRead: 1,
      recordsWritten: 1,
      recordsQuarantined: 0,
    } as StreamRunStatus;

    await expect(readsWith({ runs: [run] }).quarantine('sap-s4', { limit: 10 })).resolves.toEqual({
      items: [],
    });
  });

  it('is ConnectorNotFoundError naming the connector when it has neither run nor a lease', async () => {
    const failure = readsWith({}).quarantine('nosuch', { limit: 10 });

    await expect(failure).rejects.toBeInstanceOf(ConnectorNotFoundError);
    await expect(failure).rejects.toThrow('No connector is named nosuch');
  });
});
