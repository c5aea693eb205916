import type { TopologyInput } from '../schema.ts';

type RuleInput = NonNullable<TopologyInput['rules']>[number];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * History is not news: every reaction rule matches only events without `detail.metadata.backfill`
 * (initial load, full resync, replay) and without `replay-name`, unless its pattern already says
 * something about that field, which is how a rule opts in to history or to replays. `replay-name` is
 * the field EventBridge adds to every event an archive replay re-sends (the local bus does the same):
 * on AWS a replayed event is otherwise unchanged, so the backfill marker alone would let it through.
 */
export const ignoreBackfill = (rules: readonly RuleInput[]): RuleInput[] =>
  rules.map((rule) => {
    const detail = isRecord(rule.pattern.detail) ? rule.pattern.detail : {};
    const metadata = isRecord(detail.metadata) ? detail.metadata : {};
    const pattern =
      'replay-name' in rule.pattern ? rule.pattern : { ...rule.pattern, 'replay-name': [{ exists: false }] };
    if ('backfill' in metadata) return { ...rule, pattern };
    return {
      ...rule,
      pattern: {
        ...pattern,
        detail: { ...detail, metadata: { ...metadata, backfill: [{ exists: false }] } },
      },
    };
  });
