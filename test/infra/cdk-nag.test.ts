import type { PolicyValidationPluginReport } from 'aws-cdk-lib';
import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fixtureConfig, fixtureEntryRoot, fixtureTopology } from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';

// One synthesis of the fixture stack (every kind of topology entry) for the whole file.
let hub: SynthesizedHub;
let report: PolicyValidationPluginReport;
beforeAll(() => {
  hub = synthHubStack(fixtureTopology, fixtureConfig, fixtureEntryRoot);
  report = new AwsSolutionsChecks().validateScope(hub.stack);
});

type Acknowledgement = { readonly id: string; readonly reason: string; readonly path: string };

const AcknowledgedRulesSchema = z.record(z.string(), z.string());

/** Every acknowledgement recorded anywhere in the tree (`{ "<kind>::<rule id>": reason }`), with its construct. */
const acknowledgements = (root: IConstruct): Acknowledgement[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) => Object.entries(AcknowledgedRulesSchema.parse(entry.data)))
      .map(([key, reason]) => ({ id: key.replace(/^[A-Za-z]+::/, ''), reason, path: construct.node.path })),
  );

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding', () => {
    const findings = report.violations.map(
      (violation) =>
        `${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`,
    );

    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('has a written reason for every acknowledgement', () => {
    const acks = acknowledgements(hub.stack);

    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThan(40);
  });

  it('acknowledges on resources, never on the whole stack or app', () => {
    const paths = acknowledgements(hub.stack).map((ack) => ack.path);

    expect(paths).not.toContain(hub.stack.node.path);
    expect(paths.every((path) => path.startsWith(`${hub.stack.node.path}/`))).toBe(true);
  });

  it('acknowledges IAM wildcards finding by finding, not the whole IAM5 rule', () => {
    const iam5 = acknowledgements(hub.stack).filter((ack) => ack.id.startsWith('AwsSolutions-IAM5'));

    expect(iam5.length).toBeGreaterThan(0);
    expect(iam5.every((ack) => /^AwsSolutions-IAM5\[(Resource|Action)::.+\]$/.test(ack.id))).toBe(true);
  });
});
