import { useMemo } from 'preact/hooks';
import type { DemandPicture } from '../../../schemas/api/demand.ts';
import type { ApiClient } from '../api/api-client.ts';
import { ChartCanvas } from '../charts/chart-canvas.tsx';
import { ErrorMessage } from '../ui/error-message.tsx';
import { formatDate } from '../ui/format.ts';
import { Empty, Panel } from '../ui/panel.tsx';
import { useAsync } from '../ui/use-async.ts';
import { demandChartConfig, demandSeries } from './demand-chart.ts';
import { PartPicker } from './part-picker.tsx';
import { SignalHistory } from './signal-history.tsx';

const units = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 }).format(n);

/** Demand for one part: choose the part, see demand by source and day against stock and the signal. */
export const DemandView = (props: {
  api: ApiClient;
  partNumber: string | undefined;
  openPart: (partNumber: string) => void;
  openCustomer: (customerId: string) => void;
}) => {
  return (
    <div class="panels">
      <PartPicker api={props.api} partNumber={props.partNumber} openPart={props.openPart} />
      {props.partNumber ? (
        <PartDemand api={props.api} partNumber={props.partNumber} openCustomer={props.openCustomer} />
      ) : (
        <p class="muted">
          Choose a part (from the list, by its number, or from the reactions feed) to see its demand.
        </p>
      )}
    </div>
  );
};

const PartDemand = (props: { api: ApiClient; partNumber: string; openCustomer: (id: string) => void }) => {
  const [picture] = useAsync(() => props.api.demand(props.partNumber), [props.partNumber]);
  return (
    <Panel name="demand" title={`Demand for ${props.partNumber}`} wide>
      {picture.state === 'loading' ? <p aria-busy="true">Loading demand…</p> : null}
      {picture.state === 'failed' ? (
        <ErrorMessage
          error={picture.error}
          action="see demand"
          missing={`No demand picture for ${props.partNumber}: the part is unknown to the hub, or this hub does not offer GET /products/{partNumber}/demand yet.`}
        />
      ) : null}
      {picture.state === 'done' ? (
        <DemandPictureView picture={picture.value} openCustomer={props.openCustomer} />
      ) : null}
    </Panel>
  );
};

/** Signal, stock and the chart for one demand picture; pure, so unit tests render it from fixtures. */
export const DemandPictureView = (props: { picture: DemandPicture; openCustomer: (id: string) => void }) => {
  // SCM's reservations for the orders already counted as demand (core/demand/available-stock.ts).
  const reservedForCounted = props.picture.stock.allocatedToCountedOrders ?? 0;
  const p = props.picture;
  const config = useMemo(() => demandChartConfig(p), [p]);
  const series = useMemo(() => demandSeries(p), [p]);
  return (
    <>
      <dl class="facts demand-facts">
        <div>
          <dt>Signal</dt>
          <dd data-field="signal">
            {p.signal ? (
              <>
                <strong class={`badge ${p.signal.status === 'open' ? 'warn' : ''}`}>{p.signal.status}</strong>{' '}
                {p.signal.status === 'open'
                  ? `${units(p.signal.quantityShort)} short, needed by ${formatDate(p.signal.needBy)}`
                  : `withdrawn ${formatDate(p.signal.decidedAt)}`}{' '}
                <span class="muted small">
                  plant {p.signal.plant}, revision {p.signal.revision}, planned order {p.signal.signalKey}
                </span>
              </>
            ) : (
              'none raised'
            )}
          </dd>
        </div>
        <div>
          <dt>Stock</dt>
          <dd data-field="stock">
            {units(p.stock.available)} available ({units(p.stock.onHand)} on hand + {units(p.stock.inbound)}{' '}
            inbound − {units(p.stock.allocated - reservedForCounted)} allocated, {p.stock.sites} site
            {p.stock.sites === 1 ? '' : 's'})
            {reservedForCounted > 0
              ? `; ${units(reservedForCounted)} reserved for the orders counted as demand are not subtracted again`
              : ''}
          </dd>
        </div>
        <div>
          <dt>Safety stock, lead time</dt>
          <dd>
            {units(p.safetyStock)} units, {p.leadTimeDays} days
          </dd>
        </div>
        <div>
          <dt>Demand</dt>
          <dd data-field="totals">
            {units(p.totals.total)} units: {units(p.totals.order)} ordered, {units(p.totals.quote)} from
            quotes, {units(p.totals.web)} from web interest{' '}
            <span class="muted small">(as of {formatDate(p.asOf)})</span>
          </dd>
        </div>
      </dl>
      {series.length === 0 ? (
        <Empty>No open demand for this part.</Empty>
      ) : (
        <ChartCanvas
          name="demand"
          label={`Demand for ${p.partNumber} by source and day, with cumulative demand against available and safety stock`}
          config={config}
        >
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">
                  Orders
                </th>
                <th scope="col" class="num">
                  Quotes
                </th>
                <th scope="col" class="num">
                  Web
                </th>
                <th scope="col" class="num">
                  Total
                </th>
                <th scope="col" class="num">
                  Cumulative
                </th>
              </tr>
            </thead>
            <tbody>
              {series.map((d) => (
                <tr key={d.day} class={d.cumulative > p.stock.available - p.safetyStock ? 'late' : undefined}>
                  <th scope="row">{d.day}</th>
                  <td class="num">{units(d.order)}</td>
                  <td class="num">{units(d.quote)}</td>
                  <td class="num">{units(d.web)}</td>
                  <td class="num">{units(d.total)}</td>
                  <td class="num">{units(d.cumulative)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ChartCanvas>
      )}
      <SignalHistory picture={p} />
      {p.evidence.length > 0 ? (
        <details class="evidence">
          <summary>Evidence: {p.evidence.length} record(s) behind the demand</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Source</th>
                <th scope="col">Record</th>
                <th scope="col">Customer</th>
                <th scope="col">Day</th>
                <th scope="col" class="num">
                  Raw × weight = units
                </th>
              </tr>
            </thead>
            <tbody>
              {p.evidence.map((e) => (
                <tr key={`${e.source}:${e.reference}`}>
                  <td>{e.source}</td>
                  <td>
                    <code>{e.reference}</code>
                  </td>
                  <td>
                    {e.customerId ? (
                      <a
                        href={`#/agent/${encodeURIComponent(e.customerId)}`}
                        onClick={(ev) => {
                          ev.preventDefault();
                          if (e.customerId) props.openCustomer(e.customerId);
                        }}
                      >
                        {e.customerId}
                      </a>
                    ) : (
                      '–'
                    )}
                  </td>
                  <td>{e.day}</td>
                  <td class="num">
                    {units(e.rawQuantity)} × {e.weight} = {units(e.quantity)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      ) : null}
    </>
  );
};
