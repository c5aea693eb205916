import { useMemo } from 'preact/hooks';
import type { DemandPicture } from '../../../schemas/api/demand.ts';
import { ChartCanvas } from '../charts/chart-canvas.tsx';
import { formatDate } from '../ui/format.ts';
import { Empty } from '../ui/panel.tsx';
import { signalHistoryChartConfig, signalSteps } from './signal-history-chart.ts';

const units = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(n);

/** The demand signal over time: each decision the hub sent ERP, as a stepped chart and as a table. */
export const SignalHistory = (props: { picture: DemandPicture }) => {
  const steps = useMemo(() => signalSteps(props.picture), [props.picture]);
  const config = useMemo(() => signalHistoryChartConfig(steps, formatDate), [steps]);
  return (
    <section class="signal-history" aria-labelledby="signal-history-title" data-signal-history={steps.length}>
      <h3 id="signal-history-title">Signals over time</h3>
      {steps.length === 0 ? (
        <Empty>No demand signal has been raised for this part.</Empty>
      ) : (
        <ChartCanvas
          name="signal-history"
          label={`Planned quantity ERP held for ${props.picture.partNumber} after each signal decision`}
          config={config}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Decided</th>
                <th scope="col">Change</th>
                <th scope="col" class="num">
                  Units short
                </th>
                <th scope="col">Needed by</th>
                <th scope="col">Planned order</th>
              </tr>
            </thead>
            <tbody>
              {steps.map((s) => (
                <tr key={s.revision} data-revision={s.revision}>
                  <th scope="row">{formatDate(s.decidedAt)}</th>
                  <td>{s.change}</td>
                  <td class="num">{units(s.plannedQuantity)}</td>
                  <td>{s.status === 'open' ? formatDate(s.needBy) : '–'}</td>
                  <td>
                    <code>{s.signalKey}</code> rev. {s.revision}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartCanvas>
      )}
    </section>
  );
};
