import { describe, expect, it } from 'vitest';
import { DeliverySweepInputSchema } from '../../../app/reactions/infer-deliveries.ts';
import { deploysToAws } from '../../../infra/aws/constructs/connector-schedules.ts';
import { runsLocally } from '../../../infra/local/scheduler/local-scheduler.ts';
import { hubTopology, loadTopology } from '../../../infra/topology/index.ts';
import {
  DELIVERY_INFERENCE_MARGIN_SECONDS,
  DELIVERY_INFERENCE_SCHEDULE_NAME,
} from '../../../infra/topology/parts/reaction-rules.ts';
import { schedulePeriodSeconds } from '../../../infra/topology/schedule-period.ts';

const sweep = hubTopology.schedules.find((s) => s.name === DELIVERY_INFERENCE_SCHEDULE_NAME);
const receiptTargets = hubTopology.rules.flatMap((rule) =>
  rule.targets.flatMap((target) =>
    target.kind === 'http' && target.deliveryReceipts ? [{ rule: rule.name, target }] : [],
  ),
);

describe('the delivery inference sweep of the topology', () => {
  it('runs hourly on AWS only, against the function that receives the delivery receipts', () => {
    expect(sweep).toBeDefined();
    expect(schedulePeriodSeconds(sweep?.expression ?? '')).toBe(3600);
    expect(new Set(receiptTargets.map(({ target }) => target.deliveryReceipts?.function))).toEqual(
      new Set([sweep?.function]),
    );
    expect(sweep && deploysToAws(sweep)).toBe(true);
    expect(sweep && runsLocally(sweep)).toBe(false);
  });

  it("waits out every receipt target's retry window plus the margin before it infers, and reads back further", () => {
    const input = DeliverySweepInputSchema.parse(sweep?.input);
    const longestWindow = Math.max(
      ...receiptTargets.map(({ target }) => target.retryPolicy.maximumEventAgeSeconds),
    );

    expect(input.settleAfterSeconds).toBeGreaterThanOrEqual(
      longestWindow + DELIVERY_INFERENCE_MARGIN_SECONDS,
    );
    expect(DELIVERY_INFERENCE_MARGIN_SECONDS).toBeGreaterThanOrEqual(3600);
    expect(input.lookBackSeconds).toBeGreaterThan(input.settleAfterSeconds + 3600);
  });

  it('infers only for rules whose failures are reported: every rule the ledger records has a receipt target', () => {
    const recorded = hubTopology.rules.filter((rule) =>
      rule.targets.some(
        (target) =>
          target.kind === 'function' && target.function === sweep?.function && target.inputTransformer,
      ),
    );

    expect(recorded.length).toBeGreaterThan(0);
    expect(recorded.map((rule) => rule.name)).toEqual(
      recorded
        .filter((rule) => rule.targets.some((target) => target.kind === 'http' && target.deliveryReceipts))
        .map((rule) => rule.name),
    );
  });

  it('refuses a schedule that is both localOnly and awsOnly', () => {
    expect(() =>
      loadTopology([
        {
          functions: { sweeper: { entry: 'functions/sweeper.ts', description: 'sweeps' } },
          streamSubscriptions: [],
          schedules: [
            {
              name: 'both-places',
              description: 'neither here nor there',
              expression: 'rate(1 hour)',
              function: 'sweeper',
              localOnly: true,
              awsOnly: true,
            },
          ],
          rules: [],
          routes: [],
        },
      ]),
    ).toThrow(/schedules\[0\]: cannot be both localOnly and awsOnly/);
  });
});
