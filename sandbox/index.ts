/**
 * # hub360 sandbox: simulated legacy systems
 *
 * `startSandbox()` starts small HTTP servers on 127.0.0.1 (free ports by default) that behave like the
 * systems hub360's connectors read from, fills them with deterministic, seeded data of a pump and drive
 * manufacturer, lands web clickstream files in a folder, and keeps everything changing on `tick()`.
 *
 * ## What each server serves (paths below the base URLs in `endpoints`)
 *
 * **SAP S/4HANA** (OData v2, basic auth) — `endpoints.sapS4` = `http://host:port/sap/opu/odata/sap`
 * - `GET /API_BUSINESS_PARTNER/A_BusinessPartner` (`$expand=to_BusinessPartnerAddress/to_EmailAddress,
 *   to_BusinessPartnerAddress/to_PhoneNumber`), incremental by `LastChangeDate` + `LastChangeTime`
 * - `GET /API_SALES_ORDER_SRV/A_SalesOrder` (`$expand=to_Item`), by `LastChangeDateTime`
 * - `GET /API_BILLING_DOCUMENT_SRV/A_BillingDocument` (`$expand=to_Item`), by `LastChangeDateTime`;
 *   extension fields `YY1_NetDueDate_BDH`, `YY1_ClearingStatus_BDH` (`OPEN`/`CLEARED`), `YY1_ClearingDate_BDH`
 * - `…/<Set>('<key>')`, `…/<Set>/$count`; options `$filter` (`datetime'…'`, `datetimeoffset'…'`, `time'…'`),
 *   `$orderby`, `$top`, `$skip`, `$skiptoken`, `$select`, `$expand`, `$inlinecount`, `$format=json`.
 *   Responses are `{ d: { results, __count?, __next? } }` with `/Date(ms)/` dates; errors are SAP Gateway bodies.
 *
 * **Business Central API v2.0** (OData v4, OAuth2 bearer) — `endpoints.businessCentral` =
 * `http://host:port/v2.0/<tenant>/production/api/v2.0`
 * - `GET /companies`; under `/companies(<businessCentralCompanyId>)`: `/customers`, `/salesOrders`
 *   (`$expand=salesOrderLines`), `/salesInvoices` (`$expand=salesInvoiceLines`), by `lastModifiedDateTime`
 * - `value` + `@odata.nextLink` paging (`Prefer: odata.maxpagesize=n` honoured), `$count=true`;
 *   `Prefer: odata.track-changes` ends a read with `@odata.deltaLink`; following it returns changed rows and
 *   `{ "@odata.context": "…/$deletedEntity", id, reason: "deleted" }` for removed ones. Posting an invoice
 *   deletes its sales order, as in Business Central.
 *
 * **Windchill REST Services** (OData v4, OAuth2 bearer) — `endpoints.windchill` =
 * `http://host:port/Windchill/servlet/odata`
 * - `GET /ProdMgmt/Parts` (also `/v5/ProdMgmt/Parts`), one entity per part revision, by `LastModified`;
 *   `State/Value` filterable; `$expand=Successors,Accessories`; `…/Parts('<ID>')`
 *
 * **Oracle Fusion SCM REST** (basic auth) — `endpoints.oracleScm` = `http://host:port/fscmRestApi/resources/11.13.18.05`
 * - `GET /shipments` (`expand=shipmentLines`), `GET /onhandQuantityDetails`, `…/<resource>/<id>`
 * - `q=LastUpdateDate >= '2024-01-01T00:00:00+00:00'` (row-match; or `Attr=value;…` by example), `orderBy=A:asc,B`,
 *   `limit` (default 25, max 500) / `offset`, `totalResults`, `onlyData`, `fields`, `expand`;
 *   answers `{ items, count, hasMore, limit, offset, links }`
 *
 * **Service desk** (Zendesk Support-like, basic auth `<email>/token` + API token) — `endpoints.serviceDesk`
 * - `GET /api/v2/incremental/tickets/cursor.json?start_time=<unix s>` then `?cursor=<after_cursor>`;
 *   `per_page`, `include=users`, `exclude_deleted`; answers `{ tickets, after_cursor, after_url, end_of_stream,
 *   users? }`. Tickets are raised by the customers' contacts about catalogue parts (custom fields part number,
 *   category, serial number; tags) and move new → open → pending → solved → closed over ticks.
 *
 * **OAuth2 token endpoint** — `endpoints.tokenUrl` = `http://host:port/<tenant>/oauth2/v2.0/token`
 * (`grant_type=client_credentials`, client id/secret in the form or as basic auth, `scope` per client)
 *
 * **Enterprise inbox** (bearer token) — `endpoints.inbox`: `POST /erp/demand-signals`, `/callcenter/tasks`,
 * `/sales/leads`, `/pdm/change-requests`, `/service/notices`, `/service/tasks` (202, every delivery recorded, an
 * `Idempotency-Key` header is kept); `GET /inbox[?target=…]` lists deliveries. ERP production planning's
 * planned orders: `PUT /erp/planned-orders/<key>` upserts (201 created, 200 updated or repeated),
 * `DELETE /erp/planned-orders/<key>` withdraws (200, also when already gone), `GET /erp/planned-orders`
 * lists what ERP holds and every call with its idempotency key and effect.
 *
 * **Clickstream** — `endpoints.clickstreamDir` + `endpoints.clickstreamPrefix`: gzip JSON-lines files of
 * Segment `page` / `track` / `identify` events under
 * `segment-logs/<source-id>/<received-day-epoch-ms>/<epoch-ms>.<seq>-<id>.gz` (keys sort in landing order).
 *
 * **Reaction triggers** — `placeShortageOrder()` adds an SAP sales order, stamped now, for more units of a main
 * product than every warehouse holds (round robin over the catalogue's main products): the one change that always
 * makes the hub raise or supersede the part's demand signal, so ERP planning gets a planned order. Ticks change
 * data at random; `reactionTriggers` add per-tick changes for the other reactions.
 *
 * **Every HTTP server** also has, below any path prefix, `GET|POST|DELETE /_sandbox/faults` (arm, list, clear faults; body = a
 * {@link FaultSpec} or an array) and `GET /_sandbox/requests` (request count, busiest second).
 */
