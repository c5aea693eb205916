import { join } from 'node:path';
import { secretEnvironmentVariable } from '../../adapters/secrets/environment-secrets.ts';
import {
  type Sandbox,
  type SandboxOptions,
  sandboxResourcePaths,
  startSandbox,
} from '../../sandbox/index.ts';
import { reactionsPart } from '../topology/parts/reactions.ts';
import type { LocalSources } from './runtime.ts';
import { sandboxConnectorEnvironment } from './sandbox-connectors.ts';
import type { LocalSettings } from './settings.ts';

/** Where each reaction rule's HTTP target delivers locally: the sandbox's enterprise inbox. */
const reactionTargets = (inbox: string): Record<string, string> => ({
  // ERP production planning keeps one planned order per key: PUT/DELETE `<url>/<key>`.
  REACTION_ERP_PLANNED_ORDER_URL: `${inbox}/erp/planned-orders`,
  REACTION_CALL_CENTER_TASK_URL: `${inbox}${sandboxResourcePaths.inbox.callCenterTasks}`,
  REACTION_SERVICE_NOTICE_URL: `${inbox}${sandboxResourcePaths.inbox.serviceNotices}`,
  REACTION_PDM_CHANGE_REQUEST_URL: `${inbox}${sandboxResourcePaths.inbox.changeRequests}`,
  REACTION_SALES_LEAD_URL: `${inbox}${sandboxResourcePaths.inbox.salesLeads}`,
});

/** The reaction rules' connection secrets, all answered by the inbox's one bearer token. */
const inboxConnections = (authorization: string): Record<string, string> =>
  Object.fromEntries(
    reactionsPart.rules
      .flatMap((rule) => rule.targets)
      .flatMap((target) =>
        target.kind === 'http' && target.connectionSecret ? [target.connectionSecret] : [],
      )
      .map((secret) => [secretEnvironmentVariable(secret), JSON.stringify({ apiKeyValue: authorization })]),
  );

/**
 * An identifier a customer of the running sandbox really has, for the banner's first example: the e-mail of
 * the first Business Central customer (the connector that syncs first) that has one.
 */
const exampleIdentifierOf = (sandbox: Sandbox): string | undefined => {
  const email = sandbox
    .truth()
    .businessCentral.customers.map((c) => c.email)
    .find((e): e is string => typeof e === 'string' && e.includes('@'));
  return email ? `email:${email.toLowerCase()}` : undefined;
};

/**
 * Starts the simulated ERP, PDM, SCM and web systems for `npm start` and points the connectors and the
 * reaction targets at them. The clickstream lands in the same folder the Segment connector reads locally.
 */
export const startSandboxSources = async (
  dataDir: string,
  settings: LocalSettings,
  /** Tests that start the whole hub use `small`, so the first sync is done in seconds. */
  scale: SandboxOptions['scale'] = 'demo',
): Promise<LocalSources> => {
  const sandbox = await startSandbox({
    landingDir: join(dataDir, 'landing'),
    scale,
    tickIntervalMs: settings.sandboxTickMs,
    host: settings.host,
  });
  const { endpoints, credentials } = sandbox;
  const row = (label: string, url: string) => `  ${label.padEnd(30)}${url}`;
  return {
    environment: {
      ...sandboxConnectorEnvironment(endpoints, credentials),
      ...reactionTargets(endpoints.inbox),
      ...inboxConnections(`Bearer ${credentials.inbox.token}`),
    },
    describe: () => [
      row('SAP S/4HANA (OData v2)', endpoints.sapS4),
      row('Business Central (OData v4)', endpoints.businessCentral),
      row('Windchill PDM (OData v4)', endpoints.windchill),
      row('Oracle Fusion SCM (REST)', endpoints.oracleScm),
      row('Service desk (Zendesk export)', endpoints.serviceDesk),
      row('Web clickstream (Segment)', join(endpoints.clickstreamDir, endpoints.clickstreamPrefix)),
      row('Enterprise inbox (reactions)', `${endpoints.inbox}${sandboxResourcePaths.inbox.list}`),
    ],
    exampleIdentifier: () => exampleIdentifierOf(sandbox),
    reactionsInbox: {
      url: `${endpoints.inbox}${sandboxResourcePaths.inbox.list}`,
      authorization: `Bearer ${credentials.inbox.token}`,
    },
    stop: () => sandbox.stop(),
  };
};
