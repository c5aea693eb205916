import { useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDate } from '../ui/format.ts';
import { Empty } from '../ui/panel.tsx';
import { useAsync } from '../ui/use-async.ts';
import { type PartWithSignals, partsWithSignals } from './parts-with-signals.ts';

/** How many of the newest ERP reactions the list of parts with signals is drawn from. */
const FEED_PAGE = 100;

/**
 * Choosing a part: type its number (the parts below are offered as suggestions), or pick one ERP
 * received demand signals for, read from the reactions feed (`GET /reactions?system=erp`).
 */
export const PartPicker = (props: {
  api: ApiClient;
  partNumber: string | undefined;
  openPart: (partNumber: string) => void;
}) => {
  const [typed, setTyped] = useState(props.partNumber ?? '');
  const [feed] = useAsync(() => props.api.listReactions({ system: 'erp', limit: FEED_PAGE }), []);
  const parts = feed.state === 'done' ? partsWithSignals(feed.value.items) : [];
  return (
    <div class="part-picker">
      <form
        class="search wide-form"
        aria-label="Part search"
        onSubmit={(e) => {
          e.preventDefault();
          if (typed.trim()) props.openPart(typed.trim());
        }}
      >
        <label for="part-input">Part number</label>
        <input
          id="part-input"
          name="partNumber"
          autoComplete="off"
          list="parts-with-signals"
          placeholder="e.g. CP-3216"
          value={typed}
          onInput={(e) => setTyped(e.currentTarget.value)}
        />
        <datalist id="parts-with-signals">
          {parts.map((p) => (
            <option key={p.partNumber} value={p.partNumber} />
          ))}
        </datalist>
        <button type="submit" disabled={typed.trim() === ''}>
          Show demand
        </button>
      </form>
      <nav class="parts-with-signals" aria-labelledby="parts-with-signals-title">
        <h3 id="parts-with-signals-title">Parts with demand signals</h3>
        {feed.state === 'loading' ? <p aria-busy="true">Loading the signals ERP received…</p> : null}
        {feed.state === 'failed' ? (
          <ErrorMessage
            error={feed.error}
            action="list the parts with signals"
            missing="This hub offers no reactions feed, so no list of parts with signals; type a part number."
          />
        ) : null}
        {feed.state === 'done' && parts.length === 0 ? (
          <Empty>ERP has received no demand signal yet; type a part number.</Empty>
        ) : null}
        {parts.length > 0 ? (
          <ul>
            {parts.map((p) => (
              <PartLink key={p.partNumber} part={p} current={p.partNumber === props.partNumber} />
            ))}
          </ul>
        ) : null}
      </nav>
    </div>
  );
};

const PartLink = (props: { part: PartWithSignals; current: boolean }) => {
  const { part } = props;
  return (
    <li data-part={part.partNumber}>
      <a
        href={`#/business/demand/${encodeURIComponent(part.partNumber)}`}
        aria-current={props.current ? 'page' : undefined}
        class={props.current ? 'current-part' : undefined}
      >
        {part.partNumber}
      </a>{' '}
      <span class={part.withdrawn ? 'muted' : 'badge warn'}>{part.withdrawn ? 'withdrawn' : 'open'}</span>{' '}
      <span class="small">
        {part.latest}, {formatDate(part.at)} ({part.signals} signal{part.signals === 1 ? '' : 's'})
      </span>
    </li>
  );
};
