import { secretEnvironmentVariable } from '../../adapters/secrets/environment-secrets.ts';
import { sandboxResourcePaths } from '../../sandbox/endpoints.ts';
import type { RuleSpec } from '../topology/schema.ts';
import { connectionSecretsOf } from './connection-secrets.ts';

/** ERP production planning keeps one planned order per key: PUT/DELETE `<url>/<key>`. */
const PLANNED_ORDERS_PATH = '/erp/planned-orders';

/** Where each reaction rule's HTTP target delivers when the sandbox's enterprise inbox stands in for the systems. */
export const inboxReactionUrls = (inbox: string): Record<string, string> => ({
  REACTION_ERP_PLANNED_ORDER_URL: `${inbox}${PLANNED_ORDERS_PATH}`,
  REACTION_CALL_CENTER_TASK_URL: `${inbox}${sandboxResourcePaths.inbox.callCenterTasks}`,
  REACTION_SERVICE_NOTICE_URL: `${inbox}${sandboxResourcePaths.inbox.serviceNotices}`,
  REACTION_PDM_CHANGE_REQUEST_URL: `${inbox}${sandboxResourcePaths.inbox.changeRequests}`,
  REACTION_SALES_LEAD_URL: `${inbox}${sandboxResourcePaths.inbox.salesLeads}`,
});

/**
 * The environment that points every reaction rule at the enterprise inbox: the target URLs and, for each
 * connection secret any rule's HTTP target names, the inbox's one bearer token. Derived from the rules
 * themselves, so a rule added to any topology part is authorised too (a connection left undefined makes
 * every delivery of that target a dead letter).
 */
export const inboxReactionEnvironment = (
  inbox: string,
  authorization: string,
  rules: readonly RuleSpec[],
): Record<string, string> => ({
  ...inboxReactionUrls(inbox),
  ...Object.fromEntries(
    connectionSecretsOf(rules).map((secret) => [
      secretEnvironmentVariable(secret),
      JSON.stringify({ apiKeyValue: authorization }),
    ]),
  ),
});
