import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, it } from 'vitest';
import { resolveStageConfig } from '../../infra/aws/config/stage-config.ts';
import { loadTopology } from '../../infra/topology/index.ts';
import { reactionsPart } from '../../infra/topology/parts/reactions.ts';
import { fixtureContext } from './fixtures/topology.ts';
import { type SynthesizedHub, synthHubStack } from './support/synth-hub-stack.ts';

/**
 * ERP production planning through API destinations, synthesized from the hub's own demand rules
 * (no functions, so nothing is bundled): one planned order per key, upserted and withdrawn by key.
 */
let hub: SynthesizedHub;
beforeAll(() => {
  // The fixture stage's own settings and secrets belong to its topology; keep only what every stage has.
  const { stage, jwtIssuer, jwtAudience, corsOrigins, alarmEmail, scopePrefix } = fixtureContext;
  hub = synthHubStack(
    loadTopology([reactionsPart]),
    resolveStageConfig({
      stage,
      jwtIssuer,
      jwtAudience,
      corsOrigins,
      alarmEmail,
      scopePrefix,
      'setting:REACTION_ERP_PLANNED_ORDER_URL': 'https://erp.example.com/planned-orders/',
    }),
  );
});

const destinationRef = (method: string) => {
  const [id] = Object.keys(
    hub.template.findResources('AWS::Events::ApiDestination', { Properties: { HttpMethod: method } }),
  );
  return { 'Fn::GetAtt': [id, 'Arn'] };
};

describe('ERP planned-order API destinations', () => {
  it('upsert with PUT <url>/* and withdraw with DELETE <url>/*, both rate-limited', () => {
    for (const method of ['PUT', 'DELETE']) {
      hub.template.hasResourceProperties('AWS::Events::ApiDestination', {
        HttpMethod: method,
        InvocationEndpoint: 'https://erp.example.com/planned-orders/*',
        InvocationRateLimitPerSecond: Match.anyValue(),
      });
    }
    hub.template.resourceCountIs('AWS::Events::ApiDestination', 2);
  });

  it('fill the path parameter with the signal key and send the idempotency key as a header', () => {
    for (const [method, description] of [
      ['PUT', 'upserts its one planned order'],
      ['DELETE', 'withdraws its planned order'],
    ] as const) {
      hub.template.hasResourceProperties('AWS::Events::Rule', {
        Description: Match.stringLikeRegexp(description),
        EventPattern: Match.objectLike({
          source: ['hub360.demand'],
          detail: { metadata: { backfill: [{ exists: false }] } },
        }),
        Targets: [
          Match.objectLike({
            Arn: destinationRef(method),
            HttpParameters: {
              PathParameterValues: ['$.detail.signalKey'],
              HeaderParameters: { 'Idempotency-Key': '$.detail.idempotencyKey' },
            },
            DeadLetterConfig: Match.anyValue(),
          }),
        ],
      });
    }
  });

  it('send the planned requirement as the PUT body and nothing but the key for DELETE', () => {
    hub.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: destinationRef('PUT'), InputPath: '$.detail.plannedOrder' })],
    });
    hub.template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: destinationRef('DELETE'), InputPath: Match.absent() })],
    });
  });
});
