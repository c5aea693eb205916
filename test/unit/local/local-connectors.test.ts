import { describe, expect, it } from 'vitest';
import { localConnectorEnvironment } from '../../../infra/local/local-connectors.ts';

const sapInstance = (baseUrl: string) => ({
  preset: 'sap-s4',
  baseUrl,
  auth: { kind: 'basic', secret: 'hub360/sap-s4' },
});

describe('local connector configuration at start-up', () => {
  it('names the field, the value given and what was expected for each problem in HUB_CONNECTORS', () => {
    const shell = { HUB_CONNECTORS: JSON.stringify({ erp: { ...sapInstance('not a url') } }) };

    expect(() => localConnectorEnvironment(shell, undefined)).toThrow(
      /HUB_CONNECTORS\.erp\.baseUrl: .*\(got "not a url"\)/,
    );
  });

  it('refuses HUB_CONNECTORS that is not JSON even with the sandbox on, instead of ignoring it', () => {
    const sandbox = { HUB_CONNECTORS: JSON.stringify({ 'sap-s4': sapInstance('http://127.0.0.1:1/sap') }) };

    expect(() => localConnectorEnvironment({ HUB_CONNECTORS: '{erp:' }, sandbox)).toThrow(
      /HUB_CONNECTORS \(your environment or \.env\): is not valid JSON/,
    );
  });

  it('adds the user’s instances to the sandbox’s and lets a same-named user instance replace the sandbox one', () => {
    const sandbox = {
      HUB_CONNECTORS: JSON.stringify({
        'sap-s4': sapInstance('http://127.0.0.1:1/sap'),
        windchill: { preset: 'segment', landing: { kind: 'folder', dir: '/tmp/x' } },
      }),
    };
    const shell = {
      HUB_CONNECTORS: JSON.stringify({
        'sap-s4': sapInstance('https://erp.example.com/sap'),
        'plant-2-erp': sapInstance('https://erp2.example.com/sap'),
      }),
    };

    const merged = JSON.parse(localConnectorEnvironment(shell, sandbox).HUB_CONNECTORS ?? '{}');

    expect(Object.keys(merged).sort()).toEqual(['plant-2-erp', 'sap-s4', 'windchill']);
    expect(merged['sap-s4'].baseUrl).toBe('https://erp.example.com/sap');
  });

  it('reads connector secrets from the environment unless HUB_SECRETS_SOURCE says otherwise', () => {
    expect(localConnectorEnvironment({}, undefined).HUB_SECRETS_SOURCE).toBe('environment');
    expect(
      localConnectorEnvironment({ HUB_SECRETS_SOURCE: 'secrets-manager' }, undefined).HUB_SECRETS_SOURCE,
    ).toBe('secrets-manager');
  });
});

describe('removing a sandbox connector instance', () => {
  const sandbox = {
    HUB_CONNECTORS: JSON.stringify({
      'sap-s4': sapInstance('http://127.0.0.1:1/sap'),
      windchill: { preset: 'segment', landing: { kind: 'folder', dir: '/tmp/x' } },
    }),
  };

  it('drops the sandbox instance a user sets to null and keeps the others', () => {
    const shell = { HUB_CONNECTORS: JSON.stringify({ windchill: null }) };

    const merged = JSON.parse(localConnectorEnvironment(shell, sandbox).HUB_CONNECTORS ?? '{}');

    expect(Object.keys(merged)).toEqual(['sap-s4']);
  });

  it('refuses null for a name the sandbox does not have, listing the sandbox instances', () => {
    const shell = { HUB_CONNECTORS: JSON.stringify({ windchil: null }) };

    expect(() => localConnectorEnvironment(shell, sandbox)).toThrow(
      /HUB_CONNECTORS\.windchil: null removes a sandbox instance, but the sandbox has none named "windchil"; its instances: sap-s4, windchill/,
    );
  });
});
