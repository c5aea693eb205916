/**
 * The environment variable through which a function learns the ARN of a secret its spec grants, e.g.
 * `sap-s4` -> `HUB_SECRET_ARN_SAP_S4`. Locally the runtime passes the credentials themselves instead.
 */
export const secretArnVariable = (secretName: string): string =>
  `HUB_SECRET_ARN_${secretName.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
