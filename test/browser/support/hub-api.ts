import { apiOperations } from '../../../schemas/api/operations/index.ts';

/**
 * Whether this hub's OpenAPI document has the route. The business views' data tests run once the routes
 * they read are part of the API; until then the console's "not offered" message is what is tested.
 */
export const offers = (method: string, path: string): boolean =>
  apiOperations.some((o) => o.method === method && o.path === path);

/** The query API as a test reads it: a development token from the console's sign-in, then plain GETs. */
export const hubApi = async (apiUrl: string, consoleUrl: string, scopes: string[]) => {
  const minted = await fetch(`${consoleUrl}dev-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scopes, subject: 'browser-test' }),
  });
  if (!minted.ok) throw new Error(`the development issuer refused a token: HTTP ${minted.status}`);
  const { token } = (await minted.json()) as { token: string };
  return {
    /** The status the API answers a GET with (for refusals). */
    status: async (path: string): Promise<number> =>
      (await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).status,
    get: async <T>(path: string): Promise<T> => {
      const response = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
      if (!response.ok)
        throw new Error(`GET ${path} answered HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as T;
    },
  };
};