import { parseConfig } from '../schemas/config/parse-config.ts';
import type { SandboxCredentials, SandboxEndpoints, SandboxSystem } from './endpoints.ts';
import { FaultController } from './faults/fault-controller.ts';
import type { FaultSpec } from './faults/fault-spec.ts';
import { staticBearerAuthenticator, TokenIssuer } from './http/auth.ts';
import { RequestLog } from './http/request-log.ts';
import type { RunningServer } from './http/system-server.ts';
import { type ResolvedSandboxOptions, type SandboxOptions, SandboxOptionsSchema } from './options.ts';
import { businessCentralApiPath, startBusinessCentralServer } from './systems/business-central/bc-server.ts';
import type { ClickstreamFaultInput } from './systems/clickstream/clickstream-faults.ts';
import { ClickstreamWriter, type LandedFile } from './systems/clickstream/clickstream-writer.ts';
import { startTokenServer, tokenPath } from './systems/identity/token-server.ts';
import { type InboxStore, startInboxServer } from './systems/inbox/inbox-server.ts';
import { flatShipmentLineMeta, onhandQuantityMeta, shipmentMeta } from './systems/oracle-scm/oracle-model.ts';
import { flatShipmentLineRows } from './systems/oracle-scm/oracle-records.ts';
import {
  ORACLE_ROOT_PATH,
  type OracleResource,
  startOracleServer,
} from './systems/oracle-scm/oracle-server.ts';
import { SAP_ROOT_PATH, startSapServer } from './systems/sap-s4/sap-server.ts';
import { renderDeskTickets, startDeskServer } from './systems/service-desk/desk-server.ts';
import { ServiceDesk } from './systems/service-desk/service-desk.ts';
import { startWindchillServer, WINDCHILL_ROOT_PATH } from './systems/windchill/windchill-server.ts';
import { renderTruth, type SandboxTruth } from './truth.ts';
import { SeededRandom } from './world/seeded-random.ts';
import { DAY_MS, HOUR_MS, shift } from './world/time.ts';
import {
  type SandboxTables,
  SandboxWorld,
  type ShortageOrder,
  type TableSystem,
  type TickSummary,
} from './world/world.ts';

export type { SandboxCredentials, SandboxEndpoints, SandboxSystem } from './endpoints.ts';
export { sandboxResourcePaths } from './endpoints.ts';
export type { FaultSpec, FaultSpecInput } from './faults/fault-spec.ts';
export type { SandboxOptions } from './options.ts';
export type { SandboxTruth, SourceRecord } from './truth.ts';
export type { ShortageOrder, TickSummary } from './world/world.ts';

