import type { TopologyInput } from '../schema.ts';

type RuleInput = NonNullable<TopologyInput['rules']>[number];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * History is not news: every reaction rule matches only events without `detail.metadata.backfill`
 * (initial load, full resync, replay), unless its pattern already says something about that field,
 * which is how a rule opts in to history.
 */
export const ignoreBackfill = (rules: readonly RuleInput[]): RuleInput[] =>
  rules.map((rule) => {
    const detail = isRecord(rule.pattern.detail) ? rule.pattern.detail : {};
    const metadata = isRecord(detail.metadata) ? detail.metadata : {};
    if ('backfill' in metadata) return rule;
    return {
      ...rule,
      pattern: {
        ...rule.pattern,
        detail: { ...detail, metadata: { ...metadata, backfill: [{ exists: false }] } },
      },
    };
  });
