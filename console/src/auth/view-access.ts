/**
 * The scopes the query API's routes accept for each operation the console calls, as the topology grants
 * them (infra/topology/parts/api.ts; a unit test keeps the two equal). Any one of an operation's scopes is
 * enough, as for API Gateway's JWT authorizer. The console uses them only to decide what to offer and to
 * say plainly why a view is closed; the API still decides every call.
 */
export const OPERATION_SCOPES = {
  findCustomerByIdentifier: ['customers:read'],
  getCustomer360: ['customers:read'],
  explainCustomerIdentity: ['customers:read'],
  unmergeCustomer: ['customers:write'],
  listSegments: ['customers:read', 'business:read'],
  listSegmentMembers: ['customers:read', 'business:read'],
  listReactions: ['customers:read', 'business:read'],
  getRuleOutcomes: ['customers:read', 'business:read'],
  getProductDemand: ['customers:read', 'business:read'],
  listConnectors: ['connectors:read'],
  listQuarantine: ['connectors:read'],
  listDeadLetters: ['connectors:read'],
  redriveDeadLetter: ['operations:write'],
} as const satisfies Record<string, readonly string[]>;

export type ConsoleOperation = keyof typeof OPERATION_SCOPES;

export type ConsoleView = 'agent' | 'business' | 'operator';

/** What each view reads as soon as it opens; the view is open to a token that may call all of them. */
export const VIEW_OPERATIONS: Readonly<Record<ConsoleView, readonly ConsoleOperation[]>> = {
  agent: ['findCustomerByIdentifier', 'getCustomer360', 'explainCustomerIdentity'],
  business: ['listSegments', 'listSegmentMembers', 'listReactions', 'getRuleOutcomes', 'getProductDemand'],
  operator: ['listConnectors', 'listQuarantine', 'listDeadLetters'],
};

/** A token's scope grants `scope` bare or behind the identity provider's prefix (Cognito: `hub360/customers:read`). */
const grants = (held: ReadonlySet<string>, scope: string): boolean =>
  held.has(scope) || [...held].some((h) => h.endsWith(`/${scope}`));

export const mayCall = (operation: ConsoleOperation, held: ReadonlySet<string>): boolean =>
  OPERATION_SCOPES[operation].some((scope) => grants(held, scope));

export const mayOpen = (view: ConsoleView, held: ReadonlySet<string>): boolean =>
  VIEW_OPERATIONS[view].every((operation) => mayCall(operation, held));

/** The scopes that open a view (any one of them per operation), for the refusal message. */
export const scopesOpening = (view: ConsoleView): string[] => [
  ...new Set(VIEW_OPERATIONS[view].flatMap((operation) => OPERATION_SCOPES[operation])),
];