const TENANT_ID = '3f2c7a10-5b8e-4d2a-9c61-0e4b7d9a1c55';
const COMPANY_ID = 'b8f5d2a4-91c3-4e07-a6d8-2c4f1e9b7a30';
const BC_SCOPE = 'https://api.businesscentral.dynamics.com/.default';
const WINDCHILL_SCOPE = 'WINDCHILL_READ';

/** Fault injection for the clickstream landing zone (applies to the next landed file). */
export interface ClickstreamFaults {
  inject(fault: ClickstreamFaultInput): void;
}

/** A running sandbox. */
export interface Sandbox {
  readonly endpoints: SandboxEndpoints;
  readonly credentials: SandboxCredentials;
  /** One fault controller per system (also reachable as `POST <server>/_sandbox/faults`). */
  readonly faults: Readonly<Record<SandboxSystem, FaultController>> & {
    readonly clickstream: ClickstreamFaults;
  };
  /** Every request every server received (budget and rate assertions). */
  readonly requestLog: RequestLog;
  /** Deliveries the enterprise inbox accepted. */
  readonly inbox: InboxStore;
  /** Invalidates every issued OAuth2 token (forces connectors to fetch a new one). */
  revokeTokens(): void;
  /** Changes data once: orders, invoices, payments, shipments, stock, parts, customers, web traffic. */
  tick(): Promise<TickSummary & { readonly landedFile: LandedFile }>;
  /** Adds a customer just won in one ERP with a first order, both stamped now; returns their source keys. */
  onboardCustomer(system: 'sapS4' | 'businessCentral'): { customerKey: string; orderKey: string };
  /**
   * Places an SAP order, stamped now, for more units of a main product than all warehouses hold, so the hub's
   * production demand reaction always fires: the part's signal is raised or superseded and ERP planning gets a
   * planned order (`PUT /erp/planned-orders/<key>`). The freshness bench and tests time a change with it.
   */
  placeShortageOrder(): ShortageOrder;
  /** The current source data of every system, as served. */
  truth(): SandboxTruth;
  stop(): Promise<void>;
}

/** The Oracle resources an installation variant serves (on-hand under another name, flat shipment lines). */
const oracleResourcesFor = (
  tables: SandboxTables['oracleScm'],
  variants: ResolvedSandboxOptions['variants'],
): Record<string, OracleResource> => {
  const onhand = variants.oracleOnhandResource;
  return {
    [onhand]: {
      meta: { ...onhandQuantityMeta, name: onhand },
      rows: () => tables.onhandQuantityDetails.all(),
    },
    ...(variants.oracleShipments === 'nested'
      ? { shipments: { meta: shipmentMeta, rows: () => tables.shipments.all() } }
      : {
          shipmentLines: {
            meta: flatShipmentLineMeta,
            rows: () => tables.shipments.all().flatMap(flatShipmentLineRows),
          },
        }),
  };
};

