import { ConfigError } from '../../../schemas/config/parse-config.ts';
import type { Topology } from '../../topology/schema.ts';
import { settingsBlocks } from '../../topology/settings.ts';
import { connectionSecretNames, topologySecretNames } from '../topology-secrets.ts';
import { configuredConnectors } from './configured-connectors.ts';
import { resolveStageConfig, type StageConfig, stageSubject } from './stage-config.ts';

/** The parts of a stage config the topology makes demands on; raw context values are accepted. */
export interface StageDemands {
  readonly settings: Readonly<Record<string, unknown>>;
  readonly secrets: Readonly<Record<string, unknown>>;
  readonly connections: Readonly<Record<string, unknown>>;
  readonly functionEnvironment: Readonly<Record<string, unknown>>;
}

/** Every secret a stage needs: the topology's and each configured connector's `auth.secret`. */
export const stageSecretNames = (topology: Topology, config: StageConfig): string[] =>
  [
    ...new Set([
      ...topologySecretNames(topology),
      ...Object.keys(topology.functions).flatMap(
        (name) => configuredConnectors(name, config.functionEnvironment[name]).secretReferences,
      ),
    ]),
  ].sort();

export const missingSetting = (setting: string): string =>
  `settings.${setting}: is required by an http rule target (set it in cdk.json or with -c setting:${setting}=https://...)`;

const recordOf = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

/**
 * What the topology needs from a stage that the stage lacks, and configuration naming functions, secrets or
 * connections the topology does not have (a typo), each as one line naming its field.
 */
export const stageProblems = (topology: Topology, demands: StageDemands): string[] => {
  const connectionSecrets = connectionSecretNames(topology);
  const urlSettings = topology.rules.flatMap((rule) =>
    rule.targets.flatMap((target) => (target.kind === 'http' ? [target.urlSetting] : [])),
  );
  const connectorChecks = Object.keys(topology.functions).map((name) =>
    configuredConnectors(name, recordOf(demands.functionEnvironment[name])),
  );
  const secretNames = new Set([
    ...topologySecretNames(topology),
    ...connectorChecks.flatMap((check) => check.secretReferences),
  ]);
  return [
    ...[...new Set(urlSettings)]
      .filter((setting) => demands.settings[setting] === undefined)
      .map(missingSetting),
    ...Object.keys(demands.functionEnvironment)
      .filter((name) => !(name in topology.functions))
      .map((name) => `functionEnvironment.${name}: the topology declares no function "${name}"`),
    ...Object.entries(demands.functionEnvironment).flatMap(([name, environment]) =>
      settingsBlocks
        .filter((block) => block.variable in recordOf(environment))
        .map(
          (block) =>
            `functionEnvironment.${name}.${block.variable}: set the stage's "${block.field}" block instead; ` +
            'every function reading it gets the same checked value',
        ),
    ),
    ...connectorChecks.flatMap((check) => check.problems),
    ...Object.keys(demands.secrets)
      .filter((name) => !secretNames.has(name))
      .map(
        (name) =>
          `secrets.${name}: the topology refers to no secret "${name}" (nor does a configured connector)`,
      ),
    ...Object.keys(demands.connections)
      .filter((name) => !connectionSecrets.has(name))
      .map((name) => `connections.${name}: no http target of the topology uses connection secret "${name}"`),
  ];
};

/** Stops synth naming every problem of a parsed stage config against the topology. */
export const checkStageAgainst = (topology: Topology, config: StageConfig): void => {
  const problems = stageProblems(topology, config);
  if (problems.length > 0) throw new ConfigError(stageSubject(config.stage), problems);
};

/**
 * The stage config from the CDK context, checked against the topology in one go: a stage missing its issuer
 * AND its reaction URLs hears about both at once, not one per attempt.
 */
export const loadStageConfig = (
  context: Readonly<Record<string, unknown>>,
  topology: Topology,
): StageConfig => {
  let schemaProblems: readonly string[] = [];
  let config: StageConfig | undefined;
  try {
    config = resolveStageConfig(context);
  } catch (err: unknown) {
    if (!(err instanceof ConfigError)) throw err;
    schemaProblems = err.problems;
  }
  const demands = config ?? rawDemands(context);
  const problems = [...schemaProblems, ...stageProblems(topology, demands)];
  if (problems.length > 0 || !config)
    throw new ConfigError(stageSubject(context.stage), [...new Set(problems)]);
  return config;
};

/** The demanded parts straight from the context (block plus `-c setting:` flags), when the schema refused it. */
const rawDemands = (context: Readonly<Record<string, unknown>>): StageDemands => {
  const stage = typeof context.stage === 'string' ? context.stage : '';
  const block = recordOf(recordOf(recordOf(context.hub360).stages)[stage]);
  const flags = (prefix: string) =>
    Object.fromEntries(
      Object.entries(context)
        .filter(([key, value]) => key.startsWith(prefix) && value !== undefined)
        .map(([key, value]) => [key.slice(prefix.length), value]),
    );
  return {
    settings: { ...recordOf(block.settings), ...flags('setting:') },
    secrets: { ...recordOf(block.secrets), ...flags('secretArn:') },
    connections: recordOf(block.connections),
    functionEnvironment: recordOf(block.functionEnvironment),
  };
};
