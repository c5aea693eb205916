import { createHash } from 'node:crypto';
import type { InsightsConfig } from '../../../schemas/config/insights-config.ts';
import type { CanonicalRecord } from '../../../schemas/entities/canonical-record.ts';
import type { CustomerFacts } from '../../../schemas/entities/customer-facts.ts';
import type { KeyCustomerStanding, RfmBoundaries } from '../../../schemas/entities/customer-insights.ts';
import { recordFromItem } from '../../identity/cluster.ts';
import { keys } from '../../items/keys.ts';
import type { Item } from '../../items/record-items.ts';
import type { WriteOp } from '../../items/write-ops.ts';
import { buildCustomerFacts } from '../customer-facts.ts';
import { evaluateInsights, type InsightEvaluation } from '../evaluate-insights.ts';
import { displayNameOfPartition } from './display-name.ts';
import {
  buildInsightsItem,
  buildMembershipItem,
  type InsightsItem,
  parseInsightsItem,
  parseMembershipItem,
} from './insight-items.ts';
import { keyOrderFreeJson } from './key-order-free-json.ts';
import { sameButForTime } from './same-but-for-time.ts';
import { membershipsOf } from './segments.ts';

/** What a recomputation of one customer needs besides the customer's own partition. */
export interface InsightsPlanInput {
  readonly customerId: string;
  /** Every item of the customer's partition (one Query). */
  readonly items: readonly Item[];
  readonly config: InsightsConfig;
  readonly now: string;
  readonly rfmBoundaries: RfmBoundaries | null;
  /** A new key-customer standing from a population run; absent keeps the stored one. */
  readonly keyCustomer?: KeyCustomerStanding | null;
}

export type InsightsPlan =
  /** Nothing worth writing changed (a replay, a redelivery, a change that moves no insight). */
  | { readonly kind: 'unchanged'; readonly facts: CustomerFacts | null }
  /** Write these ops atomically; the first is guarded by the stored version, so a concurrent write makes it fail. */
  | {
      readonly kind: 'write';
      readonly ops: readonly WriteOp[];
      readonly facts: CustomerFacts | null;
      readonly evaluation: InsightEvaluation | null;
    };

const isMembership = (item: Item) => item.sk.startsWith(keys.insightMembership(''));

/** Everything that decides what a reader sees, without the evaluation time (which moves on every run). */
export const insightsFingerprint = (evaluation: InsightEvaluation): string => {
  const { computedAt: _time, ...detail } = evaluation.detail;
  return createHash('sha256')
    .update(keyOrderFreeJson({ state: evaluation.state, detail }))
    .digest('hex')
    .slice(0, 32);
};

/** The customer's canonical records and the facts summary built from them. */
export const factsOfPartition = (customerId: string, items: readonly Item[]): CustomerFacts =>
  buildCustomerFacts(
    customerId,
    items.filter((i) => i.kind === 'record').map((i) => recordFromItem(i) as CanonicalRecord),
  );

const versionGuard = (stored: InsightsItem | undefined) =>
  stored
    ? ({ kind: 'matches', attributes: { version: stored.version } } as const)
    : ({ kind: 'absent' } as const);

/**
 * Plans the writes that bring one customer's insights up to date with its partition. Pure: the same items,
 * config and clock give the same plan, and applying a plan then planning again gives `unchanged`. A
 * customer that is no longer active (merged away, erased, unknown) loses its insights and leaves its segments.
 */
export const planInsightsWrite = (input: InsightsPlanInput): InsightsPlan => {
  const { customerId, items } = input;
  const profile = items.find((i) => i.sk === keys.profile);
  const storedItem = items.find((i) => i.sk === keys.insights);
  const stored = storedItem ? parseInsightsItem(storedItem) : undefined;
  const memberships = items.filter(isMembership);

  if (profile?.status !== 'active') {
    const ops: WriteOp[] = [
      ...(stored
        ? [
            {
              op: 'delete',
              key: { pk: keys.customer(customerId), sk: keys.insights },
              condition: versionGuard(stored),
            } as const,
          ]
        : []),
      ...memberships.map((m) => ({ op: 'delete', key: { pk: m.pk, sk: m.sk } }) as const),
    ];
    return ops.length === 0
      ? { kind: 'unchanged', facts: null }
      : { kind: 'write', ops, facts: null, evaluation: null };
  }

  const facts = factsOfPartition(customerId, items);
  const storedStanding = stored?.detail.keyCustomer ?? null;
  // A population run that ranks the customer as before keeps the stored standing (and its time).
  const keyCustomer =
    input.keyCustomer === undefined || sameButForTime(input.keyCustomer, storedStanding)
      ? storedStanding
      : input.keyCustomer;
  const evaluation = evaluateInsights(stored?.state, facts, input.config, input.now, {
    keyCustomer,
    rfmBoundaries: input.rfmBoundaries,
  });
  const fingerprint = insightsFingerprint(evaluation);

  // A rename in a source moves no insight but must reach the segment lists, so it is compared below too.
  const displayName = displayNameOfPartition(items);
  const wanted = new Map(
    membershipsOf(evaluation.detail).map((m) => {
      const item = buildMembershipItem(customerId, m, displayName);
      return [item.sk, item] as const;
    }),
  );
  const membershipOps: WriteOp[] = [];
  for (const [sk, item] of wanted) {
    const current = memberships.find((m) => m.sk === sk);
    const same =
      current !== undefined &&
      (() => {
        const parsed = parseMembershipItem(current);
        return (
          parsed.segment === item.segment &&
          parsed.since === item.since &&
          parsed.reason === item.reason &&
          parsed.displayName === displayName
        );
      })();
    if (!same) membershipOps.push({ op: 'put', item });
  }
  for (const current of memberships) {
    if (!wanted.has(current.sk))
      membershipOps.push({ op: 'delete', key: { pk: current.pk, sk: current.sk } });
  }

  if (stored?.fingerprint === fingerprint && membershipOps.length === 0) return { kind: 'unchanged', facts };
  const item = buildInsightsItem(evaluation, (stored?.version ?? 0) + 1, fingerprint, input.now);
  return {
    kind: 'write',
    ops: [{ op: 'put', item, condition: versionGuard(stored) }, ...membershipOps],
    facts,
    evaluation,
  };
};
