import { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { EnvironmentValue } from './config/stage-config.ts';

const PLACEHOLDER = /^\$\{([A-Z][A-Z0-9_]*)\}$/;

/** Replaces `${NAME}` strings anywhere inside a JSON value with the deployed value of a common variable. */
const substitute = (value: unknown, common: Readonly<Record<string, string>>): unknown => {
  if (typeof value === 'string') {
    const name = PLACEHOLDER.exec(value)?.[1];
    const replacement = name === undefined ? undefined : common[name];
    return replacement ?? value;
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, common));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, substitute(item, common)]));
  }
  return value;
};

/**
 * A function's per-stage environment as Lambda takes it: strings as they are, JSON values serialised
 * (with deploy-time values such as the landing bucket's generated name filled in by CloudFormation).
 */
export const renderFunctionEnvironment = (
  scope: IConstruct,
  environment: Readonly<Record<string, EnvironmentValue>> | undefined,
  common: Readonly<Record<string, string>>,
): Record<string, string> =>
  Object.fromEntries(
    Object.entries(environment ?? {}).map(([name, value]) => [
      name,
      typeof value === 'string' ? value : Stack.of(scope).toJsonString(substitute(value, common)),
    ]),
  );
