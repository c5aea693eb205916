import { secretEnvironmentVariable } from '../../adapters/secrets/environment-secrets.ts';
import { sandboxResourcePaths } from '../../sandbox/index.ts';
import type { RuleSpec } from '../topology/schema.ts';

/** Where each reaction rule's HTTP target delivers locally: the sandbox's enterprise inbox. */
const reactionTargetUrls = (inbox: string): Record<string, string> => ({
  // ERP production planning keeps one planned order per key: PUT/DELETE `<url>/<key>`.
  REACTION_ERP_PLANNED_ORDER_URL: `${inbox}/erp/planned-orders`,
  REACTION_CALL_CENTER_TASK_URL: `${inbox}${sandboxResourcePaths.inbox.callCenterTasks}`,
  REACTION_SERVICE_NOTICE_URL: `${inbox}${sandboxResourcePaths.inbox.serviceNotices}`,
  REACTION_PDM_CHANGE_REQUEST_URL: `${inbox}${sandboxResourcePaths.inbox.changeRequests}`,
  REACTION_SALES_LEAD_URL: `${inbox}${sandboxResourcePaths.inbox.salesLeads}`,
});

/**
 * Every connection secret an HTTP target of the given rules names, each answered by the inbox's one
 * bearer token. Read from the rules themselves (not from one topology part), so a rule moved to another
 * part or added later still gets its credentials instead of dead-lettering with "secret not set".
 */
const inboxConnections = (rules: readonly RuleSpec[], authorization: string): Record<string, string> =>
  Object.fromEntries(
    rules
      .flatMap((rule) => rule.targets)
      .flatMap((target) =>
        target.kind === 'http' && target.connectionSecret ? [target.connectionSecret] : [],
      )
      .map((secret) => [secretEnvironmentVariable(secret), JSON.stringify({ apiKeyValue: authorization })]),
  );

/** The URL settings and connection secrets that point every reaction rule of `rules` at the sandbox inbox. */
export const reactionTargetsEnvironment = (
  rules: readonly RuleSpec[],
  inboxUrl: string,
  authorization: string,
): Record<string, string> => ({
  ...reactionTargetUrls(inboxUrl),
  ...inboxConnections(rules, authorization),
});
