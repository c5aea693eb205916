import { useRef, useState } from 'preact/hooks';
import type { IdentityGraph } from '../../../schemas/api/identity.ts';
import type { ApiClient } from '../api/api-client.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDate } from '../ui/format.ts';
import { Empty, Panel } from '../ui/panel.tsx';
import { useAsync } from '../ui/use-async.ts';

/** Why these records are one customer, and (with the write scope) undoing a wrong merge. */
export const IdentityPanel = (props: {
  api: ApiClient;
  customerId: string;
  canUnmerge: boolean;
  onUnmerged: (customerIds: string[]) => void;
  /** The graph already requested alongside the 360 view (no waterfall); reloads ask again. */
  prefetched?: Promise<IdentityGraph>;
}) => {
  // Each prefetched graph is used once; a reload (after an unmerge) asks the API again.
  const used = useRef<Promise<IdentityGraph> | undefined>(undefined);
  const [graph, reloadGraph] = useAsync(() => {
    const { prefetched } = props;
    if (prefetched && prefetched !== used.current) {
      used.current = prefetched;
      return prefetched;
    }
    return props.api.getIdentity(props.customerId);
  }, [props.customerId]);
  const [pending, setPending] = useState<string | undefined>();
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState<{ error?: unknown; done?: string }>({});

  const undone = new Set(
    graph.state === 'done' ? graph.value.ledger.flatMap((e) => (e.undoes ? [e.undoes] : [])) : [],
  );

  const unmerge = async (entryId: string) => {
    setOutcome({});
    try {
      const result = await props.api.unmerge(props.customerId, { entryId, reason });
      setOutcome({ done: `Merge undone; the records now form ${result.customerIds.join(' and ')}.` });
      setPending(undefined);
      reloadGraph();
      props.onUnmerged(result.customerIds);
    } catch (error: unknown) {
      setOutcome({ error });
    }
  };

  return (
    <Panel name="identity" title="Identity: why this is one customer" wide>
      {graph.state === 'loading' ? <p aria-busy="true">Loading the identity graph…</p> : null}
      {graph.state === 'failed' ? <ErrorMessage error={graph.error} action="see the identity graph" /> : null}
      {graph.state === 'done' ? (
        <>
          {/* merges already undone keep their line but offer no second unmerge */}
          <table>
            <thead>
              <tr>
                <th scope="col">Identifier</th>
                <th scope="col">Carried by records</th>
              </tr>
            </thead>
            <tbody>
              {graph.value.identifiers.map((i) => (
                <tr key={`${i.identifier.type}:${i.identifier.value}`}>
                  <td>
                    <code>
                      {i.identifier.type}:{i.identifier.value}
                    </code>
                  </td>
                  <td class="small">{i.records.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Merges</h3>
          {graph.value.ledger.length === 0 ? (
            <Empty>This customer was never merged with another.</Empty>
          ) : (
            <ul class="list ledger">
              {graph.value.ledger.map((entry) => (
                <li key={entry.entryId} data-entry={entry.entryId}>
                  <LedgerLine entry={entry} />
                  {entry.kind === 'merge' && props.canUnmerge && !undone.has(entry.entryId) ? (
                    pending === entry.entryId ? (
                      <form
                        class="unmerge"
                        onSubmit={(e) => {
                          e.preventDefault();
                          void unmerge(entry.entryId);
                        }}
                      >
                        <label for={`reason-${entry.entryId}`}>Why is this merge wrong?</label>
                        <input
                          id={`reason-${entry.entryId}`}
                          value={reason}
                          minLength={3}
                          required
                          onInput={(e) => setReason(e.currentTarget.value)}
                        />
                        <button type="submit">Confirm unmerge</button>
                        <button type="button" class="secondary" onClick={() => setPending(undefined)}>
                          Cancel
                        </button>
                      </form>
                    ) : (
                      <button type="button" class="secondary" onClick={() => setPending(entry.entryId)}>
                        Unmerge…
                      </button>
                    )
                  ) : null}
                </li>
              ))}
            </ul>
          )}
          {!props.canUnmerge && graph.value.ledger.some((e) => e.kind === 'merge') ? (
            <p class="muted small" data-note="no-unmerge">
              Undoing a merge needs the customers:write scope, which your sign-in does not have.
            </p>
          ) : null}
          {graph.value.conflicts.length > 0 ? (
            <p class="message warn">
              {graph.value.conflicts.length} link(s) were refused and wait for a decision.
            </p>
          ) : null}
        </>
      ) : null}
      {outcome.error ? <ErrorMessage error={outcome.error} action="undo this merge" /> : null}
      {outcome.done ? (
        <p class="message ok" role="status">
          {outcome.done}
        </p>
      ) : null}
    </Panel>
  );
};

type LedgerEntry = Awaited<ReturnType<ApiClient['getIdentity']>>['ledger'][number];

/** One ledger entry in words: who joined whom, on which shared identifier, carried by which record. */
const LedgerLine = ({ entry }: { entry: LedgerEntry }) => {
  const id = `${entry.evidence.identifier.type}:${entry.evidence.identifier.value}`;
  return (
    <span>
      <strong>{entry.kind === 'merge' ? 'Merged' : 'Unmerged'}</strong> {formatDate(entry.at)}:{' '}
      {entry.kind === 'merge' ? (
        <>
          <code>{entry.mergedId}</code> joined <code>{entry.survivorId}</code> because both carry{' '}
          <code>{id}</code>
        </>
      ) : (
        <>
          <code>{entry.mergedId}</code> split off again
          {entry.requestedBy ? ` at the request of ${entry.requestedBy}` : ''}
          {entry.reason ? `: “${entry.reason}”` : ''}
        </>
      )}
      <details>
        <summary>Evidence record</summary>
        <pre>{JSON.stringify(entry.evidence.record, null, 2)}</pre>
      </details>
    </span>
  );
};
