import type { ConnectorLease, ConnectorStateStore } from '../../../core/ports/connector-state.ts';
import { formatDuration } from './format.ts';

/** One lease as `hub360 connectors` shows it: who holds it and until when, or that it lapsed. */
export const formatLease = (lease: ConnectorLease, now: number): string => {
  const until = new Date(lease.leaseUntil).toISOString();
  return lease.leaseUntil > now
    ? `${lease.connector}: sync running, lease held by ${lease.holder} until ${until} (${formatDuration(lease.leaseUntil - now)} left)`
    : `${lease.connector}: lease of ${lease.holder} lapsed at ${until} (${formatDuration(now - lease.leaseUntil)} ago); the next sync takes it over`;
};

/** The lease lines of these connectors, read from the connector state; connectors nobody holds are left out. */
export const leaseLines = async (
  state: Pick<ConnectorStateStore, 'readLease'>,
  connectors: readonly string[],
  now: number,
): Promise<string[]> => {
  const leases = await Promise.all(connectors.map((name) => state.readLease(name)));
  return leases.flatMap((lease) => (lease ? [formatLease(lease, now)] : []));
};
