import type { ApiClient } from '../api/api-client.ts';
import { DemandView } from './demand-view.tsx';
import { LifecycleView } from './lifecycle-view.tsx';
import { ReactionsView } from './reactions-view.tsx';
import { SegmentsView } from './segments-view.tsx';

export type BusinessSection = 'segments' | 'lifecycle' | 'reactions' | 'demand';

/** `#/business/<section>[/<item>]`: a segment's name or a part number as the item. */
export interface BusinessRoute {
  readonly section: BusinessSection;
  readonly item?: string;
}

const SECTIONS: ReadonlyArray<{ section: BusinessSection; label: string }> = [
  { section: 'segments', label: 'Segments' },
  { section: 'lifecycle', label: 'Lifecycle' },
  { section: 'reactions', label: 'Reactions' },
  { section: 'demand', label: 'Demand' },
];

export const readBusinessRoute = (section: string | undefined, item: string | undefined): BusinessRoute => {
  const known = SECTIONS.find((s) => s.section === section)?.section ?? 'segments';
  return item ? { section: known, item: decodeURIComponent(item) } : { section: known };
};

const go = (section: BusinessSection, item?: string) => {
  location.hash = `#/business/${section}${item ? `/${encodeURIComponent(item)}` : ''}`;
};

/** The sales and service managers' screens: segments, lifecycle, the reactions feed, demand per part. */
export const BusinessView = (props: {
  api: ApiClient;
  route: BusinessRoute;
  openCustomer: (customerId: string) => void;
}) => {
  const { route } = props;
  return (
    <div class="business" data-section={route.section}>
      <nav class="subnav" aria-label="Business views">
        {SECTIONS.map((s) => (
          <a
            key={s.section}
            href={`#/business/${s.section}`}
            aria-current={route.section === s.section ? 'page' : undefined}
          >
            {s.label}
          </a>
        ))}
      </nav>
      {route.section === 'segments' ? (
        <SegmentsView
          api={props.api}
          selected={route.item}
          select={(segment) => go('segments', segment)}
          openCustomer={props.openCustomer}
        />
      ) : null}
      {route.section === 'lifecycle' ? (
        <LifecycleView api={props.api} openSegment={(segment) => go('segments', segment)} />
      ) : null}
      {route.section === 'reactions' ? (
        <ReactionsView
          api={props.api}
          openCustomer={props.openCustomer}
          openPart={(part) => go('demand', part)}
        />
      ) : null}
      {route.section === 'demand' ? (
        <DemandView
          key={route.item ?? ''}
          api={props.api}
          partNumber={route.item}
          openPart={(part) => go('demand', part)}
          openCustomer={props.openCustomer}
        />
      ) : null}
    </div>
  );
};
