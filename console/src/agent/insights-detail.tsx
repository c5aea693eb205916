import type { CustomerInsightsDetail, Score } from '../../../schemas/entities/customer-insights.ts';
import { formatDate } from '../ui/format.ts';
import { Panel } from '../ui/panel.tsx';
import { SEVEN_P_LABELS } from './seven-p.ts';

const amount = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(n);
const share = (n: number | null) => (n === null ? '–' : `${Math.round(n * 100)} %`);

/** Every insight with the facts it was computed from, so an agent can say why, not just what. */
export const InsightsDetailPanel = ({ detail }: { detail: CustomerInsightsDetail }) => (
  <Panel name="insight-detail" title="Insights and why" wide>
    <p class="muted small">Computed {formatDate(detail.computedAt)}.</p>
    <div class="insight-detail">
      <Lifecycle detail={detail} />
      <Churn detail={detail} />
      <Status detail={detail} />
      <KeyCustomer detail={detail} />
      <Scorecard detail={detail} />
    </div>
  </Panel>
);

const Lifecycle = ({ detail }: { detail: CustomerInsightsDetail }) => {
  const l = detail.lifecycle;
  return (
    <section aria-labelledby="insight-lifecycle" data-insight="lifecycle">
      <h3 id="insight-lifecycle">Lifecycle</h3>
      <p>
        <strong>{l.stage}</strong> ({l.phase} phase) since {formatDate(l.since)}: {l.text}
      </p>
      {l.history.length > 0 ? (
        <details>
          <summary>Stage history ({l.history.length})</summary>
          <ol class="history">
            {[...l.history].reverse().map((t) => (
              <li key={t.transitionId}>
                {formatDate(t.at)}: {t.from ?? 'new'} → <strong>{t.to}</strong>, {t.text}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </section>
  );
};

const Churn = ({ detail }: { detail: CustomerInsightsDetail }) => {
  const c = detail.churnWarning;
  return (
    <section aria-labelledby="insight-churn" data-insight="churn">
      <h3 id="insight-churn">Churn warning</h3>
      <p>
        {c.episode && !c.episode.closedAt ? (
          <strong class="badge warn">warning open since {formatDate(c.episode.openedAt)}</strong>
        ) : (
          <span class="badge ok">no open warning</span>
        )}{' '}
        score {c.score} of 100
        <span class="muted small">
          {' '}
          ({c.active ? 'buying customer' : 'not an active buyer'},{' '}
          {c.valuable ? 'valuable' : 'below the value bar'}, revenue {amount(c.revenueInValueWindow)})
        </span>
      </p>
      {c.signals.length > 0 ? (
        <ul>
          {c.signals.map((s) => (
            <li key={s.name}>
              {s.text} <span class="muted small">(+{s.points} points)</span>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
};

const Status = ({ detail }: { detail: CustomerInsightsDetail }) => {
  const { risk, profit } = detail;
  return (
    <section aria-labelledby="insight-status" data-insight="status">
      <h3 id="insight-status">Payment risk and profit</h3>
      <p>
        Payment risk <strong class={`badge ${risk.value === 'high' ? 'warn' : ''}`}>{risk.value}</strong>{' '}
        since {formatDate(risk.since)}: {risk.text}
        <span class="muted small">
          {' '}
          (arrears {amount(risk.evidence.arrears)}, open {amount(risk.evidence.openAmount)}, up to{' '}
          {risk.evidence.maxDaysOverdue} days overdue
          {risk.evidence.averagePaymentDelayDays === null
            ? ''
            : `, pays ${risk.evidence.averagePaymentDelayDays} days late on average`}
          {risk.evidence.overdueInvoiceNumbers.length > 0
            ? `; overdue: ${risk.evidence.overdueInvoiceNumbers.join(', ')}`
            : ''}
          )
        </span>
      </p>
      <p>
        Profit <strong class={`badge ${profit.value === 'lossMaking' ? 'warn' : ''}`}>{profit.value}</strong>{' '}
        since {formatDate(profit.since)}: {profit.text}
        <span class="muted small">
          {' '}
          (revenue {amount(profit.evidence.revenue)}, cost {amount(profit.evidence.cost)}, margin{' '}
          {share(profit.evidence.margin)}, {profit.evidence.ordersCounted} orders since{' '}
          {profit.evidence.windowStart}
          {profit.evidence.ordersWithoutCost > 0 ? `, ${profit.evidence.ordersWithoutCost} without cost` : ''}
          )
        </span>
      </p>
    </section>
  );
};

const KeyCustomer = ({ detail }: { detail: CustomerInsightsDetail }) => {
  const k = detail.keyCustomer;
  return (
    <section aria-labelledby="insight-key" data-insight="key">
      <h3 id="insight-key">Key customer</h3>
      {k ? (
        <p>
          {k.flagged ? <strong class="badge key">key customer</strong> : 'not a key customer'}
          {k.rank === null
            ? ', no revenue in the window'
            : `, rank ${k.rank} by revenue (${amount(k.revenue)})`}
          <span class="muted small">
            {' '}
            (with everyone above, {share(k.cumulativeShare)} of revenue; key customers bring the first{' '}
            {share(k.revenueShareRule)} since {k.windowStart})
          </span>
        </p>
      ) : (
        <p class="muted">No key-customer ranking has been computed yet.</p>
      )}
    </section>
  );
};

const ScoreRow = ({ label, score }: { label: string; score: Score }) => (
  <tr>
    <th scope="row">{label}</th>
    <td class="num">{score.score ?? '–'}</td>
    <td class="small">{score.text}</td>
  </tr>
);

const Scorecard = ({ detail }: { detail: CustomerInsightsDetail }) => {
  const { rfm } = detail.scorecard;
  return (
    <section aria-labelledby="insight-scorecard" data-insight="scorecard">
      <h3 id="insight-scorecard">7P scorecard and RFM</h3>
      <table class="scorecard">
        <thead>
          <tr>
            <th scope="col">P</th>
            <th scope="col" class="num">
              Score
            </th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {SEVEN_P_LABELS.map(([key, label]) => (
            <ScoreRow key={key} label={label} score={detail.scorecard[key]} />
          ))}
        </tbody>
      </table>
      <p data-field="rfm">
        {rfm ? (
          <>
            RFM <strong>{rfm.code}</strong>{' '}
            <span class="muted small">
              (recency {rfm.recencyDays === null ? '–' : `${rfm.recencyDays} days`} → {rfm.r}, {rfm.frequency}{' '}
              orders → {rfm.f}, {amount(rfm.monetary)} → {rfm.m}; quintiles over {rfm.boundaries.population}{' '}
              customers)
            </span>
          </>
        ) : (
          <span class="muted">RFM waits for the first population snapshot.</span>
        )}
      </p>
    </section>
  );
};
