import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DeadLetterSchema, DeadLetterStore } from '../../../infra/local/dead-letters.ts';

describe('DeadLetterStore', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = mkdtempSync(join(tmpdir(), 'hub360-dlq-'));
    dirs.push(dir);
    return join(dir, 'nested', 'dead-letters.jsonl');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('adds an id and the time, and lists by exact origin or origin prefix', () => {
    const store = new DeadLetterStore({ now: () => new Date('2026-11-23T08:00:00.000Z') });

    const added = store.add({
      origin: 'rule:churn/target:crm',
      reason: 'HTTP 500',
      attempts: 3,
      payload: { a: 1 },
    });
    store.add({ origin: 'function:stream-publisher', reason: 'boom', attempts: 3, payload: {} });

    expect(DeadLetterSchema.parse(added)).toEqual(added);
    expect(added.time).toBe('2026-11-23T08:00:00.000Z');
    expect(store.list()).toHaveLength(2);
    expect(store.list({ origin: 'rule:churn/target:crm' })).toEqual([added]);
    expect(store.list({ origin: 'rule:*' })).toEqual([added]);
    expect(store.list({ origin: 'rule:churn' })).toEqual([]);
  });

  it('keeps dead letters across restarts in a JSON-lines file', () => {
    const file = tempFile();
    const first = new DeadLetterStore({ file });
    const added = first.add({ origin: 'function:f', reason: 'timeout', attempts: 3, payload: { id: 'e1' } });

    const reopened = new DeadLetterStore({ file });

    expect(reopened.list()).toEqual([added]);
    expect(readFileSync(file, 'utf8').trim().split('\n')).toHaveLength(1);
  });

  it('skips and reports unreadable lines instead of failing to start', () => {
    const file = tempFile();
    new DeadLetterStore({ file }).add({ origin: 'function:f', reason: 'x', attempts: 1, payload: null });
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"id": "cut-short\n{"id":"x"}\n`);
    const problems: number[] = [];

    const store = new DeadLetterStore({ file, onCorruptLine: (line) => problems.push(line) });

    expect(store.list()).toHaveLength(1);
    expect(problems).toEqual([2, 3]);
  });
});
