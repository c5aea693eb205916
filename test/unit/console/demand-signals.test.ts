import { h } from 'preact';
import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { DemandPictureView } from '../../../console/src/business/demand-view.tsx';
import { partsWithSignals } from '../../../console/src/business/parts-with-signals.ts';
import { signalHistoryChartConfig, signalSteps } from '../../../console/src/business/signal-history-chart.ts';
import type { DemandPicture } from '../../../schemas/api/demand.ts';
import type { ReactionRecord } from '../../../schemas/api/reactions.ts';
import { demandPicture } from './fixtures/business-answers.ts';

const ignore = () => undefined;
const [first, latest] = demandPicture.signalHistory;
if (!first || !latest) throw new Error('the fixture has a raised and a superseded signal');
const withdrawnAfter: DemandPicture = {
  ...demandPicture,
  signalHistory: [first, latest, { ...latest, revision: 3, status: 'withdrawn' }],
};

const reaction = (id: string, kind: string, partNumber: string | undefined, at: string): ReactionRecord => ({
  reactionId: id,
  rule: 'demand-signal-to-erp-planning',
  system: 'erp',
  kind,
  at,
  eventId: `evt-${id}`,
  detailType: kind === 'demandWithdrawal' ? 'DemandSignalWithdrawn' : 'DemandSignalRaised',
  ...(partNumber ? { partNumber } : {}),
  summary: `${kind} ${partNumber}`,
  delivery: { status: 'delivered' },
});

describe('demand signals over time', () => {
  it('reads each revision as raised, superseded or withdrawn, a withdrawal holding nothing planned', () => {
    const steps = signalSteps(withdrawnAfter);

    expect(steps.map((s) => [s.revision, s.change, s.plannedQuantity])).toEqual([
      [1, 'raised', 3],
      [2, 'superseded', 5],
      [3, 'withdrawn', 0],
    ]);
  });

  it('charts the planned quantity as a stepped line, one point per decision', () => {
    const config = signalHistoryChartConfig(signalSteps(demandPicture), (iso) => iso.slice(0, 10));

    expect(config.data.labels).toEqual(['2026-11-30', '2026-12-01']);
    expect(config.data.datasets[0]?.data).toEqual([3, 5]);
    expect(config.data.datasets[0]).toMatchObject({ stepped: 'before' });
  });

  it('renders the history chart with its table of decisions beside the demand', () => {
    const html = render(h(DemandPictureView, { picture: withdrawnAfter, openCustomer: ignore }));

    expect(html).toContain('data-chart="signal-history"');
    expect(html).toContain('data-signal-history="3"');
    expect(html).toMatch(/data-revision="3".*withdrawn/s);
    expect(html).toContain(first.signalKey);
  });

  it('says so when no signal was ever raised instead of drawing an empty chart', () => {
    const { signal: _, ...rest } = demandPicture;
    const html = render(
      h(DemandPictureView, { picture: { ...rest, signalHistory: [] }, openCustomer: ignore }),
    );

    expect(html).not.toContain('data-chart="signal-history"');
    expect(html).toContain('No demand signal has been raised for this part.');
  });
});

describe('parts with demand signals', () => {
  it('lists each part ERP got planned orders for once, newest first, with its latest and a count', () => {
    const parts = partsWithSignals([
      reaction('3', 'demandWithdrawal', 'CP-3216', '2026-12-01T10:00:00Z'),
      reaction('2', 'demandSignal', 'GM-0071', '2026-12-01T09:00:00Z'),
      reaction('1', 'demandSignal', 'CP-3216', '2026-12-01T08:00:00Z'),
      reaction('0', 'retentionTask', undefined, '2026-12-01T07:00:00Z'),
    ]);

    expect(parts.map((p) => [p.partNumber, p.withdrawn, p.signals])).toEqual([
      ['CP-3216', true, 2],
      ['GM-0071', false, 1],
    ]);
  });
});
