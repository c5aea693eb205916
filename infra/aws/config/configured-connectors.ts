import {
  type ConnectorsConfig,
  ConnectorsConfigSchema,
} from '../../../connectors/config/connector-config.ts';
import { CONNECTORS_VARIABLE } from '../../../connectors/config/load-connectors-config.ts';
import { describeIssues } from '../../../schemas/config/parse-config.ts';
import type { FunctionSpec } from '../../topology/schema.ts';

/** The connector instances one function is configured with on a stage, and what is wrong with them. */
export interface ConfiguredConnectors {
  /** Instance names, e.g. `sap-s4`. */
  readonly names: readonly string[];
  /** The instances themselves (empty when there are problems). */
  readonly connectors: ConnectorsConfig;
  /** Every `auth.secret` the instances refer to: Secrets Manager names or ARNs, each once. */
  readonly secretReferences: readonly string[];
  /** One line per problem, naming the field under `functionEnvironment.<fn>.HUB_CONNECTORS`. */
  readonly problems: readonly string[];
}

const none: ConfiguredConnectors = { names: [], connectors: {}, secretReferences: [], problems: [] };

/**
 * Reads a function's per-stage `HUB_CONNECTORS` (a JSON object, or its text) with the connectors' own schema,
 * so synth refuses what the function would refuse at its first run, and the stack can grant each connector's
 * secret instead of one shared name.
 */
export const configuredConnectors = (
  functionName: string,
  environment: Readonly<Record<string, unknown>> | undefined,
): ConfiguredConnectors => {
  const raw = environment?.[CONNECTORS_VARIABLE];
  if (raw === undefined) return none;
  const field = `functionEnvironment.${functionName}.${CONNECTORS_VARIABLE}`;
  let json: unknown = raw;
  if (typeof raw === 'string') {
    try {
      json = JSON.parse(raw);
    } catch {
      return { ...none, problems: [`${field}: is not valid JSON`] };
    }
  }
  const parsed = ConnectorsConfigSchema.safeParse(json);
  if (!parsed.success) return { ...none, problems: describeIssues(parsed.error, field) };
  const secretReferences = Object.values(parsed.data).flatMap((connector) =>
    'auth' in connector && connector.auth.kind !== 'none' ? [connector.auth.secret] : [],
  );
  return {
    names: Object.keys(parsed.data).sort(),
    connectors: parsed.data,
    secretReferences: [...new Set(secretReferences)].sort(),
    problems: [],
  };
};

/** Whether a secret reference is an ARN (used as is) rather than a name the stack resolves. */
export const isSecretArn = (reference: string): boolean => reference.startsWith('arn:');

/**
 * A function's spec as a stage deploys it: the topology's grants plus the secret of each connector instance
 * the stage configures on it, so a connector can read exactly the credentials it names.
 */
export const deployedFunctionSpec = (
  name: string,
  spec: FunctionSpec,
  functionEnvironment: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
): FunctionSpec => {
  const connectorSecrets = configuredConnectors(name, functionEnvironment[name]).secretReferences;
  if (connectorSecrets.length === 0) return spec;
  return {
    ...spec,
    grants: { ...spec.grants, secrets: [...new Set([...spec.grants.secrets, ...connectorSecrets])] },
  };
};
