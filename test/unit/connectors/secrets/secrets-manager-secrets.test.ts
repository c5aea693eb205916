import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsManagerSecrets } from '../../../../adapters/secrets/secrets-manager-secrets.ts';
import { SecretUnavailableError } from '../../../../core/ports/secret-resolver.ts';

const secretsManager = mockClient(SecretsManagerClient);
afterEach(() => secretsManager.reset());

const sharedArn = 'arn:aws:secretsmanager:eu-central-1:123456789012:secret:team-erp/hub-user-Ab12Cd';

describe('createSecretsManagerSecrets', () => {
  it('reads a secret by the ARN the stack passed in HUB_SECRET_ARN_<NAME> when it is set', async () => {
    secretsManager.on(GetSecretValueCommand, { SecretId: sharedArn }).resolves({
      SecretString: JSON.stringify({ username: 'hub', password: 'p' }),
    });
    const secrets = createSecretsManagerSecrets({
      client: new SecretsManagerClient({}),
      env: { HUB_SECRET_ARN_HUB360_SAP_S4: sharedArn },
    });

    const value = await secrets.resolve('hub360/sap-s4');

    expect(value).toEqual({ username: 'hub', password: 'p' });
    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: sharedArn,
    });
  });

  it('reads a secret by its reference when no ARN variable is set', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"token":"t"}' });
    const secrets = createSecretsManagerSecrets({ client: new SecretsManagerClient({}), env: {} });

    await secrets.resolve('hub360/windchill');

    expect(secretsManager.commandCalls(GetSecretValueCommand)[0]?.args[0].input).toEqual({
      SecretId: 'hub360/windchill',
    });
  });
});

describe('createSecretsManagerSecrets on Powertools parameters', () => {
  it('reuses a value within its max age instead of asking Secrets Manager again', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"token":"t"}' });
    const secrets = createSecretsManagerSecrets({ client: new SecretsManagerClient({}), env: {} });

    const first = await secrets.resolve('hub360/windchill');
    const second = await secrets.resolve('hub360/windchill');

    expect([first, second]).toEqual([{ token: 't' }, { token: 't' }]);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('asks again every time when the max age is 0 (no cache)', async () => {
    secretsManager.on(GetSecretValueCommand).resolves({ SecretString: '{"token":"t"}' });
    const secrets = createSecretsManagerSecrets({
      client: new SecretsManagerClient({}),
      env: {},
      maxAgeSeconds: 0,
    });

    await secrets.resolve('hub360/windchill');
    await secrets.resolve('hub360/windchill');

    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(2);
  });

  it('names the reference when the secret does not exist', async () => {
    secretsManager
      .on(GetSecretValueCommand)
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    const secrets = createSecretsManagerSecrets({ client: new SecretsManagerClient({}), env: {} });

    const resolving = secrets.resolve('hub360/gone');

    await expect(resolving).rejects.toThrow(SecretUnavailableError);
    await expect(resolving).rejects.toThrow('Secret "hub360/gone" does not exist in Secrets Manager');
  });

  it('passes on the SDK error itself when Secrets Manager refuses access', async () => {
    const denied = new SecretsManagerServiceException({
      name: 'AccessDeniedException',
      $fault: 'client',
      message: 'not authorized',
      $metadata: {},
    });
    secretsManager.on(GetSecretValueCommand).rejects(denied);
    const secrets = createSecretsManagerSecrets({ client: new SecretsManagerClient({}), env: {} });

    await expect(secrets.resolve('hub360/sap-s4')).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('refuses a binary secret and a secret that is not a JSON object, naming the reference only', async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'hub360/binary' })
      .resolves({ SecretBinary: new Uint8Array([1, 2]) })
      .on(GetSecretValueCommand, { SecretId: 'hub360/text' })
      .resolves({ SecretString: 'hunter2' });
    const secrets = createSecretsManagerSecrets({ client: new SecretsManagerClient({}), env: {} });

    await expect(secrets.resolve('hub360/binary')).rejects.toThrow(
      'Secret "hub360/binary" has no SecretString',
    );
    await expect(secrets.resolve('hub360/text')).rejects.toThrow('Secret "hub360/text" is not valid JSON');
    await expect(secrets.resolve('hub360/text')).rejects.not.toThrow('hunter2');
  });
});
