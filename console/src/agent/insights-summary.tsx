import type { Customer360Response } from '../../../schemas/api/customer-360.ts';
import { formatDate } from '../ui/format.ts';
import type { TalkingPoint } from './talking-points.ts';

type Insights = Customer360Response['insights'];

const Status = (props: {
  label: string;
  value: { value: string; reason: string; changedAt: string } | null | undefined;
}) => (
  <div class="insight">
    <dt>{props.label}</dt>
    <dd>
      {props.value ? (
        <>
          <strong>{props.value.value}</strong>
          <span class="muted small">
            {' '}
            {props.value.reason} (since {formatDate(props.value.changedAt)})
          </span>
        </>
      ) : (
        <span class="muted">not computed yet</span>
      )}
    </dd>
  </div>
);

/** Lifecycle, status and key-customer flag as the insights capability derived them, or that it has not yet. */
export const InsightsSummary = ({ insights }: { insights: Insights | null }) => (
  <dl class="insights" data-panel="insights">
    <Status label="Lifecycle stage" value={insights?.lifecycleStage} />
    <Status label="Payment risk" value={insights?.riskStatus} />
    <Status label="Profit" value={insights?.profitStatus} />
    {insights?.detail ? (
      <div class="insight">
        <dt>Churn warning</dt>
        <dd data-field="churn">
          {insights.detail.churnWarning.episode && !insights.detail.churnWarning.episode.closedAt ? (
            <strong class="badge warn">open (score {insights.detail.churnWarning.score})</strong>
          ) : (
            <>none (score {insights.detail.churnWarning.score})</>
          )}
        </dd>
      </div>
    ) : null}
    <div class="insight">
      <dt>Key customer</dt>
      <dd>
        {insights?.keyCustomer === true ? (
          <strong class="badge key">key customer</strong>
        ) : insights?.keyCustomer === false ? (
          'no'
        ) : (
          <span class="muted">not computed yet</span>
        )}
      </dd>
    </div>
  </dl>
);

export const TalkingPoints = ({ points }: { points: TalkingPoint[] }) => (
  <section class="talking-points" aria-labelledby="talking-points-title" data-panel="talking-points">
    <h2 id="talking-points-title">Mention on this call</h2>
    {points.length === 0 ? (
      <p class="empty">
        Nothing pressing in the data: no overdue invoice, expiring warranty, successor or late shipment.
      </p>
    ) : (
      <ul>
        {points.map((p) => (
          <li key={p.text} data-kind={p.kind}>
            {p.text}
          </li>
        ))}
      </ul>
    )}
  </section>
);
