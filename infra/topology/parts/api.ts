import { reactionsSettings } from '../../../schemas/config/reactions-env.ts';
import type { TopologyPart } from '../part.ts';
import { demandEnvironment } from './demand.ts';

/** The secret holding the key that signs the API's page cursors (`{"key": "<at least 32 bytes>"}`). */
export const API_CURSOR_SECRET = 'hub360/api-cursor-key';

const SCOPES = {
  read: ['customers:read'],
  write: ['customers:write'],
  privacy: ['privacy:erase'],
  // Quarantined records carry raw source payloads, so operations staff get their own scope.
  connectors: ['connectors:read'],
  // Redriving re-sends events to enterprise systems, so it is its own, rarer grant.
  redrive: ['operations:write'],
  // Segments and reactions serve the sales and service managers too, who need no customer's 360 view:
  // either scope is enough (a route's scopes are alternatives, as for API Gateway's JWT authorizer).
  business: ['customers:read', 'business:read'],
} as const;

/**
 * The query API: a few functions grouped so that none bundles code it does not use (reads never load
 * identity resolution, privacy never loads the connector kit), each route with the scopes that allow it.
 */
export const apiPart: TopologyPart = {
  functions: {
    'api-customers-read': {
      entry: 'functions/api/customers-read.ts',
      description: 'Query API: customer-360 view, lookup by identifier, timeline',
      memoryMb: 1024,
      timeoutSeconds: 10,
      environment: { HUB_API_CURSOR_SECRET: API_CURSOR_SECRET },
      grants: { table: 'read', secrets: [API_CURSOR_SECRET] },
    },
    // Reads and writes of one handler module run as two functions, so the read routes' role cannot write:
    // a flaw in a read path (or a mis-routed request) can never change or delete a customer.
    'api-segments': {
      entry: 'functions/api/segments.ts',
      description: 'Query API: insight segments with their sizes and members (segment index)',
      timeoutSeconds: 10,
      environment: { HUB_API_CURSOR_SECRET: API_CURSOR_SECRET },
      grants: { table: 'read', secrets: [API_CURSOR_SECRET] },
    },
    'api-identity': {
      entry: 'functions/api/identity-read.ts',
      description: 'Query API: identity graph with merge evidence (read-only)',
      timeoutSeconds: 29,
      grants: { table: 'read' },
    },
    'api-identity-unmerge': {
      entry: 'functions/api/identity.ts',
      description: 'Query API: unmerge (writes the identity graph)',
      timeoutSeconds: 29,
      grants: { table: 'readWrite' },
    },
    'api-privacy': {
      entry: 'functions/api/privacy-export.ts',
      description: 'Query API: customer data export (read-only)',
      timeoutSeconds: 29,
      grants: { table: 'read' },
    },
    'api-privacy-erase': {
      entry: 'functions/api/privacy.ts',
      description: 'Query API: customer erasure (deletes personal data)',
      timeoutSeconds: 29,
      grants: { table: 'readWrite' },
    },
    'api-connectors': {
      entry: 'functions/api/connectors.ts',
      description: 'Query API: connector sync status and quarantined records',
      timeoutSeconds: 10,
      environment: { HUB_API_CURSOR_SECRET: API_CURSOR_SECRET },
      grants: { table: 'read', secrets: [API_CURSOR_SECRET] },
    },
    'api-dead-letters': {
      entry: 'functions/api/dead-letters.ts',
      description: 'Query API: dead letters and their redrive',
      memoryMb: 256,
      // Listing long-polls every dead-letter queue (1 s each, in parallel) up to ten times.
      timeoutSeconds: 20,
      grants: { deadLetters: 'redrive' },
    },
    'api-reactions': {
      entry: 'functions/api/reactions.ts',
      description: 'Query API: the reactions feed and the outcome per rule',
      timeoutSeconds: 10,
      // The outcome report's window is the reaction settings' `outcomeWindowDays`.
      environment: { HUB_API_CURSOR_SECRET: API_CURSOR_SECRET, [reactionsSettings.variable]: '{}' },
      grants: { table: 'read', secrets: [API_CURSOR_SECRET] },
    },
    'api-demand': {
      entry: 'functions/api/demand.ts',
      description: 'Query API: demand, stock and the demand signal of a part (read-only)',
      timeoutSeconds: 10,
      // The demand figures explain the signal ERP got, so they are computed with the recompute's settings.
      environment: demandEnvironment,
      grants: { table: 'read' },
    },
    'api-openapi': {
      entry: 'functions/api/openapi.ts',
      description: 'Query API: serves the OpenAPI document',
      memoryMb: 256,
      timeoutSeconds: 5,
    },
  },
  streamSubscriptions: [],
  schedules: [],
  rules: [],
  routes: [
    { method: 'GET', path: '/customers/{id}', function: 'api-customers-read', scopes: [...SCOPES.read] },
    { method: 'GET', path: '/customers', function: 'api-customers-read', scopes: [...SCOPES.read] },
    {
      method: 'GET',
      path: '/customers/{id}/timeline',
      function: 'api-customers-read',
      scopes: [...SCOPES.read],
    },
    { method: 'GET', path: '/segments', function: 'api-segments', scopes: [...SCOPES.business] },
    {
      method: 'GET',
      path: '/segments/{segment}/customers',
      function: 'api-segments',
      scopes: [...SCOPES.business],
    },
    { method: 'GET', path: '/customers/{id}/identity', function: 'api-identity', scopes: [...SCOPES.read] },
    {
      method: 'POST',
      path: '/customers/{id}/unmerge',
      function: 'api-identity-unmerge',
      scopes: [...SCOPES.write],
    },
    { method: 'DELETE', path: '/customers/{id}', function: 'api-privacy-erase', scopes: [...SCOPES.privacy] },
    { method: 'GET', path: '/customers/{id}/export', function: 'api-privacy', scopes: [...SCOPES.privacy] },
    { method: 'GET', path: '/connectors', function: 'api-connectors', scopes: [...SCOPES.connectors] },
    {
      method: 'GET',
      path: '/connectors/{name}/quarantine',
      function: 'api-connectors',
      scopes: [...SCOPES.connectors],
    },
    { method: 'GET', path: '/dead-letters', function: 'api-dead-letters', scopes: [...SCOPES.connectors] },
    {
      method: 'POST',
      path: '/dead-letters/{id}/redrive',
      function: 'api-dead-letters',
      scopes: [...SCOPES.redrive],
    },
    { method: 'GET', path: '/reactions', function: 'api-reactions', scopes: [...SCOPES.business] },
    { method: 'GET', path: '/reactions/outcomes', function: 'api-reactions', scopes: [...SCOPES.business] },
    // Demand is a business view like segments and reactions.
    {
      method: 'GET',
      path: '/products/{partNumber}/demand',
      function: 'api-demand',
      scopes: [...SCOPES.business],
    },
    { method: 'GET', path: '/openapi.json', function: 'api-openapi', scopes: [] },
  ],
};
