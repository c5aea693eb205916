import type { Customer360Response } from '../../../schemas/api/customer-360.ts';
import { formatDate, formatMoney } from '../ui/format.ts';
import { Empty, Panel } from '../ui/panel.tsx';

type View = Customer360Response;
const OPEN_ORDER = new Set(['quote', 'open', 'confirmed', 'partiallyDelivered']);

export const ProfilePanel = ({ view }: { view: View }) => {
  const p = view.profile;
  const address = p.address?.value;
  const rows: Array<[string, string | undefined, string | undefined]> = [
    ['Name', p.name?.value, p.name?.provenance.system],
    [
      'Contact',
      [p.firstName?.value, p.lastName?.value].filter(Boolean).join(' ') || undefined,
      p.lastName?.provenance.system,
    ],
    ['Company', p.companyName?.value, p.companyName?.provenance.system],
    ['E-mail', p.email?.value, p.email?.provenance.system],
    ['Phone', p.phone?.value, p.phone?.provenance.system],
    [
      'Address',
      address
        ? [
            address.street,
            [address.postalCode, address.city].filter(Boolean).join(' '),
            address.region,
            address.country,
          ]
            .filter(Boolean)
            .join(', ')
        : undefined,
      p.address?.provenance.system,
    ],
    ['Segment', p.segment?.value, p.segment?.provenance.system],
    ['Account manager', p.accountManager?.value, p.accountManager?.provenance.system],
    [
      'Payment terms',
      p.paymentTermsDays ? `${p.paymentTermsDays.value} days` : undefined,
      p.paymentTermsDays?.provenance.system,
    ],
    [
      'Credit limit',
      p.creditLimit ? String(p.creditLimit.value) : undefined,
      p.creditLimit?.provenance.system,
    ],
    ['Blocked', p.blocked?.value ? 'yes' : undefined, p.blocked?.provenance.system],
  ];
  return (
    <Panel name="profile" title="Profile and address">
      <dl class="facts">
        {rows
          .filter(([, value]) => value)
          .map(([label, value, system]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>
                {value}{' '}
                {system ? (
                  <span class="source" title="source system">
                    {system}
                  </span>
                ) : null}
              </dd>
            </div>
          ))}
      </dl>
      <p class="identifiers">
        {view.identifiers.map((i) => (
          <code key={`${i.type}:${i.value}`}>
            {i.type}:{i.value}
          </code>
        ))}
      </p>
    </Panel>
  );
};

