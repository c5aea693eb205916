import * as z from 'zod';
import type { RuleTarget } from '../../../topology/schema.ts';
import type { CompiledRule } from '../delivery/compiled-rule.ts';
import { AwsJsonError, serializationError } from './aws-json-error.ts';
import { type BusDirectory, busArn, resolveBusName, ruleArn } from './bus-directory.ts';

/** Read-only views of the topology's rules in EventBridge's API shapes (ListRules, DescribeRule...). */
export interface RuleCatalog {
  readonly directory: BusDirectory;
  readonly rules: readonly CompiledRule[];
}

const BusQuerySchema = z.object({ EventBusName: z.string().nullish() });
const ListRulesSchema = BusQuerySchema.extend({ NamePrefix: z.string().nullish() });
const RuleQuerySchema = BusQuerySchema.extend({ Name: z.string() });
const TargetsQuerySchema = BusQuerySchema.extend({ Rule: z.string() });
const DescribeBusSchema = z.object({ Name: z.string().nullish() });

const parse = <S extends z.ZodType>(schema: S, input: unknown): z.output<S> => {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw serializationError(issue?.path.join('.') || 'request', issue?.message ?? 'malformed request');
};

const rulesOfBus = (catalog: RuleCatalog, nameOrArn: string | null | undefined): readonly CompiledRule[] => {
  const bus = resolveBusName(catalog.directory, nameOrArn ?? undefined);
  if (!bus) throw new AwsJsonError('ResourceNotFoundException', `Event bus ${nameOrArn} does not exist.`);
  return bus === catalog.directory.busName ? catalog.rules : [];
};

const describe = (catalog: RuleCatalog, rule: CompiledRule) => ({
  Name: rule.spec.name,
  Arn: ruleArn(catalog.directory, rule.spec.name),
  EventPattern: JSON.stringify(rule.pattern.source),
  State: 'ENABLED',
  Description: rule.spec.description,
  EventBusName: catalog.directory.busName,
});

const targetArn = (catalog: RuleCatalog, ruleName: string, target: RuleTarget): string => {
  const { region, accountId } = catalog.directory;
  return target.kind === 'function'
    ? `arn:aws:lambda:${region}:${accountId}:function:${target.function}`
    : `arn:aws:events:${region}:${accountId}:api-destination/${ruleName}-${target.id}`;
};

const findRule = (catalog: RuleCatalog, name: string, bus: string | null | undefined): CompiledRule => {
  const rule = rulesOfBus(catalog, bus).find((r) => r.spec.name === name);
  if (!rule) {
    throw new AwsJsonError(
      'ResourceNotFoundException',
      `Rule ${name} does not exist on EventBus ${bus ?? 'default'}.`,
    );
  }
  return rule;
};

export const listRules = (catalog: RuleCatalog, input: unknown) => {
  const query = parse(ListRulesSchema, input);
  const rules = rulesOfBus(catalog, query.EventBusName).filter((r) =>
    r.spec.name.startsWith(query.NamePrefix ?? ''),
  );
  return { Rules: rules.map((rule) => describe(catalog, rule)) };
};

export const describeRule = (catalog: RuleCatalog, input: unknown) => {
  const query = parse(RuleQuerySchema, input);
  return describe(catalog, findRule(catalog, query.Name, query.EventBusName));
};

export const listTargetsByRule = (catalog: RuleCatalog, input: unknown) => {
  const query = parse(TargetsQuerySchema, input);
  const rule = findRule(catalog, query.Rule, query.EventBusName);
  return {
    Targets: rule.targets.map(({ spec }) => ({
      Id: spec.id,
      Arn: targetArn(catalog, rule.spec.name, spec),
      ...(spec.inputPath === undefined ? {} : { InputPath: spec.inputPath }),
      ...(spec.inputTransformer === undefined
        ? {}
        : {
            InputTransformer: {
              InputPathsMap: spec.inputTransformer.inputPathsMap,
              InputTemplate: spec.inputTransformer.inputTemplate,
            },
          }),
      RetryPolicy: {
        MaximumRetryAttempts: spec.retryPolicy.maximumRetryAttempts,
        MaximumEventAgeInSeconds: spec.retryPolicy.maximumEventAgeSeconds,
      },
    })),
  };
};

export const describeEventBus = (catalog: RuleCatalog, input: unknown) => {
  const query = parse(DescribeBusSchema, input);
  const name = resolveBusName(catalog.directory, query.Name ?? undefined);
  if (!name) throw new AwsJsonError('ResourceNotFoundException', `Event bus ${query.Name} does not exist.`);
  return { Name: name, Arn: busArn(catalog.directory, name) };
};

export const listEventBuses = (catalog: RuleCatalog) => ({
  EventBuses: ['default', catalog.directory.busName].map((name) => ({
    Name: name,
    Arn: busArn(catalog.directory, name),
  })),
});
