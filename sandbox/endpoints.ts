/**
 * Where the sandbox legacy systems listen and how to authenticate against them. Connectors and the local
 * runtime code against these types; the values come from `startSandbox()` (see `sandbox/index.ts`).
 *
 * Every URL is a base without a trailing slash; append the resource paths from {@link sandboxResourcePaths}.
 */
export interface SandboxEndpoints {
  /** SAP S/4HANA OData v2 root, e.g. `http://127.0.0.1:41234/sap/opu/odata/sap`. */
  readonly sapS4: string;
  /** Business Central API v2.0 root, e.g. `http://127.0.0.1:41235/v2.0/<tenant>/<environment>/api/v2.0`. */
  readonly businessCentral: string;
  /** The Business Central company (a GUID) whose data the sandbox serves: `companies(<id>)/customers`. */
  readonly businessCentralCompanyId: string;
  /** Windchill REST Services OData v4 root, e.g. `http://127.0.0.1:41236/Windchill/servlet/odata`. */
  readonly windchill: string;
  /** Oracle Fusion SCM REST root, e.g. `http://127.0.0.1:41237/fscmRestApi/resources/11.13.18.05`. */
  readonly oracleScm: string;
  /** Local folder standing in for the clickstream S3 bucket (the landing zone root). */
  readonly clickstreamDir: string;
  /** Key prefix under `clickstreamDir` the Segment S3 destination writes to: `segment-logs/<source-id>/`. */
  readonly clickstreamPrefix: string;
  /** Enterprise inbox root (the systems that receive hub360's reactions), e.g. `http://127.0.0.1:41238`. */
  readonly inbox: string;
  /** Zendesk Support-like service desk root (the Zendesk subdomain URL), e.g. `http://127.0.0.1:41239`. */
  readonly serviceDesk: string;
  /** OAuth2 token endpoint (client-credentials grant) for Business Central and Windchill. */
  readonly tokenUrl: string;
}

/** HTTP basic authentication (SAP S/4HANA communication user, Oracle Fusion integration user). */
export interface BasicCredentials {
  readonly kind: 'basic';
  readonly username: string;
  readonly password: string;
}

/** OAuth2 client-credentials grant: POST `grant_type=client_credentials` to `tokenUrl`, then send the bearer token. */
export interface ClientCredentials {
  readonly kind: 'oauth2-client-credentials';
  readonly tokenUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly scope: string;
}

/** A static bearer token (the enterprise inbox). */
export interface BearerCredentials {
  readonly kind: 'bearer';
  readonly token: string;
}

/** Credentials each sandbox system accepts; anything else gets a 401. */
export interface SandboxCredentials {
  readonly sapS4: BasicCredentials;
  readonly businessCentral: ClientCredentials;
  readonly windchill: ClientCredentials;
  readonly oracleScm: BasicCredentials;
  readonly inbox: BearerCredentials;
  /** Zendesk API token auth: username `<agent e-mail>/token`, password the API token. */
  readonly serviceDesk: BasicCredentials;
}

/** The sandbox's systems, as used to key fault controllers, request logs and truth snapshots. */
export type SandboxSystem = 'sapS4' | 'businessCentral' | 'windchill' | 'oracleScm' | 'serviceDesk' | 'inbox';

/**
 * Resource paths relative to each system's base URL, the same paths the real products serve.
 * Business Central paths are relative to `<businessCentral>/companies(<businessCentralCompanyId>)`.
 */
export const sandboxResourcePaths = {
  sapS4: {
    businessPartners: '/API_BUSINESS_PARTNER/A_BusinessPartner',
    salesOrders: '/API_SALES_ORDER_SRV/A_SalesOrder',
    billingDocuments: '/API_BILLING_DOCUMENT_SRV/A_BillingDocument',
  },
  businessCentral: {
    companies: '/companies',
    customers: '/customers',
    salesOrders: '/salesOrders',
    salesInvoices: '/salesInvoices',
  },
  windchill: {
    parts: '/ProdMgmt/Parts',
  },
  oracleScm: {
    shipments: '/shipments',
    onhandQuantities: '/onhandQuantityDetails',
  },
  serviceDesk: {
    ticketExport: '/api/v2/incremental/tickets/cursor.json',
  },
  inbox: {
    demandSignals: '/erp/demand-signals',
    callCenterTasks: '/callcenter/tasks',
    salesLeads: '/sales/leads',
    changeRequests: '/pdm/change-requests',
    serviceNotices: '/service/notices',
    list: '/inbox',
  },
} as const;
