import { useEffect, useMemo, useState } from 'preact/hooks';
import type { ApiClient } from '../api/api-client.ts';
import type { ConsoleConfig } from '../config.ts';
import { ErrorMessage } from '../ui/error-message.tsx';
import { useAsync } from '../ui/use-async.ts';
import {
  InteractionsPanel,
  InvoicesPanel,
  OrdersPanel,
  ProductsPanel,
  ProfilePanel,
  ShipmentsPanel,
  WebActivityPanel,
} from './customer-panels.tsx';
import { findCustomer } from './find-customer.ts';
import { IdentityPanel } from './identity-panel.tsx';
import { InsightsDetailPanel } from './insights-detail.tsx';
import { InsightsSummary, TalkingPoints } from './insights-summary.tsx';
import { SearchForm } from './search-form.tsx';
import { talkingPoints } from './talking-points.ts';

const SEARCH_MARK = 'hub360:search-submitted';
/** Search submitted → the customer's 360 panels rendered; a PerformanceMeasure the browser tests report. */
export const SEARCH_TO_360 = 'hub360:search-to-360';

/** The agent's one screen: find the caller by what they say, then everything about them at once. */
export const AgentView = (props: {
  api: ApiClient;
  config: ConsoleConfig;
  customerId: string | undefined;
  canUnmerge: boolean;
  open: (customerId: string) => void;
}) => {
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState<unknown>();

  const search = async (text: string) => {
    // Start of the agent's wait: the browser test reads the measure taken when the customer is on screen.
    performance.clearMarks(SEARCH_MARK);
    performance.clearMeasures(SEARCH_TO_360);
    performance.mark(SEARCH_MARK);
    setSearching(true);
    setSearchError(undefined);
    try {
      props.open(await findCustomer(props.api, text, props.config));
    } catch (error: unknown) {
      setSearchError(error);
    } finally {
      setSearching(false);
    }
  };

  return (
    <div class="agent">
      <SearchForm busy={searching} onSearch={(t) => void search(t)} />
      {searchError ? <ErrorMessage error={searchError} action="look customers up" /> : null}
      {props.customerId ? (
        <CustomerScreen
          api={props.api}
          customerId={props.customerId}
          canUnmerge={props.canUnmerge}
          open={props.open}
        />
      ) : null}
    </div>
  );
};

const CustomerScreen = (props: {
  api: ApiClient;
  customerId: string;
  canUnmerge: boolean;
  open: (customerId: string) => void;
}) => {
  const [view, reload] = useAsync(() => props.api.getCustomer(props.customerId), [props.customerId]);
  // Asked for together with the 360 view, not once it has rendered: the identity panel is then ready too.
  const identity = useMemo(() => {
    const graph = props.api.getIdentity(props.customerId);
    graph.catch(() => undefined); // the panel shows a failure; this only keeps it from being "unhandled"
    return graph;
  }, [props.api, props.customerId]);
  useEffect(() => {
    // Effects run after the DOM is updated, so this is when the panels are there to read.
    if (view.state === 'done' && performance.getEntriesByName(SEARCH_MARK).length > 0) {
      performance.measure(SEARCH_TO_360, SEARCH_MARK);
      performance.clearMarks(SEARCH_MARK);
    }
  }, [view.state]);
  if (view.state === 'loading') return <p aria-busy="true">Loading customer {props.customerId}…</p>;
  if (view.state === 'failed') return <ErrorMessage error={view.error} action="read this customer" />;
  const c = view.value;
  const name = c.profile.name?.value ?? c.profile.companyName?.value ?? c.customerId;
  return (
    <article class="customer" aria-labelledby="customer-name" data-customer={c.customerId}>
      <header class="customer-head">
        <div>
          <h1 id="customer-name">{name}</h1>
          <p class="muted small">
            {c.customerId} · built from {c.sources.length} source record{c.sources.length === 1 ? '' : 's'} (
            {[...new Set(c.sources.map((s) => s.system))].join(', ')})
          </p>
        </div>
        <InsightsSummary insights={c.insights} />
      </header>
      <TalkingPoints points={talkingPoints(c, new Date())} />
      {c.insights.detail ? <InsightsDetailPanel detail={c.insights.detail} /> : null}
      <div class="panels">
        <ProfilePanel view={c} />
        <InteractionsPanel view={c} />
        <ProductsPanel view={c} />
        <OrdersPanel view={c} />
        <ShipmentsPanel view={c} />
        <InvoicesPanel view={c} />
        <WebActivityPanel view={c} />
        <IdentityPanel
          api={props.api}
          customerId={c.customerId}
          canUnmerge={props.canUnmerge}
          onUnmerged={() => reload()}
          prefetched={identity}
        />
      </div>
      {c.identityConflicts.length > 0 ? (
        <p class="message warn">
          {c.identityConflicts.length} identity conflict(s) wait for a decision (see the identity panel).
        </p>
      ) : null}
    </article>
  );
};
