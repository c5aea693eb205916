import { CONNECTORS_VARIABLE, loadConnectorsConfig } from '../../connectors/config/load-connectors-config.ts';
import { ConfigError } from '../../schemas/config/parse-config.ts';

const parseObject = (text: string | undefined, origin: string): Record<string, unknown> => {
  if (text === undefined || text.trim() === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err: unknown) {
    throw new ConfigError('connector configuration', [
      `${CONNECTORS_VARIABLE} (${origin}): is not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    ]);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new ConfigError('connector configuration', [
      `${CONNECTORS_VARIABLE} (${origin}): expected an object of connector instances by name (got ${Array.isArray(json) ? 'an array' : typeof json})`,
    ]);
  }
  return Object.fromEntries(Object.entries(json));
};

/**
 * The connector environment of the local hub, checked before anything starts. The user's `HUB_CONNECTORS`
 * (shell or `.env`) is validated whole, every problem named; with the sandbox on, the user's instances are
 * merged into the sandbox's and replace a sandbox instance of the same name. Secrets resolve from the
 * environment (`HUB_SECRET_<NAME>`) unless `HUB_SECRETS_SOURCE` says otherwise.
 */
export const localConnectorEnvironment = (
  shell: NodeJS.ProcessEnv,
  sandbox: Readonly<Record<string, string>> | undefined,
): Record<string, string> => {
  const user = parseObject(shell[CONNECTORS_VARIABLE], 'your environment or .env');
  // Validate the user's part on its own first, so its problems are named even where a sandbox instance exists.
  loadConnectorsConfig({ [CONNECTORS_VARIABLE]: JSON.stringify(user) });
  const merged = { ...parseObject(sandbox?.[CONNECTORS_VARIABLE], 'sandbox'), ...user };
  const text = JSON.stringify(merged);
  loadConnectorsConfig({ [CONNECTORS_VARIABLE]: text });
  return {
    [CONNECTORS_VARIABLE]: text,
    HUB_SECRETS_SOURCE: shell.HUB_SECRETS_SOURCE ?? 'environment',
  };
};
