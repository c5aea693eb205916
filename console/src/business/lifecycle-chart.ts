import type { ChartConfiguration } from 'chart.js';
import type { SegmentSummary } from '../../../schemas/api/segments.ts';

/** Lifecycle stages in the order a customer moves through them (segment values are dash-separated). */
export const LIFECYCLE_ORDER = [
  'prospect',
  'interested',
  'first-time',
  'doubtful',
  'short-term',
  'long-term',
  'dormant',
  'churned',
] as const;

const rank = (value: string) => {
  const at = (LIFECYCLE_ORDER as readonly string[]).indexOf(value);
  return at === -1 ? LIFECYCLE_ORDER.length : at;
};

/** The lifecycle segments in stage order; stages the hub names beyond the known ones come last. */
export const lifecycleDistribution = (segments: readonly SegmentSummary[]) =>
  segments
    .filter((s) => s.kind === 'lifecycle')
    .sort((a, b) => rank(a.value) - rank(b.value) || a.value.localeCompare(b.value));

/** A bar per stage, its height the number of customers in it now. */
export const lifecycleChartConfig = (stages: readonly SegmentSummary[]): ChartConfiguration<'bar'> => ({
  type: 'bar',
  data: {
    labels: stages.map((s) => s.label),
    datasets: [{ label: 'Customers', data: stages.map((s) => s.size), backgroundColor: '#0b5cad' }],
  },
  options: {
    animation: false,
    maintainAspectRatio: false,
    plugins: { legend: { display: false } },
    scales: {
      y: { beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'customers' } },
    },
  },
});
