/**
 * The environment variable through which a function learns the ARN of a secret its spec grants:
 * `hub360/sap-s4` -> `HUB_SECRET_ARN_HUB360_SAP_S4` (normalised like the local `HUB_SECRET_<NAME>`
 * variables). Secrets the stack creates are also findable by their topology name; secrets referenced by
 * ARN from the stage config are only findable through this variable.
 */
export const secretArnVariable = (secretName: string): string =>
  `HUB_SECRET_ARN_${secretName
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase()}`;
