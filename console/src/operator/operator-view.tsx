import { useState } from 'preact/hooks';
import type { ApiClient, ConnectorList } from '../api/api-client.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDate, formatLag } from '../ui/format.ts';
import { Empty, Panel } from '../ui/panel.tsx';
import { useAsync } from '../ui/use-async.ts';

/** The IT team's screen: connector health, records that could not be taken in, work the hub gave up on. */
export const OperatorView = (props: { api: ApiClient; canRedrive: boolean }) => (
  <div class="operator panels">
    <ConnectorsPanel api={props.api} />
    <DeadLettersPanel api={props.api} canRedrive={props.canRedrive} />
  </div>
);

type Connector = ConnectorList['items'][number];

const ConnectorsPanel = ({ api }: { api: ApiClient }) => {
  const [connectors, reload] = useAsync(() => api.listConnectors(), []);
  const [open, setOpen] = useState<string | undefined>();
  return (
    <Panel name="connectors" title="Connectors" wide>
      <button type="button" class="secondary refresh" onClick={reload}>
        Refresh
      </button>
      {connectors.state === 'loading' ? <p aria-busy="true">Loading connectors…</p> : null}
      {connectors.state === 'failed' ? (
        <ErrorMessage error={connectors.error} action="see connectors" />
      ) : null}
      {connectors.state === 'done' && connectors.value.items.length === 0 ? (
        <Empty>No connector has run yet.</Empty>
      ) : null}
      {connectors.state === 'done' && connectors.value.items.length > 0 ? (
        <table>
          <thead>
            <tr>
              <th scope="col">Connector</th>
              <th scope="col">Health</th>
              <th scope="col">Lag</th>
              <th scope="col">Last run</th>
              <th scope="col">Last error</th>
              <th scope="col" class="num">
                Quarantined
              </th>
            </tr>
          </thead>
          <tbody>
            {connectors.value.items.map((c) => (
              <ConnectorRows
                key={c.name}
                connector={c}
                api={api}
                open={open === c.name}
                toggle={() => setOpen(open === c.name ? undefined : c.name)}
              />
            ))}
          </tbody>
        </table>
      ) : null}
    </Panel>
  );
};

const lastRunOf = (c: Connector): string | undefined =>
  c.streams
    .map((s) => s.lastRunFinishedAt ?? s.lastRunStartedAt)
    .sort()
    .at(-1);

const ConnectorRows = (props: {
  connector: Connector;
  api: ApiClient;
  open: boolean;
  toggle: () => void;
}) => {
  const c = props.connector;
  return (
    <>
      <tr data-connector={c.name} class={c.status === 'failing' ? 'late' : undefined}>
        <th scope="row">{c.name}</th>
        <td>
          <span class={`badge ${c.status === 'failing' ? 'warn' : c.status === 'healthy' ? 'ok' : ''}`}>
            {c.status}
          </span>
        </td>
        <td>{formatLag(c.lagSeconds)}</td>
        <td>{formatDate(lastRunOf(c))}</td>
        <td class="small">{c.lastError ?? '–'}</td>
        <td class="num">
          <button type="button" class="link" aria-expanded={props.open} onClick={props.toggle}>
            {c.quarantined} · quarantine
          </button>
        </td>
      </tr>
      {props.open ? (
        <tr>
          <td colSpan={6}>
            <QuarantineList api={props.api} connector={c.name} />
          </td>
        </tr>
      ) : null}
    </>
  );
};

const QuarantineList = (props: { api: ApiClient; connector: string }) => {
  const [page] = useAsync(() => props.api.listQuarantine(props.connector), [props.connector]);
  if (page.state === 'loading') return <p aria-busy="true">Loading quarantine…</p>;
  if (page.state === 'failed') return <ErrorMessage error={page.error} action="see quarantined records" />;
  if (page.value.items.length === 0) return <Empty>Nothing quarantined for {props.connector}.</Empty>;
  return (
    <ul class="list quarantine" data-quarantine={props.connector}>
      {page.value.items.map((q) => (
        <li key={`${q.stream}/${q.recordKey}`}>
          <strong>
            {q.stream} / {q.recordKey}
          </strong>{' '}
          <span class="reason">{q.reason}</span>
          <div class="muted small">
            seen {q.occurrences}× · first {formatDate(q.firstSeenAt)} · last {formatDate(q.lastSeenAt)}
          </div>
          <details>
            <summary>Raw record</summary>
            <pre>{JSON.stringify(q.raw, null, 2)}</pre>
          </details>
        </li>
      ))}
    </ul>
  );
};

const DeadLettersPanel = (props: { api: ApiClient; canRedrive: boolean }) => {
  const [letters, reload] = useAsync(() => props.api.listDeadLetters(), []);
  const [outcome, setOutcome] = useState<{ error?: unknown; done?: string }>({});
  const redrive = async (id: string) => {
    setOutcome({});
    try {
      const result = await props.api.redrive(id);
      setOutcome({ done: `Redriven: ${result.detail}.` });
      reload();
    } catch (error: unknown) {
      setOutcome({ error });
    }
  };
  return (
    <Panel
      name="dead-letters"
      title="Dead letters"
      wide
      count={letters.state === 'done' ? letters.value.items.length : undefined}
    >
      <button type="button" class="secondary refresh" onClick={reload}>
        Refresh
      </button>
      {outcome.error ? <ErrorMessage error={outcome.error} action="redrive" /> : null}
      {outcome.done ? (
        <p class="message ok" role="status">
          {outcome.done}
        </p>
      ) : null}
      {letters.state === 'loading' ? <p aria-busy="true">Loading dead letters…</p> : null}
      {letters.state === 'failed' ? <ErrorMessage error={letters.error} action="see dead letters" /> : null}
      {letters.state === 'done' && letters.value.items.length === 0 ? (
        <Empty>Nothing was given up on.</Empty>
      ) : null}
      {letters.state === 'done' && letters.value.items.length > 0 ? (
        <ul class="list dead-letters">
          {letters.value.items.map((l) => (
            <li key={l.id} data-dead-letter={l.id}>
              <strong>{l.origin}</strong>{' '}
              <span class="muted small">
                {formatDate(l.time)}, after {l.attempts} attempt(s)
              </span>
              <div class="reason">{l.reason}</div>
              <details>
                <summary>Payload</summary>
                <pre>{JSON.stringify(l.payload, null, 2)}</pre>
              </details>
              {props.canRedrive ? (
                <button type="button" onClick={() => void redrive(l.id)}>
                  Redrive
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {!props.canRedrive ? (
        <p class="muted small">
          Redriving needs the operations:write scope, which your sign-in does not have.
        </p>
      ) : null}
    </Panel>
  );
};
