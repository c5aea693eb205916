import { describe, expect, it } from 'vitest';
import type { ConnectorLease } from '../../../core/ports/connector-state.ts';
import {
  holderPidOn,
  processExists,
  releaseDeadHolderLeases,
} from '../../../infra/local/store/dead-holder-leases.ts';

const NOW = 1_800_000_000_000;

/** Leases by connector; `releaseLease` deletes only the holder's own, as the DynamoDB state does. */
const leaseState = (leases: ConnectorLease[]) => {
  const held = new Map(leases.map((l) => [l.connector, l]));
  return {
    held,
    readLease: async (connector: string) => held.get(connector),
    releaseLease: async (connector: string, holder: string) => {
      if (held.get(connector)?.holder === holder) held.delete(connector);
    },
  };
};

describe('releaseDeadHolderLeases (a restarted local hub and the leases its killed predecessor left)', () => {
  it('releases unexpired leases of processes on this host that no longer exist, and no other lease', async () => {
    const state = leaseState([
      { connector: 'sap-s4', holder: 'box/4242/a1b2c3d4', leaseUntil: NOW + 50_000 },
      { connector: 'business-central', holder: 'box/777/e5f6a7b8', leaseUntil: NOW + 50_000 },
      { connector: 'windchill', holder: 'other-box/4242/c9d0e1f2', leaseUntil: NOW + 50_000 },
      { connector: 'oracle-scm', holder: 'box/4243/a3b4c5d6', leaseUntil: NOW - 1 },
      { connector: 'service-desk', holder: 'operator-chosen-run-id', leaseUntil: NOW + 50_000 },
    ]);
    const alive = new Set([777]);

    const released = await releaseDeadHolderLeases({
      state,
      connectors: ['sap-s4', 'business-central', 'windchill', 'oracle-scm', 'service-desk', 'clickstream'],
      host: 'box',
      now: NOW,
      exists: (pid) => alive.has(pid),
    });

    expect(released).toEqual(['sap-s4 (box/4242/a1b2c3d4)']);
    expect([...state.held.keys()]).toEqual(['business-central', 'windchill', 'oracle-scm', 'service-desk']);
  });

  it('reads the pid only from a holder written on the given host in the host/pid/run form', () => {
    expect(holderPidOn('box/4242/a1b2c3d4', 'box')).toBe(4242);
    expect(holderPidOn('box/4242/a1b2c3d4', 'other')).toBeUndefined();
    expect(holderPidOn('box/4242', 'box')).toBeUndefined();
    expect(holderPidOn('box/not-a-pid/a1b2', 'box')).toBeUndefined();
  });

  it('sees this process as existing and a pid beyond the kernel limit as gone', () => {
    expect(processExists(process.pid)).toBe(true);
    expect(processExists(2 ** 30)).toBe(false);
  });
});
