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
 * merged into the sandbox's and replace a sandbox instance of the same name, and a name set to `null` removes
 * that sandbox instance (and so its schedule). Secrets resolve from the environment (`HUB_SECRET_<NAME>`)
 * unless `HUB_SECRETS_SOURCE` says otherwise.
 */
export const localConnectorEnvironment = (
  shell: NodeJS.ProcessEnv,
  sandbox: Readonly<Record<string, string>> | undefined,
): Record<string, string> => {
  const given = parseObject(shell[CONNECTORS_VARIABLE], 'your environment or .env');
  const removed = new Set(Object.keys(given).filter((name) => given[name] === null));
  const user = Object.fromEntries(Object.entries(given).filter(([name]) => !removed.has(name)));
  // Validate the user's part on its own first, so its problems are named even where a sandbox instance exists.
  loadConnectorsConfig({ [CONNECTORS_VARIABLE]: JSON.stringify(user) });
  const sandboxInstances = parseObject(sandbox?.[CONNECTORS_VARIABLE], 'sandbox');
  const unknown = [...removed].filter((name) => !(name in sandboxInstances));
  if (unknown.length > 0) {
    const known = Object.keys(sandboxInstances);
    throw new ConfigError(
      'connector configuration',
      unknown.map(
        (name) =>
          `${CONNECTORS_VARIABLE}.${name}: null removes a sandbox instance, but the sandbox has none named "${name}"` +
          (known.length > 0 ? `; its instances: ${known.join(', ')}` : ' (the sandbox is off)'),
      ),
    );
  }
  const merged = Object.fromEntries(
    Object.entries({ ...sandboxInstances, ...user }).filter(([name]) => !removed.has(name)),
  );
  const text = JSON.stringify(merged);
  loadConnectorsConfig({ [CONNECTORS_VARIABLE]: text });
  return {
    [CONNECTORS_VARIABLE]: text,
    HUB_SECRETS_SOURCE: shell.HUB_SECRETS_SOURCE ?? 'environment',
  };
};
