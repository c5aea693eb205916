/**
 * Keys of the connector kit's items in the customer-360 table (documented in docs/connectors.md).
 * The store reserves the `CONNECTOR#` and `QUARANTINE#` partition prefixes for them.
 */
export const connectorKeys = {
  connector: (connector: string) => `CONNECTOR#${connector}`,
  checkpoint: (stream: string) => `CHECKPOINT#${stream}`,
  status: (stream: string) => `STATUS#${stream}`,
  reconciled: (stream: string) => `RECONCILED#${stream}`,
  lease: 'LEASE',
  quarantine: (connector: string) => `QUARANTINE#${connector}`,
  quarantineSort: (stream: string, recordKey: string) => `${stream}#${recordKey}`,
  /** gsi1 partition listing every stream's last run across connectors. */
  statusIndex: 'CONNECTOR#STATUS',
  statusIndexSort: (connector: string, stream: string) => `${connector}#${stream}`,
  /** gsi1 partition listing quarantined records across connectors, newest last. */
  quarantineIndex: 'QUARANTINE#ALL',
  quarantineIndexSort: (lastSeenAt: string, connector: string, stream: string, recordKey: string) =>
    `${lastSeenAt}#${connector}#${stream}#${recordKey}`,
} as const;

/** Raw payloads are kept as JSON text up to this size, so one huge record cannot break the 400 KB item limit. */
export const MAX_RAW_CHARS = 100_000;
