import type { ConnectorConfig, ConnectorsConfig } from './connector-config.ts';

/**
 * How often an instance of each preset syncs unless its `schedule` says otherwise: ERPs and SCM every five
 * minutes, the slow-moving PDM every fifteen, the clickstream and the service desk, which customers feel at
 * once, every minute.
 */
export const DEFAULT_SCHEDULES: Readonly<Record<ConnectorConfig['preset'], string>> = {
  'sap-s4': 'rate(5 minutes)',
  'business-central': 'rate(5 minutes)',
  windchill: 'rate(15 minutes)',
  'oracle-scm': 'rate(5 minutes)',
  segment: 'rate(1 minute)',
  zendesk: 'rate(1 minute)',
};

/** One connector instance's sync schedule. */
export interface ConnectorSchedule {
  /** The instance name (`HUB_CONNECTORS` key), whatever the user called it. */
  readonly connector: string;
  readonly preset: ConnectorConfig['preset'];
  /** Its own `schedule`, or its preset's default. */
  readonly expression: string;
}

/** The expression an instance syncs on: its own `schedule`, else its preset's default. */
export const scheduleOf = (config: ConnectorConfig): string =>
  config.schedule ?? DEFAULT_SCHEDULES[config.preset];

/** A schedule per configured connector instance, in configuration order. */
export const connectorSchedulesOf = (connectors: ConnectorsConfig): ConnectorSchedule[] =>
  Object.entries(connectors).map(([connector, config]) => ({
    connector,
    preset: config.preset,
    expression: scheduleOf(config),
  }));
