import { useMemo } from 'preact/hooks';
import type { SegmentList } from '../../../schemas/api/segments.ts';
import type { ApiClient } from '../api/api-client.ts';
import { ChartCanvas } from '../charts/chart-canvas.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDate } from '../ui/format.ts';
import { Empty, Panel } from '../ui/panel.tsx';
import { useAsync } from '../ui/use-async.ts';
import { lifecycleChartConfig, lifecycleDistribution } from './lifecycle-chart.ts';
import { SEGMENTS_MISSING } from './segments-view.tsx';

/** How many customers are in each lifecycle stage, from the lifecycle segments' sizes. */
export const LifecycleView = (props: { api: ApiClient; openSegment: (segment: string) => void }) => {
  const [list] = useAsync(() => props.api.listSegments(), []);
  return (
    <Panel name="lifecycle" title="Lifecycle distribution" wide>
      {list.state === 'loading' ? <p aria-busy="true">Loading the lifecycle segments…</p> : null}
      {list.state === 'failed' ? (
        <ErrorMessage error={list.error} action="see segments" missing={SEGMENTS_MISSING} />
      ) : null}
      {list.state === 'done' ? (
        <LifecycleDistribution list={list.value} openSegment={props.openSegment} />
      ) : null}
    </Panel>
  );
};

/** The chart and its table for one segment list; pure, so unit tests render it from fixture answers. */
export const LifecycleDistribution = (props: {
  list: SegmentList;
  openSegment: (segment: string) => void;
}) => {
  const stages = useMemo(() => lifecycleDistribution(props.list.segments), [props.list]);
  const config = useMemo(() => lifecycleChartConfig(stages), [stages]);
  if (stages.length === 0) return <Empty>No lifecycle stages yet: the insights have not run.</Empty>;
  const total = stages.reduce((sum, s) => sum + s.size, 0);
  return (
    <>
      <p class="message info" data-note="no-history">
        The current distribution, as of {formatDate(props.list.asOf)}. The hub's API offers no history of the
        distribution, so its movement over time is not charted; each customer's own stage history is in their
        agent view.
      </p>
      <ChartCanvas
        name="lifecycle"
        label={`Customers per lifecycle stage now (${total} customers)`}
        config={config}
      >
        <table>
          <thead>
            <tr>
              <th scope="col">Stage</th>
              <th scope="col" class="num">
                Customers
              </th>
              <th scope="col" class="num">
                Share
              </th>
            </tr>
          </thead>
          <tbody>
            {stages.map((s) => (
              <tr key={s.segment} data-stage={s.value}>
                <th scope="row">
                  <a
                    href={`#/business/segments/${encodeURIComponent(s.segment)}`}
                    onClick={(e) => {
                      e.preventDefault();
                      props.openSegment(s.segment);
                    }}
                  >
                    {s.label}
                  </a>
                </th>
                <td class="num">{s.size}</td>
                <td class="num">{total === 0 ? '–' : `${Math.round((s.size / total) * 100)} %`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ChartCanvas>
    </>
  );
};
