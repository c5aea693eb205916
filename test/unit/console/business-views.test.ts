import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../console/src/api/api-client.ts';
import { demandChartConfig, demandSeries } from '../../../console/src/business/demand-chart.ts';
import { DemandPictureView } from '../../../console/src/business/demand-view.tsx';
import { lifecycleDistribution } from '../../../console/src/business/lifecycle-chart.ts';
import { LifecycleDistribution } from '../../../console/src/business/lifecycle-view.tsx';
import { ReactionTable, RuleOutcomeTable } from '../../../console/src/business/reactions-view.tsx';
import { MemberList, SegmentTable } from '../../../console/src/business/segments-view.tsx';
import { ErrorMessage } from '../../../console/src/ui/error-message.tsx';
import {
  demandPicture,
  reactionFeed,
  ruleOutcomes,
  segmentList,
  segmentMembers,
} from './fixtures/business-answers.ts';

const ignore = () => undefined;

describe('segments view', () => {
  it('lists each kind of segment with its size and a link to its members', () => {
    const html = render(h(SegmentTable, { ...segmentList, selected: undefined, select: ignore }));

    for (const caption of ['Lifecycle stage', 'Payment risk', 'Profit', 'Key customers'])
      expect(html).toContain(`<caption>${caption}</caption>`);
    expect(html).toMatch(
      /href="#\/business\/segments\/risk%3Ahigh"[^>]*>High payment risk<\/a>.*?<td class="num">2<\/td>/s,
    );
    expect(html).toMatch(/Loss-making<\/a>.*?<td class="num">0<\/td>/s);
  });

  it('says there are no segments instead of drawing an empty table', () => {
    const html = render(
      h(SegmentTable, { asOf: segmentList.asOf, segments: [], selected: undefined, select: ignore }),
    );

    expect(html).toContain('no segments yet');
    expect(html).not.toContain('<table');
  });

  it('links every member to its agent view, by name where the API gives one', () => {
    const html = render(h(MemberList, { members: segmentMembers.items, openCustomer: ignore }));

    expect(html).toContain('href="#/agent/cus_A1"');
    expect(html).toContain('Bäckerei Huber GmbH');
    expect(html).toContain('No order for 190 days');
    expect(html).toMatch(/href="#\/agent\/cus_B2"[^>]*>cus_B2<\/a>/);
  });
});

describe('lifecycle distribution', () => {
  it('orders the lifecycle segments as customers move through the stages and leaves other kinds out', () => {
    expect(lifecycleDistribution(segmentList.segments).map((s) => s.value)).toEqual([
      'prospect',
      'first-time',
      'dormant',
    ]);
  });

  it('shows the current distribution with shares and says that no history is charted', () => {
    const html = render(h(LifecycleDistribution, { list: segmentList, openSegment: ignore }));

    expect(html).toContain('data-note="no-history"');
    expect(html).toContain('movement over time is not charted');
    expect(html).toContain('aria-label="Customers per lifecycle stage now (20 customers)"');
    expect(html).toMatch(/Prospect<\/a><\/th><td class="num">10<\/td><td class="num">50 %<\/td>/);
  });
});

