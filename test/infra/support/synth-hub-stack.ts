import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { StageConfig } from '../../../infra/aws/config/stage-config.ts';
import { HubStack, repositoryRoot } from '../../../infra/aws/hub-stack.ts';
import type { Topology } from '../../../infra/topology/schema.ts';

export interface SynthesizedHub {
  readonly stack: HubStack;
  readonly template: Template;
}

/** The feature flags from cdk.json, so tests synthesize with the same CDK behaviour as the CLI. */
const cdkJsonFeatureFlags = (): Record<string, unknown> => {
  const cdkJson: { context?: Record<string, unknown> } = JSON.parse(
    readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8'),
  );
  return Object.fromEntries(
    Object.entries(cdkJson.context ?? {}).filter(([key]) => key.startsWith('@aws-cdk/')),
  );
};

/** Builds and synthesizes one hub stack (bundling every function once); call it once per test file. */
export const synthHubStack = (
  topology: Topology,
  config: StageConfig,
  entryRoot?: string,
): SynthesizedHub => {
  // CDK's built-in CloudFormation schema validation runs in the real `cdk synth` test; skipping it here
  // saves several seconds per file.
  const app = new App({ context: cdkJsonFeatureFlags(), builtinCloudFormationValidation: false });
  const stack = new HubStack(app, `hub360-${config.stage}`, {
    config,
    topology,
    ...(entryRoot ? { entryRoot } : {}),
  });
  return { stack, template: Template.fromStack(stack) };
};
