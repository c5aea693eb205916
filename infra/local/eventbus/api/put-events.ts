import * as z from 'zod';
import { buildEventEnvelope, type EventEnvelope } from '../envelope.ts';
import { isJsonObject } from '../pattern/json-kinds.ts';
import { AwsJsonError, serializationError, validationError } from './aws-json-error.ts';
import { type BusDirectory, resolveBusName } from './bus-directory.ts';

/** One PutEvents entry as the SDK sends it (`Time` arrives as epoch seconds). */
export const PutEventsRequestEntrySchema = z.object({
  Source: z.string().optional(),
  DetailType: z.string().optional(),
  Detail: z.string().optional(),
  Resources: z.array(z.string()).optional(),
  Time: z.union([z.number(), z.string()]).optional(),
  EventBusName: z.string().optional(),
  TraceHeader: z.string().optional(),
});
export type PutEventsRequestEntry = z.infer<typeof PutEventsRequestEntrySchema>;

export const PutEventsRequestSchema = z.object({
  Entries: z.array(PutEventsRequestEntrySchema).nullish(),
  EndpointId: z.string().optional(),
});

/** PutEvents accepts at most this many entries per call. */
export const MAX_ENTRIES = 10;
/** PutEvents rejects a request whose entries add up to more than 256 KB. */
export const MAX_REQUEST_BYTES = 256 * 1024;

/** What happened to one entry: accepted onto a bus, or refused with AWS's error code. */
export type EntryOutcome =
  | { readonly accepted: true; readonly busName: string; readonly event: EventEnvelope }
  | { readonly accepted: false; readonly errorCode: string; readonly errorMessage: string };

export interface PutEventsContext {
  readonly directory: BusDirectory;
  readonly now: () => Date;
  readonly newEventId: () => string;
}

const utf8 = (text: string | undefined): number => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));

/** Entry size as AWS documents it: Time counts 14 bytes, then Source, DetailType, Detail and Resources. */
export const entrySize = (entry: PutEventsRequestEntry): number =>
  (entry.Time === undefined ? 0 : 14) +
  utf8(entry.Source) +
  utf8(entry.DetailType) +
  utf8(entry.Detail) +
  (entry.Resources ?? []).reduce((sum, r) => sum + utf8(r), 0);

const refuse = (errorCode: string, errorMessage: string): EntryOutcome => ({
  accepted: false,
  errorCode,
  errorMessage,
});

const required = (name: string): EntryOutcome =>
  refuse('InvalidArgument', `Parameter ${name} is not valid. Reason: ${name} is a required argument.`);

const parseTime = (time: number | string | undefined, now: Date): Date | undefined => {
  if (time === undefined) return now;
  const parsed = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
};

const parseDetail = (detail: string): Record<string, unknown> | undefined => {
  try {
    const parsed: unknown = JSON.parse(detail);
    return isJsonObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
};

/** Validates one entry as EventBridge does and, when it passes, builds its event. */
export const acceptEntry = (entry: PutEventsRequestEntry, context: PutEventsContext): EntryOutcome => {
  if (!entry.Source) return required('Source');
  if (!entry.DetailType) return required('DetailType');
  if (entry.Detail === undefined || entry.Detail === '') return required('Detail');
  const detail = parseDetail(entry.Detail);
  if (!detail) return refuse('MalformedDetail', 'Detail is malformed.');
  if (entry.Source.startsWith('aws.'))
    return refuse('NotAuthorizedForSourceException', 'Not authorized for the source.');
  const time = parseTime(entry.Time, context.now());
  if (!time) return refuse('InvalidArgument', 'Parameter Time is not valid. Reason: not a timestamp.');
  const busName = resolveBusName(context.directory, entry.EventBusName);
  if (!busName) {
    return refuse(
      'ResourceNotFoundException',
      `Event bus ${entry.EventBusName ?? 'default'} does not exist.`,
    );
  }
  const event = buildEventEnvelope({
    id: context.newEventId(),
    source: entry.Source,
    detailType: entry.DetailType,
    detail,
    resources: entry.Resources ?? [],
    time,
    region: context.directory.region,
    account: context.directory.accountId,
  });
  return { accepted: true, busName, event };
};

/**
 * Validates a PutEvents request: the whole call fails on a malformed request, too many or too few
 * entries or too many bytes; otherwise each entry is accepted or refused on its own.
 */
export const acceptPutEvents = (input: unknown, context: PutEventsContext): EntryOutcome[] => {
  const parsed = PutEventsRequestSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw serializationError(issue?.path.join('.') || 'request', issue?.message ?? 'malformed request');
  }
  const entries = parsed.data.Entries;
  if (!entries)
    throw validationError("Value null at 'entries' failed to satisfy constraint: Member must not be null");
  if (entries.length < 1) {
    throw validationError(
      "Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (entries.length > MAX_ENTRIES) {
    throw validationError(
      `Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES}`,
    );
  }
  const total = entries.reduce((sum, entry) => sum + entrySize(entry), 0);
  if (total > MAX_REQUEST_BYTES) {
    throw new AwsJsonError(
      'ValidationException',
      `Total size of the entries in the request is over the limit (${total} bytes > ${MAX_REQUEST_BYTES}).`,
    );
  }
  return entries.map((entry) => acceptEntry(entry, context));
};
