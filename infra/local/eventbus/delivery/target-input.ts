import type { EventEnvelope } from '../envelope.ts';
import { evaluateJsonPath, type JsonPath, parseJsonPath } from './json-path.ts';

/** What a target receives: the JSON value (for functions) and its text (the HTTP body). */
export interface TargetInput {
  readonly value: unknown;
  readonly text: string;
  /** True when `text` is JSON; a transformer template may produce plain text. */
  readonly isJson: boolean;
}

export interface InputTransformerSpec {
  readonly inputPathsMap: Readonly<Record<string, string>>;
  readonly inputTemplate: string;
}

/** The reserved variables EventBridge fills in itself; user variables cannot take these names. */
export interface ReservedVariables {
  readonly ruleName: string;
  readonly ruleArn: string;
  readonly ingestionTime: string;
}

/** A target's input shaping, compiled once when the bus starts. */
export type InputShaping =
  | { readonly kind: 'event' }
  | { readonly kind: 'path'; readonly path: JsonPath }
  | {
      readonly kind: 'transformer';
      readonly variables: readonly (readonly [string, JsonPath])[];
      readonly template: string;
    };

const RESERVED_PREFIX = 'aws.events.';
const VARIABLE = /<([A-Za-z0-9_.-]+)>/y;

const jsonInput = (value: unknown): TargetInput => {
  const text = JSON.stringify(value ?? null);
  return { value: value ?? null, text, isJson: true };
};

const mustParse = (text: string, where: string): JsonPath => {
  const parsed = parseJsonPath(text);
  if (typeof parsed === 'string') throw new Error(`${where}: ${parsed}`);
  return parsed;
};

/** Compiles InputPath / InputTransformer; throws naming the problem (they are mutually exclusive, as on AWS). */
export const compileInputShaping = (target: {
  readonly inputPath?: string | undefined;
  readonly inputTransformer?: InputTransformerSpec | undefined;
}): InputShaping => {
  if (target.inputPath !== undefined && target.inputTransformer !== undefined) {
    throw new Error('inputPath and inputTransformer cannot both be set');
  }
  if (target.inputPath !== undefined) return { kind: 'path', path: mustParse(target.inputPath, 'inputPath') };
  if (target.inputTransformer === undefined) return { kind: 'event' };
  const variables = Object.entries(target.inputTransformer.inputPathsMap).map(([name, path]) => {
    if (name.startsWith(RESERVED_PREFIX)) {
      throw new Error(`inputTransformer.inputPathsMap: "${name}" is a reserved variable name`);
    }
    return [name, mustParse(path, `inputTransformer.inputPathsMap.${name}`)] as const;
  });
  return { kind: 'transformer', variables, template: target.inputTransformer.inputTemplate };
};

const reservedValue = (name: string, event: EventEnvelope, reserved: ReservedVariables): unknown => {
  switch (name) {
    case 'aws.events.rule-name':
      return reserved.ruleName;
    case 'aws.events.rule-arn':
      return reserved.ruleArn;
    case 'aws.events.event.ingestion-time':
      return reserved.ingestionTime;
    case 'aws.events.event': {
      const { detail: _detail, ...withoutDetail } = event;
      return withoutDetail;
    }
    case 'aws.events.event.json':
      return event;
    default:
      return undefined;
  }
};

/** The text a variable becomes: a JSON value outside quotes, escaped string content inside them. */
const substitution = (value: unknown, insideString: boolean): string => {
  if (!insideString) return JSON.stringify(value ?? null);
  if (value === undefined) return '';
  const content = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(content).slice(1, -1);
};

/**
 * Fills an input template. Variables outside a JSON string become JSON values; inside a string they
 * become its (escaped) content; `<...>` that names no variable is left alone.
 */
export const renderTemplate = (
  template: string,
  lookup: (name: string) => { found: boolean; value: unknown },
) => {
  let out = '';
  let insideString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i];
    if (char === '\\' && insideString) {
      out += template.slice(i, i + 2);
      i++;
      continue;
    }
    if (char === '"') insideString = !insideString;
    if (char === '<') {
      VARIABLE.lastIndex = i;
      const match = VARIABLE.exec(template);
      const name = match?.[1];
      const variable = name === undefined ? undefined : lookup(name);
      if (match && variable?.found) {
        out += substitution(variable.value, insideString);
        i += match[0].length - 1;
        continue;
      }
    }
    out += char;
  }
  return out;
};

/** Shapes the event into what the target receives. */
export const shapeTargetInput = (
  shaping: InputShaping,
  event: EventEnvelope,
  reserved: ReservedVariables,
): TargetInput => {
  if (shaping.kind === 'event') return jsonInput(event);
  if (shaping.kind === 'path') return jsonInput(evaluateJsonPath(shaping.path, event));
  const values = new Map(shaping.variables.map(([name, path]) => [name, evaluateJsonPath(path, event)]));
  const text = renderTemplate(shaping.template, (name) =>
    name.startsWith(RESERVED_PREFIX)
      ? { found: true, value: reservedValue(name, event, reserved) }
      : { found: values.has(name), value: values.get(name) },
  );
  try {
    return { value: JSON.parse(text), text, isJson: true };
  } catch {
    return { value: text, text, isJson: false };
  }
};