/** Starts every sandbox system; see the module comment for what each one serves. */
export const startSandbox = async (input: SandboxOptions): Promise<Sandbox> => {
  const options = parseConfig(SandboxOptionsSchema, input, 'sandbox options');
  const clock = options.clock ?? (() => new Date());
  const world = new SandboxWorld(options.seed, options.scale, clock, options.variants.windchillSuccessors);
  world.overdueInvoicesPerTick = options.reactionTriggers.overdueInvoicesPerTick;
  world.lateShipmentsPerTick = options.reactionTriggers.lateShipmentsPerTick;
  world.endingContractsPerTick = options.reactionTriggers.endingContractsPerTick;
  const requestLog = new RequestLog();
  const credentials: SandboxCredentials = {
    sapS4: {
      kind: 'basic',
      username: 'HUB360_COMM_USER',
      password: 'sandbox-sap-Passw0rd!',
      ...options.credentials.sapS4,
    },
    oracleScm: {
      kind: 'basic',
      username: 'hub360.integration',
      password: 'sandbox-fusion-Passw0rd!',
      ...options.credentials.oracleScm,
    },
    businessCentral: {
      kind: 'oauth2-client-credentials',
      tokenUrl: '',
      clientId: 'hub360-business-central',
      clientSecret: 'sandbox-bc-secret',
      scope: BC_SCOPE,
      ...options.credentials.businessCentral,
    },
    windchill: {
      kind: 'oauth2-client-credentials',
      tokenUrl: '',
      clientId: 'hub360-windchill',
      clientSecret: 'sandbox-windchill-secret',
      scope: WINDCHILL_SCOPE,
      ...options.credentials.windchill,
    },
    inbox: { kind: 'bearer', token: options.credentials.inbox?.token ?? 'sandbox-inbox-token' },
    serviceDesk: {
      kind: 'basic',
      username: 'hub360@nordhaven-pumps.example/token',
      password: 'sandbox-zendesk-api-token',
      ...options.credentials.serviceDesk,
    },
  };
  const issuer = new TokenIssuer(
    [
      { ...credentials.businessCentral, audience: 'businessCentral' },
      { ...credentials.windchill, audience: 'windchill' },
    ],
    options.tokenLifetimeSeconds,
  );
  const desk = new ServiceDesk(
    () => world.customers,
    () => world.products,
    clock,
    new SeededRandom(options.seed).fork('service-desk'),
    Math.max(24, Math.round(world.profile.customers * 1.5)),
  );
  const dataFaults = (system: TableSystem) =>
    new FaultController((fault) => world.applyDataFault(system, fault));
  const faults = {
    sapS4: dataFaults('sapS4'),
    businessCentral: dataFaults('businessCentral'),
    windchill: dataFaults('windchill'),
    oracleScm: dataFaults('oracleScm'),
    serviceDesk: new FaultController((fault) =>
      desk.applyFault(fault, new SeededRandom(options.seed).fork(`desk-fault-${desk.table.latestVersion()}`)),
    ),
    inbox: new FaultController((fault: FaultSpec) => {
      throw new Error(`the inbox has no source data for a ${fault.kind} fault`);
    }),
  };
  const { host, ports, pageSizes, rateLimitPerSecond } = options;
  const servers: RunningServer[] = [];
  const stopAll = async () => {
    await Promise.all(servers.map((server) => server.close()));
  };
  try {
    const identity = await startTokenServer({
      host,
      port: ports.identity ?? 0,
      tenantId: TENANT_ID,
      issuer,
      log: requestLog,
    });
    servers.push(identity);
    const sap = await startSapServer({
      host,
      port: ports.sapS4 ?? 0,
      tables: world.tables.sapS4,
      credentials: credentials.sapS4,
      faults: faults.sapS4,
      log: requestLog,
      pageSize: pageSizes.sapS4 ?? 1_000,
      ...(rateLimitPerSecond.sapS4 ? { rateLimitPerSecond: rateLimitPerSecond.sapS4 } : {}),
    });
    servers.push(sap);
    const bc = await startBusinessCentralServer({
      host,
      port: ports.businessCentral ?? 0,
      tenantId: TENANT_ID,
      environment: 'production',
      companyId: COMPANY_ID,
      companyName: 'Nordhaven Pumps Inc.',
      tables: world.tables.businessCentral,
      authenticate: issuer.authenticatorFor('businessCentral'),
      faults: faults.businessCentral,
      log: requestLog,
      pageSize: pageSizes.businessCentral ?? 20_000,
      changeTracking: options.variants.businessCentralChangeTracking,
      ...(rateLimitPerSecond.businessCentral
        ? { rateLimitPerSecond: rateLimitPerSecond.businessCentral }
        : {}),
    });
    servers.push(bc);
    const windchill = await startWindchillServer({
      host,
      port: ports.windchill ?? 0,
      tables: world.tables.windchill,
      authenticate: issuer.authenticatorFor('windchill'),
      faults: faults.windchill,
      log: requestLog,
      pageSize: pageSizes.windchill ?? 2_000,
      ...(rateLimitPerSecond.windchill ? { rateLimitPerSecond: rateLimitPerSecond.windchill } : {}),
    });
    servers.push(windchill);
    const oracle = await startOracleServer({
      host,
      port: ports.oracleScm ?? 0,
      tables: world.tables.oracleScm,
      credentials: credentials.oracleScm,
      faults: faults.oracleScm,
      log: requestLog,
      maxLimit: pageSizes.oracleScm ?? 500,
      resources: oracleResourcesFor(world.tables.oracleScm, options.variants),
      ...(rateLimitPerSecond.oracleScm ? { rateLimitPerSecond: rateLimitPerSecond.oracleScm } : {}),
    });
    servers.push(oracle);
    const serviceDesk = await startDeskServer({
      host,
      port: ports.serviceDesk ?? 0,
      desk,
      credentials: credentials.serviceDesk,
      faults: faults.serviceDesk,
      log: requestLog,
      maxPageSize: pageSizes.serviceDesk ?? 1_000,
      ...(rateLimitPerSecond.serviceDesk ? { rateLimitPerSecond: rateLimitPerSecond.serviceDesk } : {}),
    });
    servers.push(serviceDesk);
    const inbox = await startInboxServer({
      host,
      port: ports.inbox ?? 0,
      authenticate: staticBearerAuthenticator(credentials.inbox.token),
      faults: faults.inbox,
      log: requestLog,
      now: clock,
    });
    servers.push(inbox.server);

    const tokenUrl = `${identity.origin}${tokenPath(TENANT_ID)}`;
    const endpoints: SandboxEndpoints = {
      sapS4: `${sap.origin}${SAP_ROOT_PATH}`,
      businessCentral: `${bc.origin}${businessCentralApiPath(TENANT_ID, 'production')}`,
      businessCentralCompanyId: COMPANY_ID,
      windchill: `${windchill.origin}${WINDCHILL_ROOT_PATH}`,
      oracleScm: `${oracle.origin}${ORACLE_ROOT_PATH}`,
      clickstreamDir: options.landingDir,
      clickstreamPrefix: `segment-logs/${options.clickstreamSourceId}/`,
      inbox: inbox.server.origin,
      serviceDesk: serviceDesk.origin,
      tokenUrl,
    };
    const resolvedCredentials: SandboxCredentials = {
      ...credentials,
      businessCentral: { ...credentials.businessCentral, tokenUrl },
      windchill: { ...credentials.windchill, tokenUrl },
    };

    const clickstream = new ClickstreamWriter({
      landingDir: options.landingDir,
      sourceId: options.clickstreamSourceId,
      dayFolders: options.variants.clickstreamDayFolders,
      products: () => world.products,
      webCustomers: () => world.webCustomers(),
    });
    const webRandom = new SeededRandom(options.seed).fork('clickstream');
    const start = clock();
    const historyFiles = options.clickstreamHistoryDays * 2;
    const sessionsPerFile = Math.max(1, Math.round(world.profile.webSessions / Math.max(1, historyFiles)));
    for (let file = historyFiles; file > 0; file -= 1) {
      const at = shift(start, -file * (DAY_MS / 2) + HOUR_MS);
      await clickstream.landSessions(webRandom.fork(`history-${file}`), sessionsPerFile, at);
    }

    let ticks = 0;
    let ticking: Promise<TickSummary & { landedFile: LandedFile }> | undefined;
    const tick = async () => {
      // Ticks never overlap: an interval tick waits for an explicit one and vice versa.
      while (ticking) await ticking.catch(() => undefined);
      ticking = (async () => {
        ticks += 1;
        const summary = world.tick();
        desk.tick(webRandom.fork(`desk-tick-${ticks}`), world.profile.tickOrders);
        const landedFile = await clickstream.landSessions(
          webRandom.fork(`tick-${ticks}`),
          world.profile.tickSessions,
          clock(),
        );
        return { ...summary, landedFile };
      })();
      try {
        return await ticking;
      } finally {
        ticking = undefined;
      }
    };
    const interval =
      options.tickIntervalMs > 0
        ? setInterval(() => {
            void tick().catch(() => undefined);
          }, options.tickIntervalMs)
        : undefined;
    interval?.unref();

    return {
      endpoints,
      credentials: resolvedCredentials,
      faults: { ...faults, clickstream: { inject: (fault) => clickstream.inject(fault) } },
      requestLog,
      inbox: inbox.store,
      revokeTokens: () => issuer.revokeAll(),
      tick,
      onboardCustomer: (system) => world.onboardCustomer(system),
      placeShortageOrder: () => world.placeShortageOrder(),
      truth: () =>
        renderTruth(
          world.tables,
          endpoints,
          { files: clickstream.files(), events: clickstream.events() },
          { tickets: renderDeskTickets(desk, endpoints.serviceDesk) },
        ),
      stop: async () => {
        if (interval) clearInterval(interval);
        await ticking?.catch(() => undefined);
        await stopAll();
      },
    };
  } catch (err: unknown) {
    await stopAll();
    throw err;
  }
};
