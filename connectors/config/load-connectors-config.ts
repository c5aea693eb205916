import { ConfigError } from '../../schemas/config/parse-config.ts';
import { type ConnectorsConfig, ConnectorsConfigSchema } from './connector-config.ts';
import { describeConfigIssues } from './describe-config-issues.ts';

/** The environment variable holding the connector instances as JSON. */
export const CONNECTORS_VARIABLE = 'HUB_CONNECTORS';

/**
 * Reads the connector instances from `HUB_CONNECTORS` (JSON). On AWS the stack puts the deployment's
 * connector config there (secrets only by reference); locally the runtime sets it from the sandbox's URLs.
 * Fails fast with every offending field named, e.g. `HUB_CONNECTORS.sap-s4.baseUrl: Invalid URL`.
 */
export const loadConnectorsConfig = (env: NodeJS.ProcessEnv = process.env): ConnectorsConfig => {
  const text = env[CONNECTORS_VARIABLE];
  if (text === undefined || text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err: unknown) {
    throw new ConfigError('connector configuration', [
      `${CONNECTORS_VARIABLE}: is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    ]);
  }
  const parsed = ConnectorsConfigSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) {
    throw new ConfigError(
      'connector configuration',
      describeConfigIssues(parsed.error).map((p) => `${CONNECTORS_VARIABLE}.${p}`),
    );
  }
  return parsed.data;
};
