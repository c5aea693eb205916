import { useState } from 'preact/hooks';
import type { ReactionRecord, ReactionSystem, RuleOutcome } from '../../../schemas/api/reactions.ts';
import type { ApiClient } from '../api/api-client.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDate } from '../ui/format.ts';
import { Empty, Panel } from '../ui/panel.tsx';
import { useAsync } from '../ui/use-async.ts';

const FEED_MISSING = 'This hub does not offer the reactions feed yet (GET /reactions is not there).';
const OUTCOMES_MISSING =
  'This hub does not measure reaction outcomes yet (GET /reactions/outcomes is not there).';

const SYSTEM_LABELS: Record<ReactionSystem, string> = {
  erp: 'ERP (production planning)',
  'call-center': 'Call center',
  sales: 'Sales / CRM',
  pdm: 'PDM',
  service: 'Service',
};

// A Record over the schema's enum, so a system added to the contract fails the type check until labelled here
// (the page imports no zod values, see console/build.ts).
const SYSTEMS = Object.keys(SYSTEM_LABELS) as ReactionSystem[];

export interface ReactionFilter {
  readonly system?: ReactionSystem;
  readonly rule?: string;
}

/** What each enterprise system received and when, with the outcome; and how each rule does. */
export const ReactionsView = (props: {
  api: ApiClient;
  openCustomer: (customerId: string) => void;
  openPart: (partNumber: string) => void;
}) => {
  const [filter, setFilter] = useState<ReactionFilter>({});
  const [outcomes] = useAsync(() => props.api.ruleOutcomes(), []);
  const rules = outcomes.state === 'done' ? outcomes.value.rules.map((r) => r.rule) : [];
  return (
    <div class="panels">
      <Panel name="reactions" title="Reactions feed" wide>
        <FeedFilter filter={filter} rules={rules} onChange={setFilter} />
        <ReactionFeed
          api={props.api}
          filter={filter}
          openCustomer={props.openCustomer}
          openPart={props.openPart}
        />
      </Panel>
      <Panel name="rule-outcomes" title="Outcomes per rule" wide>
        {outcomes.state === 'loading' ? <p aria-busy="true">Loading outcomes…</p> : null}
        {outcomes.state === 'failed' ? (
          <ErrorMessage error={outcomes.error} action="see reaction outcomes" missing={OUTCOMES_MISSING} />
        ) : null}
        {outcomes.state === 'done' ? (
          <RuleOutcomeTable
            rules={outcomes.value.rules}
            asOf={outcomes.value.asOf}
            showRule={(rule) => setFilter({ rule })}
          />
        ) : null}
      </Panel>
    </div>
  );
};

const FeedFilter = (props: {
  filter: ReactionFilter;
  rules: readonly string[];
  onChange: (filter: ReactionFilter) => void;
}) => (
  <form class="filters" aria-label="Filter the reactions feed" onSubmit={(e) => e.preventDefault()}>
    <label for="reaction-system">System</label>
    <select
      id="reaction-system"
      value={props.filter.system ?? ''}
      onChange={(e) => {
        const chosen = e.currentTarget.value;
        props.onChange({ ...props.filter, system: SYSTEMS.find((s) => s === chosen) });
      }}
    >
      <option value="">all systems</option>
      {SYSTEMS.map((s) => (
        <option key={s} value={s}>
          {SYSTEM_LABELS[s]}
        </option>
      ))}
    </select>
    <label for="reaction-rule">Rule</label>
    <select
      id="reaction-rule"
      value={props.filter.rule ?? ''}
      onChange={(e) => props.onChange({ ...props.filter, rule: e.currentTarget.value || undefined })}
    >
      <option value="">all rules</option>
      {[...new Set([...props.rules, ...(props.filter.rule ? [props.filter.rule] : [])])].map((r) => (
        <option key={r} value={r}>
          {r}
        </option>
      ))}
    </select>
  </form>
);

