import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileEventArchive } from '../../../infra/local/eventbus/archive/file-event-archive.ts';
import { buildEventEnvelope } from '../../../infra/local/eventbus/envelope.ts';

const event = (n: number, time: string) =>
  buildEventEnvelope({
    id: `e-${n}`,
    source: 'hub360.test',
    detailType: 'Thing',
    detail: { n, padding: 'x'.repeat(200) },
    resources: [],
    time: new Date(time),
    region: 'eu-central-1',
    account: '123456789012',
  });

describe('file event archive', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back events since a time, oldest first, across restarts', () => {
    dir = mkdtempSync(join(tmpdir(), 'hub360-archive-'));
    const first = new FileEventArchive({ dir });
    first.append(event(1, '2026-03-01T00:00:00Z'), 'bus');
    first.append(event(2, '2026-03-02T00:00:00Z'), 'bus');
    first.flush();

    const reopened = new FileEventArchive({ dir });
    reopened.append(event(3, '2026-03-03T00:00:00Z'), 'bus');

    const ids = [...reopened.eventsSince(new Date('2026-03-02T00:00:00Z'))].map((a) => a.event.id);
    expect(ids).toEqual(['e-2', 'e-3']);
  });

  it('stays bounded: rotates segments and deletes the oldest beyond the limit', () => {
    dir = mkdtempSync(join(tmpdir(), 'hub360-archive-'));
    const archive = new FileEventArchive({ dir, maxSegmentBytes: 1_000, maxSegments: 3 });

    for (let n = 0; n < 40; n++) archive.append(event(n, '2026-03-01T00:00:00Z'), 'bus');
    archive.flush();

    const kept = [...archive.eventsSince(new Date(0))].map((a) => a.event.id);
    expect(readdirSync(dir)).toHaveLength(3);
    expect(kept.length).toBeLessThan(40);
    expect(kept.at(-1)).toBe('e-39');
  });
});