describe('reactions feed', () => {
  it('shows what each system received and when, with the outcome, and links the customer and the part', () => {
    const html = render(
      h(ReactionTable, { reactions: reactionFeed.items, openCustomer: ignore, openPart: ignore }),
    );

    expect(html).toMatch(
      /data-reaction="r-2".*Call center.*Retention call for Bäckerei Huber GmbH.*not measured/s,
    );
    expect(html).toContain('href="#/agent/cus_A1" data-follow="customer"');
    expect(html).toMatch(
      /data-reaction="r-1".*ERP \(production planning\).*converted.*Production order 4711 created/s,
    );
    expect(html).toContain('href="#/business/demand/CP-8040"');
  });

  it('says whether each system got its reaction: a failed one with its reason and that it can be re-driven', () => {
    const html = render(
      h(ReactionTable, { reactions: reactionFeed.items, openCustomer: ignore, openPart: ignore }),
    );

    expect(html).toMatch(
      /data-reaction="r-2".*data-delivery="failed".*after 9 attempts.*HTTP 503.*re-drive/s,
    );
    expect(html).toMatch(/data-reaction="r-1".*data-delivery="delivered"/s);
  });

  it('says when a delivery was inferred because no dead letter came, and not otherwise', () => {
    const [first, ...rest] = reactionFeed.items;
    if (!first) throw new Error('the fixture feed is empty');
    const inferred = {
      ...first,
      delivery: { status: 'delivered' as const, at: '2026-03-02T13:00:00.000Z', inferred: true as const },
    };

    const html = render(
      h(ReactionTable, { reactions: [inferred, ...rest], openCustomer: ignore, openPart: ignore }),
    );
    const confirmed = render(
      h(ReactionTable, { reactions: reactionFeed.items, openCustomer: ignore, openPart: ignore }),
    );

    expect(html).toMatch(
      /data-delivery="delivered".*data-inferred="true">no dead letter within its retry window/s,
    );
    expect(confirmed).not.toContain('data-inferred');
  });

  it('says when a failed reaction was re-sent, and that its delivery was inferred from the re-send', () => {
    const [first, second, ...rest] = reactionFeed.items;
    if (!first || !second) throw new Error('the fixture feed is too short');
    const resent = {
      ...first,
      delivery: { status: 'sending' as const, resentAt: '2026-03-02T13:00:00.000Z' },
    };
    const inferredAfterResend = {
      ...second,
      delivery: {
        status: 'delivered' as const,
        at: '2026-03-02T17:00:00.000Z',
        inferred: true as const,
        resentAt: '2026-03-02T13:00:00.000Z',
      },
    };

    const html = render(
      h(ReactionTable, {
        reactions: [resent, inferredAfterResend, ...rest],
        openCustomer: ignore,
        openPart: ignore,
      }),
    );

    expect(html).toMatch(/data-delivery="sending".*data-resent="2026-03-02T13:00:00.000Z">re-sent /s);
    expect(html).toMatch(
      /data-inferred="true">no dead letter within its retry window after it was re-sent /s,
    );
  });

  it('gives each rule its delivered and failed counts beside the sent ones', () => {
    const html = render(h(RuleOutcomeTable, { ...ruleOutcomes, showRule: ignore }));

    expect(html).toMatch(
      /data-rule="churn-risk-to-call-center".*<td class="num">12<\/td><td class="num">11<\/td><td class="num">1<\/td>/s,
    );
  });

  it('gives each rule its counts and conversion, and a dash where nothing is decided yet', () => {
    const html = render(h(RuleOutcomeTable, { ...ruleOutcomes, showRule: ignore }));

    expect(html).toMatch(
      /data-rule="churn-risk-to-call-center".*an order within 30 days.*<td class="num">12<\/td>.*75 %/s,
    );
    expect(html).toMatch(/data-rule="demand-to-erp".*<td class="num">–/s);
  });
});

describe('demand per part', () => {
  it('adds demand up day by day for the cumulative line', () => {
    expect(demandSeries(demandPicture).map((d) => d.cumulative)).toEqual([6.7, 10]);
  });

  it('stacks demand by source and draws available and safety stock as flat lines', () => {
    const config = demandChartConfig(demandPicture);
    const byLabel = new Map(config.data.datasets.map((d) => [d.label, d.data]));

    expect(config.data.labels).toEqual(['2026-12-02', '2026-12-04']);
    expect(byLabel.get('Orders')).toEqual([5, 3]);
    expect(byLabel.get('Available stock now')).toEqual([7, 7]);
    expect(byLabel.get('Safety stock')).toEqual([2, 2]);
  });

  it('states the open signal, the stock and the evidence with a link to the customer behind it', () => {
    const html = render(h(DemandPictureView, { picture: demandPicture, openCustomer: ignore }));

    expect(html).toMatch(/data-field="signal">.*open.*5 short, needed by/s);
    expect(html).toContain('7 available');
    expect(html).toContain('href="#/agent/cus_A1"');
    expect(html).toContain('data-chart="demand"');
  });

  it('says no signal was raised when the picture has none', () => {
    const { signal: _, ...withoutSignal } = demandPicture;
    const html = render(h(DemandPictureView, { picture: withoutSignal, openCustomer: ignore }));

    expect(html).toMatch(/data-field="signal">none raised/);
  });
});

describe('an answer the hub cannot give', () => {
  it('says plainly that an older hub lacks the route, instead of an error or empty figures', () => {
    const html = render(
      h(ErrorMessage, {
        error: new ApiError(404, 'Not Found', ''),
        missing: 'This hub does not offer segments yet.',
      }),
    );

    expect(html).toContain('data-missing="404"');
    expect(html).toContain('This hub does not offer segments yet.');
  });

  it('still shows a refusal as a refusal when the view names what a 404 would mean', () => {
    const html = render(
      h(ErrorMessage, { error: new ApiError(403, 'Forbidden', ''), missing: 'not offered' }),
    );

    expect(html).toContain('data-refused="403"');
    expect(html).not.toContain('not offered');
  });
});
