import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { protectsData, resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { HubStack } from '../../infra/aws/hub-stack.ts';
import { ConfigError } from '../../schemas/config/parse-config.ts';
import { fixtureContext, fixtureEntryRoot, fixtureTopology } from './fixtures/topology.ts';

const cdkJsonContext: Record<string, unknown> = JSON.parse(
  readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'),
).context;

const minimal = { stage: 'qa', jwtIssuer: 'https://issuer.example.com/', jwtAudience: 'hub360' };

const problemsOf = (context: Record<string, unknown>): readonly string[] => {
  try {
    resolveStageConfig(context);
  } catch (err: unknown) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the context to be rejected');
};

describe('resolveStageConfig', () => {
  it('resolves the dev stage from cdk.json alone, so `npm run synth` needs no flags', () => {
    const config = resolveStageConfig(cdkJsonContext);

    expect(config.stage).toBe('dev');
    expect(config.jwtIssuer).toMatch(/^https:\/\//);
    expect(protectsData(config)).toBe(false);
  });

  it('refuses prod without an issuer and audience, naming both fields', () => {
    const problems = problemsOf({ ...cdkJsonContext, stage: 'prod' });

    expect(problems.some((p) => p.startsWith('jwtIssuer:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('jwtAudience:'))).toBe(true);
  });

  it('protects prod data and takes issuer, audience lists and settings from -c flags', () => {
    const config = resolveStageConfig({
      ...cdkJsonContext,
      stage: 'prod',
      jwtIssuer: 'https://login.example.com/tenant/v2.0',
      jwtAudience: 'api://hub360, agent-ui',
      alarmEmail: 'ops@example.com',
      'setting:CALL_CENTER_TASKS_URL': 'https://cc.example.com/tasks',
      'secretArn:sap-s4': 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:sap-s4-Ab12Cd',
    });

    expect(protectsData(config)).toBe(true);
    expect(config.jwtAudience).toEqual(['api://hub360', 'agent-ui']);
    expect(config.settings.CALL_CENTER_TASKS_URL).toBe('https://cc.example.com/tasks');
    expect(config.secrets['sap-s4']).toEqual({
      arn: 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:sap-s4-Ab12Cd',
    });
    expect(config.apiThrottle.rateLimit).toBe(200);
  });

  it('refuses prod without an alarm destination, and accepts an existing topic instead of an e-mail', () => {
    const prod = {
      ...cdkJsonContext,
      stage: 'prod',
      jwtIssuer: 'https://login.example.com/',
      jwtAudience: 'hub360',
    };

    expect(problemsOf(prod)).toEqual([expect.stringMatching(/^alarmEmail: is required for stage "prod"/)]);
    expect(
      resolveStageConfig({ ...prod, alarmTopicArn: 'arn:aws:sns:eu-central-1:123456789012:ops-pager' })
        .alarmTopicArn,
    ).toBe('arn:aws:sns:eu-central-1:123456789012:ops-pager');
  });

  it('says a missing value is required and how to set it, in one line without schema wording', () => {
    const problems = problemsOf({ stage: 'prod', hub360: {} });

    expect(problems).toContain(
      'jwtIssuer: is required (-c jwtIssuer=https://<issuer>/ (for Cognito https://cognito-idp.<region>.amazonaws.com/<pool-id>))',
    );
    expect(problems.some((p) => p.startsWith('jwtAudience: is required'))).toBe(true);
    expect(problems.join('\n')).not.toMatch(/Invalid input|expected|received/);
  });

  it('takes a scope prefix for identity providers that qualify scopes (Cognito resource servers)', () => {
    expect(resolveStageConfig({ ...minimal, scopePrefix: 'hub360/' }).scopePrefix).toBe('hub360/');
    expect(problemsOf({ ...minimal, scopePrefix: 'hub 360/' })).toEqual([
      expect.stringMatching(/^scopePrefix: must be a scope prefix/),
    ]);
  });

  it('keeps archived events and landed files at most 30 days, so erasure reaches them within a month', () => {
    const problems = problemsOf({
      ...minimal,
      hub360: { stages: { qa: { eventArchiveRetentionDays: 90, landingRetentionDays: 0 } } },
    });

    expect(problems.some((p) => p.startsWith('eventArchiveRetentionDays: must be at most 30'))).toBe(true);
    expect(problems.some((p) => p.startsWith('landingRetentionDays:'))).toBe(true);
  });

  it('names the field of a plain-http setting, a bad e-mail and an impossible log retention', () => {
    const problems = problemsOf({
      ...minimal,
      'setting:ERP_DEMAND_URL': 'http://erp.example.com',
      alarmEmail: 'not-an-address',
      hub360: { stages: { qa: { logRetentionDays: 10 } } },
    });

    expect(problems.some((p) => p.startsWith('settings.ERP_DEMAND_URL:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('alarmEmail:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('logRetentionDays:'))).toBe(true);
  });

  it('rejects a missing stage and a secret ARN without its suffix', () => {
    const problems = problemsOf({
      ...minimal,
      stage: undefined,
      'secretArn:erp': 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:erp',
    });

    expect(problems.some((p) => p.startsWith('stage:'))).toBe(true);
    expect(problems.some((p) => p.startsWith('secrets.erp'))).toBe(true);
  });

  it('rejects a connection with an unknown kind and a typo in a stage block', () => {
    const problems = problemsOf({
      ...minimal,
      hub360: {
        stages: { qa: { connections: { erp: { kind: 'digest' } }, corsOrigin: ['https://x.example'] } },
      },
    });

    expect(problems.some((p) => p.startsWith('connections.erp'))).toBe(true);
    expect(problems.some((p) => p.includes('corsOrigin'))).toBe(true);
  });
});

describe('HubStack against the stage config', () => {
  const build = (context: Record<string, unknown>) => () =>
    new HubStack(new App(), 'hub360-qa', {
      config: resolveStageConfig(context),
      topology: fixtureTopology,
      entryRoot: fixtureEntryRoot,
    });

  it('stops before bundling when an http target URL setting is missing, naming every missing one', () => {
    expect(
      build({
        ...fixtureContext,
        'setting:ERP_DEMAND_URL': undefined,
        'setting:OPEN_WEBHOOK_URL': undefined,
      }),
    ).toThrow(
      /settings\.ERP_DEMAND_URL: is required by an http rule target[\s\S]*settings\.OPEN_WEBHOOK_URL/,
    );
  });

  it('refuses secrets and connections the topology does not use, naming each', () => {
    const context = {
      ...fixtureContext,
      'secretArn:erp-basics': 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:erp-basics-Ab12Cd',
      hub360: { stages: { test: { connections: { 'cursor-key': { kind: 'apiKey' } } } } },
    };

    expect(build(context)).toThrow(
      /secrets\.erp-basics: the topology refers to no secret[\s\S]*connections\.cursor-key: no http target/,
    );
  });

  it('refuses connector instances the connector would refuse at its first run, naming the field', () => {
    const context = {
      ...fixtureContext,
      hub360: {
        stages: {
          test: {
            functionEnvironment: {
              'connector-sync': {
                HUB_CONNECTORS: {
                  'sap-s4': { preset: 'sap-s4', baseUrl: 'https://sap.example.com', auth: { kind: 'basic' } },
                },
              },
            },
          },
        },
      },
    };

    expect(build(context)).toThrow(
      /functionEnvironment\.connector-sync\.HUB_CONNECTORS\.sap-s4\.auth\.secret/,
    );
  });

  it('refuses per-function environment for a function the topology does not declare', () => {
    const context = {
      ...fixtureContext,
      hub360: {
        stages: { test: { functionEnvironment: { 'conector-sync': { SAP_S4_BASE_URL: 'https://x' } } } },
      },
    };

    expect(build(context)).toThrow(/functionEnvironment\.conector-sync: the topology declares no function/);
  });
});
