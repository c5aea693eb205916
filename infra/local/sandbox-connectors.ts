import { secretEnvironmentVariable } from '../../adapters/secrets/environment-secrets.ts';
import type { ConnectorConfigInput } from '../../connectors/config/connector-config.ts';
import { CONNECTORS_VARIABLE } from '../../connectors/config/load-connectors-config.ts';
import type { SandboxCredentials, SandboxEndpoints } from '../../sandbox/endpoints.ts';

/** Secret references the local connectors use; their values go into `HUB_SECRET_*` variables. */
export const sandboxSecretNames = {
  sapS4: 'hub360/sap-s4',
  businessCentral: 'hub360/business-central',
  windchill: 'hub360/windchill',
  oracleScm: 'hub360/oracle-scm',
  serviceDesk: 'hub360/service-desk',
} as const;

/** The connector instances pointed at the sandbox systems (polled often: it is a demo that keeps changing). */
export const sandboxConnectorsConfig = (
  endpoints: SandboxEndpoints,
  credentials: SandboxCredentials,
): Record<string, ConnectorConfigInput> => {
  // The sandbox stamps a row in the instant it becomes readable, so no row commits late with an older stamp:
  // a quarter-second lag is margin enough (the overlap re-reads anything later), and a change reaches the
  // next poll at once instead of two seconds on (the freshness budget is one poll interval + 2 s).
  const quick = { incremental: { overlapMs: 120_000, lagMs: 250 } };
  const overrides = (streams: readonly string[]) =>
    Object.fromEntries(streams.map((name) => [name, { source: quick }]));
  // Business Central first: its customers are the banner's example, and start-up syncs fire in this order.
  return {
    'business-central': {
      preset: 'business-central',
      baseUrl: endpoints.businessCentral,
      companyId: endpoints.businessCentralCompanyId,
      auth: {
        kind: 'oauth2-client-credentials',
        tokenUrl: credentials.businessCentral.tokenUrl,
        scope: credentials.businessCentral.scope,
        secret: sandboxSecretNames.businessCentral,
      },
    },
    'sap-s4': {
      preset: 'sap-s4',
      baseUrl: endpoints.sapS4,
      auth: { kind: 'basic', secret: sandboxSecretNames.sapS4 },
      streams: overrides(['business-partners', 'sales-orders', 'billing-documents', 'installed-base']),
      reconcileDeletes: { enabled: true, everyHours: 1 },
    },
    windchill: {
      preset: 'windchill',
      baseUrl: endpoints.windchill,
      auth: {
        kind: 'oauth2-client-credentials',
        tokenUrl: credentials.windchill.tokenUrl,
        scope: credentials.windchill.scope,
        secret: sandboxSecretNames.windchill,
      },
      streams: overrides(['parts']),
    },
    'oracle-scm': {
      preset: 'oracle-scm',
      baseUrl: endpoints.oracleScm,
      auth: { kind: 'basic', secret: sandboxSecretNames.oracleScm },
      streams: overrides(['shipments', 'onhand-inventory']),
    },
    'service-desk': {
      preset: 'zendesk',
      baseUrl: endpoints.serviceDesk,
      auth: { kind: 'basic', secret: sandboxSecretNames.serviceDesk },
      // Ticket field ids are per installation: the sandbox desk's part number, category and serial number.
      streams: {
        tickets: {
          source: {
            customFields: {
              partNumber: 360_000_000_101,
              category: 360_000_000_102,
              serialNumber: 360_000_000_103,
            },
          },
        },
      },
    },
    clickstream: {
      preset: 'segment',
      landing: { kind: 'folder', dir: endpoints.clickstreamDir },
      prefix: endpoints.clickstreamPrefix,
    },
  };
};

/**
 * The environment the connector functions need to reach the sandbox: the connector instances
 * (`HUB_CONNECTORS`), the credentials as local secrets (`HUB_SECRET_*`), and secrets read from the
 * environment instead of Secrets Manager. The local runtime merges it into the functions' environment.
 */
export const sandboxConnectorEnvironment = (
  endpoints: SandboxEndpoints,
  credentials: SandboxCredentials,
): Record<string, string> => {
  const secret = (name: string, value: Record<string, string>) => [
    secretEnvironmentVariable(name),
    JSON.stringify(value),
  ];
  return {
    [CONNECTORS_VARIABLE]: JSON.stringify(sandboxConnectorsConfig(endpoints, credentials)),
    HUB_SECRETS_SOURCE: 'environment',
    ...Object.fromEntries([
      secret(sandboxSecretNames.sapS4, {
        username: credentials.sapS4.username,
        password: credentials.sapS4.password,
      }),
      secret(sandboxSecretNames.oracleScm, {
        username: credentials.oracleScm.username,
        password: credentials.oracleScm.password,
      }),
      secret(sandboxSecretNames.serviceDesk, {
        username: credentials.serviceDesk.username,
        password: credentials.serviceDesk.password,
      }),
      secret(sandboxSecretNames.businessCentral, {
        clientId: credentials.businessCentral.clientId,
        clientSecret: credentials.businessCentral.clientSecret,
      }),
      secret(sandboxSecretNames.windchill, {
        clientId: credentials.windchill.clientId,
        clientSecret: credentials.windchill.clientSecret,
      }),
    ]),
  };
};
