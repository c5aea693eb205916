import type { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';
import * as z from 'zod';

/** The CloudWatch embedded metric format as Powertools writes it: the directive under `_aws`, values at the top. */
const EmfSchema = z
  .object({
    _aws: z.object({
      CloudWatchMetrics: z
        .array(
          z.object({
            Namespace: z.string(),
            Dimensions: z.array(z.array(z.string())),
            Metrics: z.array(z.object({ Name: z.string(), Unit: z.string() })),
          }),
        )
        .length(1),
    }),
  })
  .catchall(z.unknown());

/** One EMF blob as CloudWatch reads it: namespace, dimension values, and each metric's value and unit. */
export interface EmittedMetrics {
  readonly namespace: string;
  readonly dimensions: Readonly<Record<string, unknown>>;
  readonly values: Readonly<Record<string, unknown>>;
  readonly units: Readonly<Record<string, string>>;
}

const readEmf = (blob: unknown): EmittedMetrics => {
  const emf = EmfSchema.parse(blob);
  const [directive] = emf._aws.CloudWatchMetrics;
  if (!directive) throw new Error('EMF blob without a metric directive');
  const pick = (names: readonly string[]) => Object.fromEntries(names.map((name) => [name, emf[name]]));
  return {
    namespace: directive.Namespace,
    dimensions: pick(directive.Dimensions.flat()),
    values: pick(directive.Metrics.map((m) => m.Name)),
    units: Object.fromEntries(directive.Metrics.map((m) => [m.Name, m.Unit])),
  };
};

/** What a Metrics instance holds now, serialised by Powertools itself; the buffer is cleared afterwards. */
export const takeStoredMetrics = (metrics: Metrics): EmittedMetrics => {
  try {
    return readEmf(metrics.serializeMetrics());
  } finally {
    metrics.clearMetrics();
    metrics.clearDimensions();
  }
};

/**
 * Captures the EMF blobs Powertools prints to stdout (what CloudWatch Logs turns into metrics) while `act` runs;
 * other output of that time is dropped.
 */
export const captureEmittedMetrics = async (act: () => Promise<unknown>): Promise<EmittedMetrics[]> => {
  const lines: string[] = [];
  const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n'));
    return true;
  });
  try {
    await act();
  } finally {
    write.mockRestore();
  }
  return lines.filter((line) => line.includes('"_aws"')).map((line) => readEmf(JSON.parse(line)));
};
