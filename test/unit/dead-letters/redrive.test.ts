import { describe, expect, it, vi } from 'vitest';
import { createDeadLetterRequests } from '../../../app/api/dead-letter-requests.ts';
import { DeadLetterNotFoundError } from '../../../core/ports/dead-letter-queue.ts';
import { DeadLetterStore } from '../../../infra/local/dead-letters.ts';
import { createRedrive, RedriveRefusedError } from '../../../infra/local/eventbus/delivery/redrive.ts';

const event = {
  version: '0',
  id: 'evt-1',
  'detail-type': 'InteractionRecorded',
  source: 'hub360.service',
  account: '000000000000',
  time: '2026-12-01T10:00:00Z',
  region: 'eu-central-1',
  resources: [],
  detail: { interaction: { category: 'complaint' } },
};
const now = () => new Date('2026-12-01T11:00:00Z');

describe('createRedrive (local bus)', () => {
  it('hands a rule dead letter to its one target again and removes it from the store', async () => {
    const deadLetters = new DeadLetterStore();
    const letter = deadLetters.add({
      origin: 'rule:complaints/target:pdm',
      reason: 'HTTP 400',
      attempts: 1,
      payload: event,
    });
    const redeliver = vi.fn(() => undefined);
    const redrive = createRedrive({ deadLetters, dispatcher: { redeliver }, invokeFunction: vi.fn(), now });

    const outcome = await redrive(letter.id);

    expect(redeliver).toHaveBeenCalledWith('complaints', 'pdm', event);
    expect(outcome).toMatchObject({
      id: letter.id,
      origin: 'rule:complaints/target:pdm',
      redrivenAt: now().toISOString(),
    });
    expect(deadLetters.list()).toEqual([]);
  });

  it('invokes the function of a function or stream dead letter again with its payload', async () => {
    const deadLetters = new DeadLetterStore();
    const letter = deadLetters.add({
      origin: 'function:connector-sync',
      reason: 'timeout',
      attempts: 3,
      payload: { connector: 'sap-s4' },
    });
    const invokeFunction = vi.fn(async () => {});
    const redrive = createRedrive({ deadLetters, dispatcher: { redeliver: vi.fn() }, invokeFunction, now });

    await redrive(letter.id);

    expect(invokeFunction).toHaveBeenCalledWith('connector-sync', { connector: 'sap-s4' });
    expect(deadLetters.size).toBe(0);
  });

  it('keeps a dead letter whose rule target no longer exists and says why', async () => {
    const deadLetters = new DeadLetterStore();
    const letter = deadLetters.add({
      origin: 'rule:gone/target:x',
      reason: 'HTTP 500',
      attempts: 4,
      payload: event,
    });
    const redrive = createRedrive({
      deadLetters,
      dispatcher: { redeliver: () => ({ reason: 'rule gone has no target x any more' }) },
      invokeFunction: vi.fn(),
      now,
    });

    await expect(redrive(letter.id)).rejects.toThrow(
      new RedriveRefusedError('rule gone has no target x any more'),
    );
    expect(deadLetters.size).toBe(1);
  });

  it('answers undefined for an id no dead letter has', async () => {
    const redrive = createRedrive({
      deadLetters: new DeadLetterStore(),
      dispatcher: { redeliver: vi.fn() },
      invokeFunction: vi.fn(),
      now,
    });

    await expect(redrive('nope')).resolves.toBeUndefined();
  });
});

describe('createDeadLetterRequests', () => {
  it('lists newest first and raises DeadLetterNotFoundError for an unknown redrive', async () => {
    const letters = [
      {
        id: 'a',
        time: '2026-12-01T09:00:00.000Z',
        origin: 'function:f',
        reason: 'r',
        attempts: 1,
        payload: {},
      },
      {
        id: 'b',
        time: '2026-12-01T10:00:00.000Z',
        origin: 'function:f',
        reason: 'r',
        attempts: 1,
        payload: {},
      },
    ];
    const requests = createDeadLetterRequests({ list: async () => letters, redrive: async () => undefined });

    const listed = await requests.list({});

    expect(listed.items.map((l) => l.id)).toEqual(['b', 'a']);
    await expect(requests.redrive('x')).rejects.toThrow(DeadLetterNotFoundError);
  });
});
