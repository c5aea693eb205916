import { join } from 'node:path';
import {
  type Sandbox,
  type SandboxOptions,
  sandboxResourcePaths,
  startSandbox,
} from '../../sandbox/index.ts';
import { hubTopology } from '../topology/index.ts';
import { inboxReactionEnvironment } from './reaction-targets.ts';
import type { LocalSources } from './runtime.ts';
import { sandboxConnectorEnvironment } from './sandbox-connectors.ts';
import type { LocalSettings } from './settings.ts';

/**
 * An identifier a customer of the running sandbox really has, for the banner's first example: the e-mail of
 * the Business Central customer (the connector that syncs first) that comes first in the order Business
 * Central pages by (its `id`), so it is in the very first page the hub stores.
 */
const exampleIdentifierOf = (sandbox: Sandbox): string | undefined => {
  const withEmail = sandbox
    .truth()
    .businessCentral.customers.flatMap((c) =>
      typeof c.email === 'string' && c.email.includes('@') ? [{ id: String(c.id), email: c.email }] : [],
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const first = withEmail[0];
  return first ? `email:${first.email.toLowerCase()}` : undefined;
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
    // So `npm start` closes the payment follow-up, late-shipment and coverage loops within minutes
    // (docs/reactions.md).
    reactionTriggers: { overdueInvoicesPerTick: 1, lateShipmentsPerTick: 1, endingContractsPerTick: 1 },
    host: settings.host,
  });
  const { endpoints, credentials } = sandbox;
  const row = (label: string, url: string) => `  ${label.padEnd(30)}${url}`;
  return {
    environment: {
      ...sandboxConnectorEnvironment(endpoints, credentials),
      // Every rule of the hub's topology, not one part's: each connection its HTTP targets name is authorised.
      ...inboxReactionEnvironment(endpoints.inbox, `Bearer ${credentials.inbox.token}`, hubTopology.rules),
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
