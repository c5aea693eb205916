import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretsManagerSecrets } from '../../../../adapters/secrets/secrets-manager-secrets.ts';

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