const ReactionFeed = (props: {
  api: ApiClient;
  filter: ReactionFilter;
  openCustomer: (customerId: string) => void;
  openPart: (partNumber: string) => void;
}) => {
  const [more, setMore] = useState<{ items: ReactionRecord[]; cursor?: string; error?: unknown }>({
    items: [],
  });
  const [first, reload] = useAsync(async () => {
    const page = await props.api.listReactions(props.filter);
    setMore({ items: [], ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
    return page;
  }, [props.filter.system, props.filter.rule]);
  const loadMore = async (cursor: string) => {
    try {
      const page = await props.api.listReactions({ ...props.filter, cursor });
      setMore((m) => ({
        items: [...m.items, ...page.items],
        ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
      }));
    } catch (error: unknown) {
      setMore((m) => ({ ...m, error }));
    }
  };
  return (
    <>
      <button type="button" class="secondary refresh" onClick={reload}>
        Refresh
      </button>
      {first.state === 'loading' ? <p aria-busy="true">Loading reactions…</p> : null}
      {first.state === 'failed' ? (
        <ErrorMessage error={first.error} action="see the reactions feed" missing={FEED_MISSING} />
      ) : null}
      {first.state === 'done' ? (
        <ReactionTable
          reactions={[...first.value.items, ...more.items]}
          openCustomer={props.openCustomer}
          openPart={props.openPart}
        />
      ) : null}
      {more.error ? <ErrorMessage error={more.error} action="see more reactions" /> : null}
      {first.state === 'done' && more.cursor ? (
        <button type="button" class="secondary" onClick={() => more.cursor && void loadMore(more.cursor)}>
          Older reactions
        </button>
      ) : null}
    </>
  );
};

const OUTCOME_TEXT = { converted: 'converted', noResponse: 'no response', pending: 'pending' } as const;
const DELIVERY_TEXT = { sending: 'sending', delivered: 'delivered', failed: 'failed' } as const;

/**
 * Whether the system got it; a failed one says why and that an operator can re-drive it, an inferred delivery
 * (AWS, where success is not reported) that no dead letter came, a re-sent one (AWS) since when it waits.
 */
const DeliveryCell = (props: { delivery: ReactionRecord['delivery'] }) => {
  const { delivery } = props;
  const badge = delivery.status === 'delivered' ? 'ok' : delivery.status === 'failed' ? 'bad' : '';
  return (
    <>
      <span class={`badge ${badge}`} data-delivery={delivery.status}>
        {DELIVERY_TEXT[delivery.status]}
      </span>
      {delivery.status === 'failed' ? (
        <div class="muted small">
          dead letter after {delivery.attempts ?? '?'} attempts{delivery.reason ? `: ${delivery.reason}` : ''}
          ; re-drive it once the system is back
        </div>
      ) : null}
      {delivery.status === 'sending' && delivery.resentAt ? (
        <div class="muted small" data-resent={delivery.resentAt}>
          re-sent {formatDate(delivery.resentAt)}; taken as delivered unless a new dead letter comes within
          its retry window
        </div>
      ) : null}
      {delivery.status === 'delivered' && delivery.at ? (
        <div class="muted small" data-inferred={delivery.inferred ? 'true' : undefined}>
          {delivery.inferred
            ? `no dead letter within its retry window${
                delivery.resentAt ? ` after it was re-sent ${formatDate(delivery.resentAt)}` : ''
              }: taken as delivered ${formatDate(delivery.at)}`
            : formatDate(delivery.at)}
        </div>
      ) : null}
    </>
  );
};

/** The feed as a table, newest first as the API sends it; pure, so unit tests render it from fixtures. */
export const ReactionTable = (props: {
  reactions: readonly ReactionRecord[];
  openCustomer: (customerId: string) => void;
  openPart: (partNumber: string) => void;
}) =>
  props.reactions.length === 0 ? (
    <Empty>No reaction was sent that matches.</Empty>
  ) : (
    <table class="reactions">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">System</th>
          <th scope="col">What it received</th>
          <th scope="col">About</th>
          <th scope="col">Delivery</th>
          <th scope="col">Outcome</th>
        </tr>
      </thead>
      <tbody>
        {props.reactions.map((r) => (
          <tr key={r.reactionId} data-reaction={r.reactionId}>
            <td>{formatDate(r.at)}</td>
            <td>{SYSTEM_LABELS[r.system] ?? r.system}</td>
            <td>
              {r.summary}
              <div class="muted small">
                {r.kind} · rule <code>{r.rule}</code>
              </div>
            </td>
            <td>
              {r.customerId ? (
                <a
                  href={`#/agent/${encodeURIComponent(r.customerId)}`}
                  data-follow="customer"
                  onClick={(e) => {
                    e.preventDefault();
                    if (r.customerId) props.openCustomer(r.customerId);
                  }}
                >
                  customer {r.customerId}
                </a>
              ) : null}
              {r.customerId && r.partNumber ? <br /> : null}
              {r.partNumber ? (
                <a
                  href={`#/business/demand/${encodeURIComponent(r.partNumber)}`}
                  onClick={(e) => {
                    e.preventDefault();
                    if (r.partNumber) props.openPart(r.partNumber);
                  }}
                >
                  part {r.partNumber}
                </a>
              ) : null}
            </td>
            <td>
              <DeliveryCell delivery={r.delivery} />
            </td>
            <td>
              {r.outcome ? (
                <>
                  <span class={`badge ${r.outcome.result === 'converted' ? 'ok' : ''}`}>
                    {OUTCOME_TEXT[r.outcome.result]}
                  </span>
                  {r.outcome.evidence ? <div class="muted small">{r.outcome.evidence}</div> : null}
                </>
              ) : (
                <span class="muted">
                  {r.delivery.status === 'delivered' ? 'window open' : 'not measured'}
                </span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );

const percent = (rate: number | undefined) => (rate === undefined ? '–' : `${Math.round(rate * 100)} %`);

/** Per rule: reactions sent and what followed them; the rule name filters the feed to that rule. */
export const RuleOutcomeTable = (props: {
  rules: readonly RuleOutcome[];
  asOf: string;
  showRule: (rule: string) => void;
}) =>
  props.rules.length === 0 ? (
    <Empty>No rule has sent a reaction yet.</Empty>
  ) : (
    <>
      <p class="muted small">
        As of {formatDate(props.asOf)}. Outcomes count delivered reactions only; conversion counts decided
        ones.
      </p>
      <table class="rule-outcomes">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Success means</th>
            <th scope="col" class="num">
              Sent
            </th>
            <th scope="col" class="num">
              Delivered
            </th>
            <th scope="col" class="num">
              Failed
            </th>
            <th scope="col" class="num">
              Converted
            </th>
            <th scope="col" class="num">
              No response
            </th>
            <th scope="col" class="num">
              Pending
            </th>
            <th scope="col" class="num">
              Conversion
            </th>
          </tr>
        </thead>
        <tbody>
          {props.rules.map((r) => (
            <tr key={r.rule} data-rule={r.rule}>
              <th scope="row">
                <button type="button" class="link" onClick={() => props.showRule(r.rule)}>
                  {r.rule}
                </button>
                <div class="muted small">{SYSTEM_LABELS[r.system] ?? r.system}</div>
              </th>
              <td>
                {r.successMeans} <span class="muted small">(within {r.windowDays} days)</span>
              </td>
              <td class="num">{r.reactions}</td>
              <td class="num">{r.delivered}</td>
              <td class="num">{r.failed}</td>
              <td class="num">{r.converted}</td>
              <td class="num">{r.noResponse}</td>
              <td class="num">{r.pending}</td>
              <td class="num">
                {r.conversionRate === undefined ? (
                  '–'
                ) : (
                  <>
                    <meter min={0} max={1} value={r.conversionRate} aria-label={`conversion of ${r.rule}`}>
                      {percent(r.conversionRate)}
                    </meter>{' '}
                    {percent(r.conversionRate)}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
