import { format } from 'node:util';
import { redactText } from '../../../core/privacy/redact-for-log.ts';

const LEVEL_COLOURS: Record<string, string> = {
  DEBUG: '90',
  INFO: '36',
  WARN: '33',
  ERROR: '31',
  CRITICAL: '31',
};
// The Lambda context (injectLambdaContext) is the same on every line of a local function: shown once as the
// function name, never as five repeated fields.
const SKIPPED = new Set([
  'level',
  'message',
  'timestamp',
  'service',
  'sampling_rate',
  'xray_trace_id',
  'cold_start',
  'function_arn',
  'function_memory_size',
  'function_name',
  'function_request_id',
]);

/**
 * Powertools Metrics warns after every invocation that recorded no metric (a sync with nothing new). Locally no
 * metric is published anyway, so the warning is only noise in the terminal; JSON mode keeps it.
 */
export const isNoise = (text: string): boolean => text.startsWith('No application metrics to publish.');

const colour = (code: string | undefined, text: string, enabled: boolean) =>
  enabled && code ? `\u001b[${code}m${text}\u001b[0m` : text;

const renderValue = (value: unknown): string => {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
};

/**
 * Renders one Powertools log entry (or an EMF metrics entry) as a single readable line:
 * `09:16:34 INFO  hub360-local  message  key=value ...`. Anything that is not such an entry is returned as is.
 */
export const prettyLogLine = (text: string, useColour: boolean): string => {
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    return text;
  }
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return text;
  const record = entry as Record<string, unknown>;
  if ('_aws' in record) {
    const metrics = Object.entries(record)
      .filter(([key, value]) => key !== '_aws' && typeof value === 'number')
      .map(([key, value]) => `${key}=${value}`);
    return colour('90', `         METRIC ${metrics.join(' ')}`, useColour);
  }
  if (typeof record.level !== 'string' || !('message' in record)) return text;
  const time = typeof record.timestamp === 'string' ? record.timestamp.slice(11, 19) : '';
  const level = colour(LEVEL_COLOURS[record.level], record.level.padEnd(5), useColour);
  const source = typeof record.function_name === 'string' ? record.function_name : record.service;
  const service = typeof source === 'string' ? colour('90', source, useColour) : '';
  const details = Object.entries(record)
    .filter(([key]) => !SKIPPED.has(key))
    .map(([key, value]) => `${colour('90', `${key}=`, useColour)}${renderValue(value)}`);
  return [time, level, service, String(record.message), ...details].filter(Boolean).join('  ');
};

/**
 * Pretty mode for the terminal: Powertools loggers in dev mode (`POWERTOOLS_DEV=true`) write through the global
 * console, so re-rendering what reaches the console turns every function's structured JSON into readable lines.
 * JSON mode leaves the console alone, one JSON entry per line, as CloudWatch would receive it.
 */
export const installPrettyConsole = (useColour = Boolean(process.stdout.isTTY)): void => {
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const [first] = args;
      if (typeof first === 'string' && isNoise(first)) return;
      // Powertools lines arrive redacted; anything else written to the console (a library, a stray
      // console.log) is redacted here, so the terminal never shows what the JSON logs would not.
      original(
        redactText(
          args.length === 1 && typeof first === 'string' ? prettyLogLine(first, useColour) : format(...args),
        ),
      );
    };
  }
};
