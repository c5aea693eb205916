import type { PageProgress } from '../../../connectors/kit/sync-stream.ts';
import type { QuarantineEntry, StreamRunStatus } from '../../../core/ports/connector-state.ts';

/** `3 h 12 min`, `41 s`: a lag a person reads at a glance. */
export const formatDuration = (ms: number | undefined): string => {
  if (ms === undefined) return '-';
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 120) return `${min} min`;
  const h = Math.floor(min / 60);
  return h < 48 ? `${h} h ${min % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
};

/** One progress line of a running sync. */
export const formatProgress = (p: PageProgress): string => {
  const rate = p.elapsedMs > 0 ? Math.round((p.recordsRead * 1000) / p.elapsedMs) : 0;
  return `${p.connector}/${p.stream}  page ${p.pages}  read ${p.recordsRead}  written ${p.recordsWritten}  quarantined ${p.recordsQuarantined}  ${rate} rec/s`;
};

/** Table rows of stream statuses: status, when, lag, counts, last error. */
export const formatStatusTable = (statuses: readonly StreamRunStatus[], now: number): string[] => {
  const header = [
    'CONNECTOR/STREAM',
    'STATUS',
    'LAST RUN',
    'LAG',
    'READ',
    'WRITTEN',
    'QUARANTINED',
    'RELEASED',
    'ERROR',
  ];
  const rows = statuses.map((s) => [
    `${s.connector}/${s.stream}`,
    s.status,
    s.finishedAt ? `${formatDuration(now - Date.parse(s.finishedAt))} ago` : 'running',
    formatDuration(s.lagMs),
    String(s.recordsRead),
    String(s.recordsWritten),
    String(s.recordsQuarantined),
    s.recordsReleased === undefined ? '-' : String(s.recordsReleased),
    s.error ?? '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
};

/** One quarantine entry: when, where, which record, why, and the start of its payload. */
export const formatQuarantineEntry = (q: QuarantineEntry): string[] => {
  const raw = typeof q.raw === 'string' ? q.raw : JSON.stringify(q.raw);
  const times = q.occurrences > 1 ? `  (seen ${q.occurrences} times)` : '';
  return [
    `${q.lastSeenAt}  ${q.connector}/${q.stream}  ${q.recordKey}${times}`,
    `    reason: ${q.reason}`,
    `    raw:    ${raw.length > 160 ? `${raw.slice(0, 160)}…` : raw}`,
  ];
};
