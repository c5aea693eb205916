import type { ChartConfiguration } from 'chart.js';
import type { DemandPicture } from '../../../schemas/api/demand.ts';

/** One step of the signal's history as the chart and its table show it. */
export interface SignalStep {
  readonly revision: number;
  readonly decidedAt: string;
  readonly status: 'open' | 'withdrawn';
  /** What ERP holds as planned after this decision: the shortage, or 0 once withdrawn. */
  readonly plannedQuantity: number;
  readonly needBy: string;
  readonly signalKey: string;
  /** `raised`, `superseded` or `withdrawn`, read from the revision and status. */
  readonly change: 'raised' | 'superseded' | 'withdrawn';
}

/** The signal's revisions in order, each with what it did to the planned order. */
export const signalSteps = (picture: Pick<DemandPicture, 'signalHistory'>): SignalStep[] =>
  picture.signalHistory.map((state, index, all) => {
    const before = all[index - 1];
    const change =
      state.status === 'withdrawn'
        ? 'withdrawn'
        : before === undefined || before.status === 'withdrawn' || before.signalKey !== state.signalKey
          ? 'raised'
          : 'superseded';
    return {
      revision: state.revision,
      decidedAt: state.decidedAt,
      status: state.status,
      plannedQuantity: state.status === 'open' ? state.quantityShort : 0,
      needBy: state.needBy,
      signalKey: state.signalKey,
      change,
    };
  });

/**
 * The planned quantity ERP held over time as a stepped line: it holds its value until the next decision,
 * which is how a planned order behaves (nothing changes between revisions).
 */
export const signalHistoryChartConfig = (
  steps: readonly SignalStep[],
  label: (iso: string) => string,
): ChartConfiguration<'line'> => ({
  type: 'line',
  data: {
    labels: steps.map((s) => label(s.decidedAt)),
    datasets: [
      {
        label: 'Planned quantity short (0 = withdrawn)',
        data: steps.map((s) => s.plannedQuantity),
        stepped: 'before',
        borderColor: '#a4161a',
        backgroundColor: '#a4161a',
        pointRadius: 4,
        pointStyle: steps.map((s) => (s.status === 'withdrawn' ? 'crossRot' : 'circle')),
      },
    ],
  },
  options: {
    animation: false,
    maintainAspectRatio: false,
    scales: {
      x: { title: { display: true, text: 'when the hub decided' } },
      y: { beginAtZero: true, title: { display: true, text: 'units short' } },
    },
  },
});
