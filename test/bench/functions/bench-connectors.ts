import type { ConnectorConfigInput } from '../../../connectors/config/connector-config.ts';

// biome-ignore lint/suspicious/noTemplateCurlyInString: the stack replaces this literal with the deployed bucket (docs/deploy.md)
const deployedLandingBucket = '${HUB_LANDING_BUCKET}';

/**
 * The connector instances a company running every kind of source would configure (docs/deploy.md,
 * "Endpoints and connector instances"): one per preset, example hosts, secrets by name. The bench bundles
 * the stack with these so `connector-sync` is judged as deployed with schedules, not as the `dev` stage's
 * function that no schedule runs (whose source protocols would all count as unusable).
 */
export const benchConnectorInstances: Record<string, ConnectorConfigInput> = {
  'business-central': {
    preset: 'business-central',
    baseUrl: 'https://api.businesscentral.dynamics.com/v2.0/tenant/production/api/v2.0',
    companyId: 'bench-company',
    auth: {
      kind: 'oauth2-client-credentials',
      tokenUrl: 'https://login.microsoftonline.com/tenant/oauth2/v2.0/token',
      scope: 'https://api.businesscentral.dynamics.com/.default',
      secret: 'hub360/business-central',
    },
  },
  'sap-s4': {
    preset: 'sap-s4',
    baseUrl: 'https://sap.example.com/sap/opu/odata/sap',
    auth: { kind: 'basic', secret: 'hub360/sap-s4' },
  },
  windchill: {
    preset: 'windchill',
    baseUrl: 'https://plm.example.com/Windchill/servlet/odata',
    auth: { kind: 'bearer', secret: 'hub360/windchill' },
  },
  'oracle-scm': {
    preset: 'oracle-scm',
    baseUrl: 'https://scm.example.com/fscmRestApi/resources/11.13.18.05',
    auth: { kind: 'basic', secret: 'hub360/oracle-scm' },
  },
  'service-desk': {
    preset: 'zendesk',
    baseUrl: 'https://example.zendesk.com',
    auth: { kind: 'basic', secret: 'hub360/service-desk' },
  },
  clickstream: {
    preset: 'segment',
    landing: { kind: 's3', bucket: deployedLandingBucket },
    prefix: 'segment-logs/bench-source/',
  },
};
