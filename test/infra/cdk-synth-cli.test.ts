import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploysToAws } from '../../infra/aws/constructs/connector-schedules.ts';
import { repositoryRoot } from '../../infra/aws/hub-stack.ts';
import { type BundleSize, bundleSizeTable, measureBundles } from '../../infra/aws/report/bundle-sizes.ts';
import { hubTopology } from '../../infra/topology/index.ts';

const run = promisify(execFile);

// The real CLI, once, on the real topology (the dev stage from cdk.json): this is what CI and a deploy run.
// No AWS account: the stack is environment-agnostic; telemetry, notices and the version check are off.
let outdir: string;
let template: Template;
let bundles: BundleSize[];
beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'hub360-synth-'));
  await run('npx', ['cdk', 'synth', '--no-notices', '--quiet', '-o', outdir], {
    cwd: repositoryRoot,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
    maxBuffer: 32 * 1024 * 1024,
  });
  const templateFile = readdirSync(outdir).find((file) => file.endsWith('.template.json'));
  if (!templateFile) throw new Error(`cdk synth wrote no template to ${outdir}`);
  template = Template.fromJSON(JSON.parse(readFileSync(join(outdir, templateFile), 'utf8')));
  bundles = measureBundles(outdir);
});
afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

const resourcesOf = (type: string) => Object.values(template.findResources(type));

describe('cdk synth of the real topology', () => {
  it('contains exactly the topology functions, each bundled', () => {
    // Besides the hub's functions the stack holds only CDK's own helper (the console's asset deployment).
    const lambdas = resourcesOf('AWS::Lambda::Function');
    const deployed = lambdas
      .map((fn) => fn.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME)
      .filter((name): name is string => typeof name === 'string');
    expect(lambdas.length - deployed.length).toBe(1);

    expect(deployed.sort()).toEqual(Object.keys(hubTopology.functions).sort());
    expect(bundles.map((b) => b.name)).toEqual(Object.keys(hubTopology.functions).sort());
    console.info(`Function bundles (cdk synth, stage dev):\n${bundleSizeTable(bundles)}`);
  });

  it('contains exactly the topology rules, with all their targets', () => {
    const rules = resourcesOf('AWS::Events::Rule');

    expect(rules.map((rule) => rule.Properties.Description).sort()).toEqual(
      hubTopology.rules.map((rule) => rule.description).sort(),
    );
    expect(rules.flatMap((rule) => rule.Properties.Targets)).toHaveLength(
      hubTopology.rules.flatMap((rule) => rule.targets).length,
    );
  });

  it('contains exactly the schedules that deploy to AWS', () => {
    const schedules = resourcesOf('AWS::Scheduler::Schedule');

    expect(schedules.map((s) => s.Properties.ScheduleExpression).sort()).toEqual(
      hubTopology.schedules
        .filter(deploysToAws)
        .map((s) => s.expression)
        .sort(),
    );
  });

  it('contains exactly the topology routes, each behind the JWT authorizer with its scopes unless public', () => {
    const routes = resourcesOf('AWS::ApiGatewayV2::Route');

    expect(routes.map((route) => route.Properties.RouteKey).sort()).toEqual(
      hubTopology.routes.map((route) => `${route.method} ${route.path}`).sort(),
    );
    for (const route of hubTopology.routes) {
      const deployed = routes.find((r) => r.Properties.RouteKey === `${route.method} ${route.path}`);
      expect(deployed?.Properties).toMatchObject(
        route.scopes.length > 0
          ? { AuthorizationType: 'JWT', AuthorizationScopes: route.scopes }
          : { AuthorizationType: 'NONE' },
      );
    }
  });

  it('gives every rule target a dead-letter queue and a retry policy', () => {
    const targets = resourcesOf('AWS::Events::Rule').flatMap((rule) => rule.Properties.Targets);

    for (const target of targets) {
      expect(target).toMatchObject({
        DeadLetterConfig: { Arn: expect.anything() },
        RetryPolicy: expect.anything(),
      });
    }
  });

  it('gives functions the topology grants only table reads no table write action (reads and writes are split)', () => {
    const readOnly = Object.entries(hubTopology.functions)
      .filter(([, spec]) => spec.grants.table === 'read')
      .map(([name]) => name);
    expect(readOnly).toEqual(expect.arrayContaining(['api-identity', 'api-privacy', 'api-customers-read']));

    for (const name of readOnly) {
      const [functionId, fn] =
        Object.entries(template.findResources('AWS::Lambda::Function')).find(
          ([, resource]) => resource.Properties.Environment.Variables.POWERTOOLS_SERVICE_NAME === name,
        ) ?? [];
      const roleId = fn?.Properties.Role['Fn::GetAtt'][0];
      expect(functionId, name).toBeDefined();
      template.resourcePropertiesCountIs(
        'AWS::IAM::Policy',
        {
          Roles: Match.arrayWith([{ Ref: roleId }]),
          PolicyDocument: {
            Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['dynamodb:PutItem']) })]),
          },
        },
        0,
      );
    }
  });

  it('subscribes exactly the topology stream consumers and the receipt functions of http targets', () => {
    const receiptQueues = hubTopology.rules.flatMap((rule) =>
      rule.targets.filter((target) => target.kind === 'http' && target.deliveryReceipts),
    );
    const mappings = resourcesOf('AWS::Lambda::EventSourceMapping');
    const fromQueues = mappings.filter((mapping) =>
      JSON.stringify(mapping.Properties?.EventSourceArn).includes('Dlq'),
    );

    expect(mappings).toHaveLength(hubTopology.streamSubscriptions.length + receiptQueues.length);
    expect(fromQueues).toHaveLength(receiptQueues.length);
  });
});

describe('cdk synth -c stage=prod without its settings', () => {
  it('names every missing setting on a line of its own, without a stack trace or schema wording', async () => {
    const failed = await run(
      'npx',
      ['cdk', 'synth', '--no-notices', '--quiet', '-c', 'stage=prod', '-o', outdir],
      {
        cwd: repositoryRoot,
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', CDK_DISABLE_VERSION_CHECK: 'true' },
      },
    ).then(
      () => undefined,
      (err: unknown) => err as { stderr: string },
    );

    const lines = failed?.stderr.split('\n') ?? [];
    expect(failed, 'synth of an unconfigured prod stage must fail').toBeDefined();
    for (const field of [
      'jwtIssuer',
      'jwtAudience',
      'alarmEmail',
      'settings.REACTION_ERP_PLANNED_ORDER_URL',
      'settings.REACTION_SALES_LEAD_URL',
    ]) {
      expect(
        lines.filter((line) => line.trim().startsWith(`- ${field}:`)),
        field,
      ).toHaveLength(1);
    }
    expect(failed?.stderr).not.toMatch(/^\s+at /m);
    expect(failed?.stderr).not.toMatch(/Invalid input|"code":/);
  });
});
