import { hostname } from 'node:os';
import { createDocumentClient } from '../../../adapters/dynamodb/client.ts';
import { createDynamoConnectorState } from '../../../adapters/dynamodb/connector-state/dynamo-connector-state.ts';
import type { ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import { localAwsIdentity } from './dynamodb-local.ts';

/** The process id of a lease holder (`host/pid/run`, see run-connector-sync.ts) that ran on `host`, if any. */
export const holderPidOn = (holder: string, host: string): number | undefined => {
  const [holderHost, pid, ...rest] = holder.split('/');
  if (holderHost !== host || rest.length === 0 || !/^\d+$/.test(pid ?? '')) return undefined;
  return Number(pid);
};

/** Whether a process with this id exists on this machine (signal 0 sends nothing; EPERM means it exists). */
export const processExists = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err: unknown) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

export interface DeadHolderLeasesInput {
  readonly state: Pick<ConnectorStateStore, 'readLease' | 'releaseLease'>;
  readonly connectors: readonly string[];
  readonly host: string;
  readonly now: number;
  readonly exists: (pid: number) => boolean;
}

/**
 * Gives back the sync leases a killed local hub (or `hub360 sync`) left behind. A lease whose holder ran on
 * this machine in a process that no longer exists can never be renewed; without this the restarted hub's
 * start-up syncs find it unexpired, skip, and the connector waits out its TTL and then a whole schedule
 * period (up to 15 minutes). Holders on other hosts, live processes (a reused pid too) and lapsed leases are
 * left alone; the release is conditional on the holder, so a lease taken over meanwhile stays its owner's.
 * Returns what it released, as `connector (holder)`.
 */
export const releaseDeadHolderLeases = async (input: DeadHolderLeasesInput): Promise<string[]> => {
  const released: string[] = [];
  for (const connector of input.connectors) {
    const lease = await input.state.readLease(connector);
    if (!lease || lease.leaseUntil <= input.now) continue;
    const pid = holderPidOn(lease.holder, input.host);
    if (pid === undefined || pid === process.pid || input.exists(pid)) continue;
    await input.state.releaseLease(connector, lease.holder);
    released.push(`${connector} (${lease.holder})`);
  }
  return released;
};

/** {@link releaseDeadHolderLeases} against the local hub's store, before its schedules start. */
export const releaseLocalDeadHolderLeases = async (
  storeEndpoint: string,
  tableName: string,
  connectors: readonly string[],
): Promise<string[]> => {
  const client = createDocumentClient({ endpoint: storeEndpoint, ...localAwsIdentity });
  try {
    return await releaseDeadHolderLeases({
      state: createDynamoConnectorState(client, tableName),
      connectors,
      host: hostname(),
      now: Date.now(),
      exists: processExists,
    });
  } finally {
    client.destroy();
  }
};
