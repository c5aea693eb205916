import type { z } from 'zod';
import { demandSettings } from '../../schemas/config/demand-env.ts';
import { insightsSettings } from '../../schemas/config/insights-env.ts';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import { reactionsSettings } from '../../schemas/config/reactions-env.ts';
import { parseSettings, type SettingsBlock, settingsFromEnv } from '../../schemas/config/settings-block.ts';
import { viewLimitSettings } from '../../schemas/config/view-env.ts';
import type { Topology } from './schema.ts';

/**
 * Every block of business settings a deployment may change. A function that reads one declares its variable in
 * its topology environment (value `{}`); `withSettings` then gives it the deployment's validated value, so
 * functions reading one block (the stream recompute, the daily run, the API's report) never judge by
 * different rules.
 */
export const settingsBlocks = [
  insightsSettings,
  demandSettings,
  reactionsSettings,
  viewLimitSettings,
] as const;

type Blocks = (typeof settingsBlocks)[number];

/** One deployment's settings, every block validated with its defaults filled in. */
export type HubSettings = { readonly [B in Blocks as B['field']]: z.output<B['schema']> };

/**
 * Reads every block with `read`, naming all problems at once: each block's ConfigError lines, prefixed by
 * `prefix` when given, under one `subject`.
 */
const readAll = (
  subject: string,
  read: (block: SettingsBlock<z.ZodType>) => unknown,
  prefix: (block: SettingsBlock<z.ZodType>) => string = () => '',
): HubSettings => {
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const block of settingsBlocks as readonly SettingsBlock<z.ZodType>[]) {
    try {
      values[block.field] = read(block);
    } catch (err: unknown) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems.map((problem) => `${prefix(block)}${problem}`));
    }
  }
  if (problems.length > 0) throw new ConfigError(subject, problems);
  return values as HubSettings;
};

/**
 * The settings the local hub runs with: each block's variable from its environment, all checked before anything
 * starts, every problem named with its variable (`HUB_DEMAND_CONFIG: quoteWinRate: … (got 4)`).
 */
export const settingsFromEnvironment = (env: NodeJS.ProcessEnv): HubSettings =>
  readAll(
    'settings in the environment',
    (block) => settingsFromEnv(block, env),
    (block) => `${block.variable}: `,
  );

/**
 * A stage's settings from its blocks (`insights`, `demand`, `reactions`, `viewLimits`), checked at synth; each
 * problem is named by its field in the stage's configuration (`demand.quoteWinRate: …`).
 */
export const settingsFromStage = (subject: string, stage: Readonly<Record<string, unknown>>): HubSettings =>
  readAll(subject, (block) => parseSettings(block, stage[block.field], { fieldPrefix: block.field }));

/**
 * The topology with one deployment's settings: every function that declares a block's variable in its
 * environment gets the validated block, defaults filled in, as JSON. The local runtime applies it with the
 * values from its environment, the CDK stack with the stage's blocks, so both run the same settings the same way.
 */
export const withSettings = (topology: Topology, settings: HubSettings): Topology => {
  const values = Object.fromEntries(
    settingsBlocks.map((block) => [block.variable, JSON.stringify(settings[block.field])]),
  );
  return {
    ...topology,
    functions: Object.fromEntries(
      Object.entries(topology.functions).map(([name, spec]) => {
        const environment = { ...spec.environment };
        for (const [variable, value] of Object.entries(values))
          if (variable in environment) environment[variable] = value;
        return [name, { ...spec, environment }];
      }),
    ),
  };
};
