import { describe, expect, it } from 'vitest';
import { resolveConnectionFromEnvironment } from '../../../infra/local/connection-secrets.ts';
import { buildHttpTargetRequest } from '../../../infra/local/eventbus/delivery/http-target.ts';

const input = { value: { a: 1 }, text: '{"a":1}', isJson: true };
const settings = (name: string) => (name === 'ERP_URL' ? 'http://127.0.0.1:9/erp' : undefined);

describe('HTTP target requests', () => {
  it('adds the connection’s credentials from the HUB_SECRET_ variable, like an API destination', () => {
    const resolve = resolveConnectionFromEnvironment({
      HUB_SECRET_ERP_CONNECTION: JSON.stringify({ apiKeyValue: 'Bearer s3cret' }),
    });

    const request = buildHttpTargetRequest(
      { urlSetting: 'ERP_URL', method: 'POST', connectionSecret: 'erp-connection' },
      input,
      settings,
      resolve,
    );

    expect(request).toEqual({
      url: 'http://127.0.0.1:9/erp',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' },
      body: '{"a":1}',
    });
  });

  it('honours a custom header name', () => {
    const resolve = resolveConnectionFromEnvironment({
      HUB_SECRET_ERP_CONNECTION: JSON.stringify({ apiKeyValue: 'k-1', headerName: 'X-Api-Key' }),
    });

    const request = buildHttpTargetRequest(
      { urlSetting: 'ERP_URL', method: 'PUT', connectionSecret: 'erp-connection' },
      input,
      settings,
      resolve,
    );

    expect(typeof request === 'object' && request.headers['x-api-key']).toBe('k-1');
  });

  it('names the missing or malformed secret instead of calling the target unauthenticated', () => {
    const missing = buildHttpTargetRequest(
      { urlSetting: 'ERP_URL', method: 'POST', connectionSecret: 'erp-connection' },
      input,
      settings,
      resolveConnectionFromEnvironment({}),
    );
    const malformed = buildHttpTargetRequest(
      { urlSetting: 'ERP_URL', method: 'POST', connectionSecret: 'erp-connection' },
      input,
      settings,
      resolveConnectionFromEnvironment({ HUB_SECRET_ERP_CONNECTION: '{"user":"x"}' }),
    );

    expect(missing).toBe('connection secret "erp-connection" is not set: define HUB_SECRET_ERP_CONNECTION');
    expect(malformed).toMatch(/HUB_SECRET_ERP_CONNECTION must be JSON like/);
  });

  it('names the unset URL setting', () => {
    expect(buildHttpTargetRequest({ urlSetting: 'PDM_URL', method: 'POST' }, input, settings)).toBe(
      "setting PDM_URL (the target's URL) is not set",
    );
  });
});
