import { useState } from 'preact/hooks';
import type { SegmentKind, SegmentMember, SegmentSummary } from '../../../schemas/api/segments.ts';
import type { ApiClient } from '../api/api-client.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDate } from '../ui/format.ts';
import { Empty, Panel } from '../ui/panel.tsx';
import { useAsync } from '../ui/use-async.ts';

/** What the 404 of an older hub means here. */
export const SEGMENTS_MISSING = 'This hub does not offer segments yet (GET /segments is not there).';

const KIND_TITLES: Record<SegmentKind, string> = {
  lifecycle: 'Lifecycle stage',
  risk: 'Payment risk',
  profit: 'Profit',
  key: 'Key customers',
};
const KINDS: readonly SegmentKind[] = ['lifecycle', 'risk', 'profit', 'key'];

/** Segments grouped by what they group customers by, in the order the API lists them within a kind. */
export const groupSegments = (segments: readonly SegmentSummary[]) =>
  KINDS.map((kind) => ({
    kind,
    title: KIND_TITLES[kind],
    segments: segments.filter((s) => s.kind === kind),
  }));

/** Every segment with its size; choosing one lists its members. */
export const SegmentsView = (props: {
  api: ApiClient;
  selected: string | undefined;
  select: (segment: string) => void;
  openCustomer: (customerId: string) => void;
}) => {
  const [list, reload] = useAsync(() => props.api.listSegments(), []);
  return (
    <div class="panels">
      <Panel name="segments" title="Segments">
        <button type="button" class="secondary refresh" onClick={reload}>
          Refresh
        </button>
        {list.state === 'loading' ? <p aria-busy="true">Loading segments…</p> : null}
        {list.state === 'failed' ? (
          <ErrorMessage error={list.error} action="see segments" missing={SEGMENTS_MISSING} />
        ) : null}
        {list.state === 'done' ? (
          <SegmentTable segments={list.value.segments} asOf={list.value.asOf} {...props} />
        ) : null}
      </Panel>
      {props.selected ? (
        <SegmentMembers api={props.api} segment={props.selected} openCustomer={props.openCustomer} />
      ) : null}
    </div>
  );
};

/** The segment list as a table per kind; pure, so unit tests render it from fixture answers. */
export const SegmentTable = (props: {
  segments: readonly SegmentSummary[];
  asOf: string;
  selected: string | undefined;
  select: (segment: string) => void;
}) => {
  if (props.segments.length === 0)
    return <Empty>The hub has no segments yet: no insights were computed.</Empty>;
  return (
    <>
      <p class="muted small">Sizes as of {formatDate(props.asOf)}.</p>
      {groupSegments(props.segments)
        .filter((g) => g.segments.length > 0)
        .map((group) => (
          <table key={group.kind} class="segments" data-kind={group.kind}>
            <caption>{group.title}</caption>
            <thead>
              <tr>
                <th scope="col">Segment</th>
                <th scope="col" class="num">
                  Customers
                </th>
              </tr>
            </thead>
            <tbody>
              {group.segments.map((s) => (
                <tr
                  key={s.segment}
                  data-segment={s.segment}
                  class={props.selected === s.segment ? 'chosen' : ''}
                >
                  <th scope="row">
                    <a
                      href={`#/business/segments/${encodeURIComponent(s.segment)}`}
                      aria-current={props.selected === s.segment ? 'true' : undefined}
                      onClick={(e) => {
                        e.preventDefault();
                        props.select(s.segment);
                      }}
                    >
                      {s.label}
                    </a>{' '}
                    <code class="small">{s.segment}</code>
                  </th>
                  <td class="num">{s.size}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
    </>
  );
};

/** The members of one segment, a page at a time; each opens the customer's agent view. */
const SegmentMembers = (props: {
  api: ApiClient;
  segment: string;
  openCustomer: (customerId: string) => void;
}) => {
  const [more, setMore] = useState<{ items: SegmentMember[]; cursor?: string; error?: unknown }>({
    items: [],
  });
  const [first] = useAsync(async () => {
    const page = await props.api.listSegmentMembers(props.segment);
    setMore({ items: [], ...(page.nextCursor ? { cursor: page.nextCursor } : {}) });
    return page;
  }, [props.segment]);
  const loadMore = async (cursor: string) => {
    try {
      const page = await props.api.listSegmentMembers(props.segment, cursor);
      setMore((m) => ({
        items: [...m.items, ...page.items],
        ...(page.nextCursor ? { cursor: page.nextCursor } : {}),
      }));
    } catch (error: unknown) {
      setMore((m) => ({ ...m, error }));
    }
  };
  return (
    <Panel name="segment-members" title={`Members of ${props.segment}`}>
      {first.state === 'loading' ? <p aria-busy="true">Loading members…</p> : null}
      {first.state === 'failed' ? (
        <ErrorMessage
          error={first.error}
          action="see this segment's members"
          missing={`This hub has no segment ${props.segment}, or does not list segment members.`}
        />
      ) : null}
      {first.state === 'done' ? (
        <MemberList members={[...first.value.items, ...more.items]} openCustomer={props.openCustomer} />
      ) : null}
      {more.error ? <ErrorMessage error={more.error} action="see more members" /> : null}
      {first.state === 'done' && more.cursor ? (
        <button type="button" class="secondary" onClick={() => more.cursor && void loadMore(more.cursor)}>
          More members
        </button>
      ) : null}
    </Panel>
  );
};

export const MemberList = (props: {
  members: readonly SegmentMember[];
  openCustomer: (customerId: string) => void;
}) =>
  props.members.length === 0 ? (
    <Empty>No customer is in this segment now.</Empty>
  ) : (
    <ul class="list members">
      {props.members.map((m) => (
        <li key={m.customerId} data-member={m.customerId}>
          <a
            href={`#/agent/${encodeURIComponent(m.customerId)}`}
            onClick={(e) => {
              e.preventDefault();
              props.openCustomer(m.customerId);
            }}
          >
            {m.displayName ?? m.customerId}
          </a>{' '}
          {m.displayName ? <code class="small">{m.customerId}</code> : null}
          <div class="muted small">
            since {formatDate(m.since)}
            {m.reason ? ` · ${m.reason}` : ''}
          </div>
        </li>
      ))}
    </ul>
  );
