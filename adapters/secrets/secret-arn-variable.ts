/**
 * The environment variable through which a function learns the ARN of a secret it is granted:
 * `hub360/sap-s4` -> `HUB_SECRET_ARN_HUB360_SAP_S4` (normalised like the local `HUB_SECRET_<NAME>`
 * variables). The AWS stack sets it; the Secrets Manager resolver prefers it over the reference.
 */
export const secretArnVariable = (secretName: string): string =>
  `HUB_SECRET_ARN_${secretName
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .toUpperCase()}`;
