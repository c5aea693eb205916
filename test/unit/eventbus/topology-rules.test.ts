import { describe, expect, it } from 'vitest';
import { compileRule } from '../../../infra/local/eventbus/delivery/compiled-rule.ts';
import { hubTopology } from '../../../infra/topology/index.ts';

describe("the hub topology's rules", () => {
  it('declares at least one rule', () => {
    expect(hubTopology.rules.length).toBeGreaterThan(0);
  });

  it.each(hubTopology.rules.map((rule) => [rule.name, rule] as const))(
    '%s has a pattern and targets EventBridge would accept',
    (_name, rule) => {
      expect(() => compileRule(rule)).not.toThrow();
    },
  );
});
