import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlimitedTimeBudget } from '../../../connectors/kit/time-budget.ts';
import { storeRecordKey } from './expectations.ts';
import { type Harness, startHarness } from './harness.ts';

/** Issue 14: service-desk tickets become interactions with channel, category, part, status and agent. */
describe('Zendesk tickets as canonical interactions', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ only: 'service-desk', sandbox: { scale: 20 } });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('maps every ticket the export serves, category and part from the configured custom fields, agent from the side-loaded users', async () => {
    await h.sandbox.tick();

    const result = await h.service.sync(
      { connector: 'service-desk', full: false },
      { timeBudget: unlimitedTimeBudget },
    );
    const tickets = h.sandbox.truth().serviceDesk.tickets.filter((t) => t.status !== 'deleted');
    const prefix = storeRecordKey('interaction', 'service-desk', 'tickets', '');
    const sent = new Map(
      h.recorder
        .all()
        .filter((r) => r.recordKey.startsWith(prefix))
        .map((r) => [r.recordKey.slice(prefix.length), r.data as Record<string, unknown>]),
    );

    expect(result.failed).toEqual([]);
    expect(result.streams[0]?.recordsQuarantined).toBe(0);
    console.info(`service-desk: ${sent.size} interactions of ${tickets.length} tickets`);
    expect(sent.size).toBe(tickets.length);
    const channels = { email: 'email', voice: 'phone', web: 'web', chat: 'chat' } as Record<string, string>;
    for (const ticket of tickets) {
      const fields = new Map(
        (ticket.custom_fields as { id: number; value: string }[]).map((f) => [f.id, f.value]),
      );
      const data = sent.get(String(ticket.id));
      expect(data, String(ticket.id)).toMatchObject({
        interactionId: String(ticket.id),
        kind: 'serviceCase',
        channel: channels[String((ticket.via as { channel: string }).channel)],
        category: fields.get(360_000_000_102),
        partNumber: fields.get(360_000_000_101),
        subject: ticket.subject,
      });
      // Assigned tickets name their agent (from the side-loaded user, not the bare id); new ones have none.
      if (ticket.assignee_id === null) expect(data?.agent).toBeUndefined();
      else expect(data?.agent).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });
});
