/** Fixtures of the outcome-tally tests: a ledger record of a rule, its delivery and a later movement. */
export const record = (kind = 'retentionTask', at = '2026-03-01T10:15:00.000Z') => ({
  reactionId: `e-1.rule-${kind}`,
  rule: `rule-${kind}`,
  system: 'call-center' as const,
  kind,
  at,
  eventId: 'e-1',
  detailType: 'X',
  customerId: 'cus_1',
  summary: 's',
});
export const delivered = { status: 'delivered' as const, at: '2026-03-01T10:16:00.000Z', attempts: 1 };
export const movement = { at: '2026-03-05T09:00:00.000Z', evidence: 'order SO-1' };
