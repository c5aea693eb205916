/** One page's progress as the hub streams it back during a sync. */
export interface ProgressUpdate {
  readonly stream: string;
  readonly pages: number;
  readonly recordsRead: number;
  readonly recordsWritten: number;
  readonly recordsQuarantined: number;
  readonly elapsedMs: number;
  readonly total?: number;
}

const BAR_WIDTH = 24;

/**
 * `oracle-scm/shipments  [#########...............]  812/2000 records  9 pages  406 rec/s  3 quarantined`;
 * without a total from the source the bar is left out and the counts stand alone.
 */
export const formatProgressBar = (connector: string, p: ProgressUpdate): string => {
  const rate = p.elapsedMs > 0 ? Math.round((p.recordsRead * 1000) / p.elapsedMs) : 0;
  const total = p.total !== undefined && p.total > 0 ? p.total : undefined;
  const filled =
    total === undefined ? 0 : Math.min(BAR_WIDTH, Math.round((p.recordsRead / total) * BAR_WIDTH));
  const bar = total === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]  `;
  const records = total === undefined ? `${p.recordsRead} records` : `${p.recordsRead}/${total} records`;
  const quarantined = p.recordsQuarantined > 0 ? `  ${p.recordsQuarantined} quarantined` : '';
  return `${connector}/${p.stream}  ${bar}${records}  ${p.pages} page${p.pages === 1 ? '' : 's'}  ${rate} rec/s${quarantined}`;
};
