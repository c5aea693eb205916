import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import * as z from 'zod';
import { CONNECTORS_VARIABLE } from '../../../connectors/config/load-connectors-config.ts';
import { deployedFunctionSpec } from '../../../infra/aws/config/configured-connectors.ts';
import { asRecord, resolveStageConfig } from '../../../infra/aws/config/stage-config.ts';
import { stageTopology } from '../../../infra/aws/config/stage-topology.ts';
import { HubStack, repositoryRoot } from '../../../infra/aws/hub-stack.ts';
import { TemplateSchema } from '../../../infra/aws/report/bundle-sizes.ts';
import { hubTopology } from '../../../infra/topology/index.ts';
import type { Topology } from '../../../infra/topology/schema.ts';
import { benchConnectorInstances } from './bench-connectors.ts';

/** The stack as a stage deploys it: the stage's topology (schedules from its connector instances) and its bundles. */
export interface SynthesizedStack {
  readonly topology: Topology;
  readonly bundles: readonly SynthesizedBundle[];
}

/** One function's bundle in a synthesized cloud assembly. */
export interface SynthesizedBundle {
  /** Topology name (the function's `POWERTOOLS_SERVICE_NAME`). */
  readonly name: string;
  /** Folder holding `index.mjs` and `index.mjs.map`. */
  readonly assetDir: string;
  /** The function's environment; CloudFormation references are replaced by placeholders. */
  readonly environment: Record<string, string>;
}

const CdkJsonSchema = z.object({ context: z.record(z.string(), z.unknown()).default({}) });

/** The context with `connector-sync`'s HUB_CONNECTORS set on the selected stage when that stage sets none. */
const withConnectorInstances = (context: Record<string, unknown>): Record<string, unknown> => {
  const stageName = typeof context.stage === 'string' ? context.stage : 'dev';
  const hub360 = asRecord(context.hub360);
  const stages = asRecord(hub360.stages);
  const stage = asRecord(stages[stageName]);
  const functionEnvironment = asRecord(stage.functionEnvironment);
  const connectorSync = asRecord(functionEnvironment['connector-sync']);
  if (connectorSync[CONNECTORS_VARIABLE] !== undefined) return context;
  const configured = {
    ...stage,
    functionEnvironment: {
      ...functionEnvironment,
      'connector-sync': { ...connectorSync, [CONNECTORS_VARIABLE]: benchConnectorInstances },
    },
  };
  return { ...context, hub360: { ...hub360, stages: { ...stages, [stageName]: configured } } };
};

/** A stand-in for a value CloudFormation resolves at deploy time (table name, secret ARN...). */
const placeholderFor = (variable: string): string =>
  variable.includes('_ARN')
    ? `arn:aws:secretsmanager:eu-central-1:000000000000:secret:bench-${variable.toLowerCase()}-AbCdEf`
    : `bench-${variable.toLowerCase().replaceAll('_', '-')}`;

const JoinSchema = z.object({ 'Fn::Join': z.tuple([z.string(), z.array(z.unknown())]) });
const RefSchema = z.object({ Ref: z.string() });
const ArnSchema = z.object({ 'Fn::GetAtt': z.tuple([z.string(), z.literal('Arn')]) });

/** The resource types of the template, by logical id: what a reference inside a value stands for. */
type ResourceTypes = Readonly<Record<string, string>>;

/**
 * A stand-in for a reference CloudFormation resolves at deploy time, shaped like the real value where the
 * function checks its shape: a queue's URL for `Ref` of a queue, an ARN for `Fn::GetAtt … Arn`.
 */
const referencePlaceholder = (part: unknown, types: ResourceTypes): string => {
  const ref = RefSchema.safeParse(part);
  if (ref.success && types[ref.data.Ref] === 'AWS::SQS::Queue')
    return `https://sqs.eu-central-1.amazonaws.com/000000000000/bench-${ref.data.Ref.toLowerCase()}`;
  const arn = ArnSchema.safeParse(part);
  if (arn.success) {
    const [id] = arn.data['Fn::GetAtt'];
    const service = (types[id] ?? 'AWS::Bench::X').split('::')[1]?.toLowerCase();
    return `arn:aws:${service}:eu-central-1:000000000000:bench-${id.toLowerCase()}`;
  }
  return 'bench-reference';
};

/**
 * A variable's value as the function would see it: text as is; an `Fn::Join` (JSON configuration with the
 * landing bucket's name or queues spliced in) joined with a placeholder per reference; anything else a placeholder.
 */
const environmentValue = (variable: string, value: unknown, types: ResourceTypes): string => {
  if (typeof value === 'string') return value;
  const join = JoinSchema.safeParse(value);
  if (!join.success) return placeholderFor(variable);
  const [separator, parts] = join.data['Fn::Join'];
  return parts
    .map((part) => (typeof part === 'string' ? part : referencePlaceholder(part, types)))
    .join(separator);
};

/**
 * Synthesizes the real hub stack into `outdir`, so every function is bundled by CDK with exactly the bundling
 * the deployment uses (`HubFunction`), then finds each function's bundle through the asset metadata. The
 * stage is cdk.json's default stage, with placeholder URLs for the reaction targets it leaves to the operator
 * and, unless the stage configures its own, one connector instance per preset (benchConnectorInstances).
 */
export const synthesizeBundles = (outdir: string): SynthesizedStack => {
  const { context } = CdkJsonSchema.parse(JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')));
  const urlSettings = hubTopology.rules.flatMap((rule) =>
    rule.targets.flatMap((target) => (target.kind === 'http' ? [target.urlSetting] : [])),
  );
  const benchContext: Record<string, unknown> = {
    ...withConnectorInstances(context),
    ...Object.fromEntries(
      urlSettings.map((s) => [`setting:${s}`, `https://bench.example.com/${s.toLowerCase()}`]),
    ),
  };
  const config = resolveStageConfig(benchContext);
  const topology = stageTopology(config);
  const app = new App({
    outdir,
    context: { ...benchContext, 'aws:cdk:enable-asset-metadata': true },
    // The bench measures bundles; CloudFormation schema validation is the synth tests' job.
    builtinCloudFormationValidation: false,
  });
  const stack = new HubStack(app, `hub360-${config.stage}`, { config, topology });
  const assembly = app.synth();
  const template = TemplateSchema.parse(
    JSON.parse(
      readFileSync(join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile), 'utf8'),
    ),
  );
  const types = Object.fromEntries(Object.entries(template.Resources).map(([id, { Type }]) => [id, Type]));
  const bundles = Object.values(template.Resources).flatMap((resource) => {
    const assetPath = resource.Metadata?.['aws:asset:path'];
    const variables = resource.Properties?.Environment?.Variables ?? {};
    const name = variables.POWERTOOLS_SERVICE_NAME;
    if (resource.Type !== 'AWS::Lambda::Function' || !assetPath || typeof name !== 'string') return [];
    const environment = Object.fromEntries(
      Object.entries(variables).map(([key, value]) => [key, environmentValue(key, value, types)]),
    );
    return [{ name, assetDir: join(assembly.directory, assetPath), environment }];
  });
  // Judged as deployed: with the secret grants the stack adds for the stage's connector instances.
  const functions = Object.fromEntries(
    Object.entries(topology.functions).map(([name, spec]) => [
      name,
      deployedFunctionSpec(name, spec, config.functionEnvironment),
    ]),
  );
  return { topology: { ...topology, functions }, bundles };
};