export const ProductsPanel = ({ view }: { view: View }) => (
  <Panel name="products" title="Products owned" count={view.productsOwned.length} wide>
    {view.productsOwned.length === 0 ? (
      <Empty>No installed products recorded in the source systems.</Empty>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Serial</th>
            <th scope="col">Purchased</th>
            <th scope="col">Warranty end</th>
            <th scope="col">PDM state</th>
            <th scope="col">Successor</th>
          </tr>
        </thead>
        <tbody>
          {view.productsOwned.map((o) => (
            <tr key={`${o.partNumber}-${o.serialNumber ?? o.source.key}`}>
              <td>
                {o.product?.name ?? o.partNumber} <code>{o.partNumber}</code>
                {o.product ? <span class="muted"> rev {o.product.revision}</span> : null}
              </td>
              <td>{o.serialNumber ?? '–'}</td>
              <td>{formatDate(o.purchasedOn)}</td>
              <td>{formatDate(o.warrantyEnd)}</td>
              <td>{o.product?.lifecycleState ?? 'not in PDM'}</td>
              <td>{o.product?.successorPartNumber ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Panel>
);

export const OrdersPanel = ({ view }: { view: View }) => {
  const open = view.recentOrders.filter((o) => OPEN_ORDER.has(o.status));
  return (
    <Panel name="orders" title={`Orders (${open.length} open)`} count={view.recentOrders.length}>
      {view.recentOrders.length === 0 ? (
        <Empty>No orders.</Empty>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col" class="num">
                Net
              </th>
            </tr>
          </thead>
          <tbody>
            {[...open, ...view.recentOrders.filter((o) => !OPEN_ORDER.has(o.status))].map((o) => (
              <tr key={o.orderNumber} class={OPEN_ORDER.has(o.status) ? 'open' : undefined}>
                <td>
                  {o.orderNumber}
                  <div class="muted small">
                    {o.lines.map((l) => `${l.quantity}× ${l.partNumber}`).join(', ')}
                  </div>
                </td>
                <td>{formatDate(o.orderedAt)}</td>
                <td>{o.status}</td>
                <td class="num">{formatMoney(o.netAmount, o.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Panel>
  );
};

export const ShipmentsPanel = ({ view }: { view: View }) => (
  <Panel name="shipments" title="Open shipments" count={view.openShipments.length}>
    {view.openShipments.length === 0 ? (
      <Empty>No shipments under way.</Empty>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">Shipment</th>
            <th scope="col">Promised</th>
            <th scope="col">Expected</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {view.openShipments.map((s) => (
            <tr key={s.shipmentNumber} class={s.late ? 'late' : undefined}>
              <td>
                {s.shipmentNumber}
                {s.orderNumber ? <span class="muted"> for {s.orderNumber}</span> : null}
                {s.carrier ? <div class="muted small">{s.carrier}</div> : null}
              </td>
              <td>{formatDate(s.promisedDate)}</td>
              <td>{formatDate(s.expectedDate)}</td>
              <td>{s.late ? <strong class="badge warn">late · {s.status}</strong> : s.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Panel>
);

export const InvoicesPanel = ({ view }: { view: View }) => (
  <Panel
    name="invoices"
    title={`Invoices (${view.invoices.filter((i) => i.overdue).length} overdue)`}
    count={view.invoices.length}
  >
    {view.invoices.length === 0 ? (
      <Empty>No invoices.</Empty>
    ) : (
      <table>
        <thead>
          <tr>
            <th scope="col">Invoice</th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
            <th scope="col" class="num">
              Open
            </th>
          </tr>
        </thead>
        <tbody>
          {view.invoices.map((i) => (
            <tr key={i.invoiceNumber} class={i.overdue ? 'late' : undefined}>
              <td>{i.invoiceNumber}</td>
              <td>{formatDate(i.dueDate)}</td>
              <td>{i.overdue ? <strong class="badge warn">overdue</strong> : i.status}</td>
              <td class="num">
                {formatMoney(i.openAmount ?? (i.status === 'paid' ? 0 : i.amount), i.currency)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </Panel>
);

export const InteractionsPanel = ({ view }: { view: View }) => (
  <Panel name="interactions" title="Interactions" count={view.recentInteractions.length}>
    <p class="last-contact" data-field="last-contact">
      <strong>Last contact: </strong>
      {view.lastContact
        ? `${formatDate(view.lastContact.occurredAt)} by ${view.lastContact.channel}${view.lastContact.agent ? ` with ${view.lastContact.agent}` : ''}`
        : 'no contact recorded'}
    </p>
    {view.recentInteractions.length === 0 ? (
      <Empty>No calls, e-mails or service cases recorded.</Empty>
    ) : (
      <ul class="list">
        {view.recentInteractions.map((i) => (
          <li key={i.interactionId}>
            <strong>{formatDate(i.occurredAt)}</strong> {i.channel}{' '}
            {i.kind === 'serviceCase' ? 'service case' : 'contact'}
            {i.category ? ` · ${i.category}` : ''}
            {i.subject ? `: ${i.subject}` : ''}
            <div class="muted small">
              {[i.agent && `agent ${i.agent}`, i.partNumber && `part ${i.partNumber}`, i.status, i.outcome]
                .filter(Boolean)
                .join(' · ')}
            </div>
          </li>
        ))}
      </ul>
    )}
  </Panel>
);

export const WebActivityPanel = ({ view }: { view: View }) => {
  const web = view.webActivity;
  return (
    <Panel name="web" title="Web activity" count={web.events}>
      {web.events === 0 ? (
        <Empty>No web shop activity linked to this customer.</Empty>
      ) : (
        <>
          <p>
            {web.events} events, last seen {formatDate(web.lastSeenAt)} (first {formatDate(web.firstSeenAt)}).
          </p>
          {web.productInterest.length > 0 ? (
            <ul class="list">
              {web.productInterest.slice(0, 6).map((p) => (
                <li key={p.partNumber}>
                  <code>{p.partNumber}</code> {p.views} view{p.views === 1 ? '' : 's'}
                  {p.cartAdds > 0 ? `, ${p.cartAdds} added to cart` : ''}
                </li>
              ))}
            </ul>
          ) : null}
          {web.recentSearches.length > 0 ? (
            <p class="muted small">Searched: {web.recentSearches.map((s) => `“${s.query}”`).join(', ')}</p>
          ) : null}
        </>
      )}
    </Panel>
  );
};
