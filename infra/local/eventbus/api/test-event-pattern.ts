import * as z from 'zod';
import { compileEventPatternText, InvalidEventPatternError, matchesEventPattern } from '../pattern/index.ts';
import { AwsJsonError, serializationError, validationError } from './aws-json-error.ts';

export const TestEventPatternRequestSchema = z.object({
  EventPattern: z.string().nullish(),
  Event: z.string().nullish(),
});

/** TestEventPattern limits the pattern to this many characters. */
export const MAX_PATTERN_LENGTH = 4096;

/** Fields TestEventPattern requires in the event, per the API reference. */
const REQUIRED_EVENT_FIELDS = ['id', 'account', 'source', 'time', 'region', 'resources', 'detail-type'];

const parseEvent = (text: string): Record<string, unknown> => {
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch {
    throw new AwsJsonError('ValidationException', 'Parameter Event is not valid: it is not JSON.');
  }
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    throw new AwsJsonError('ValidationException', 'Parameter Event is not valid: it is not a JSON object.');
  }
  const missing = REQUIRED_EVENT_FIELDS.filter((name) => !(name in event));
  if (missing.length > 0) {
    throw new AwsJsonError(
      'ValidationException',
      `Parameter Event is not valid: missing required field(s) ${missing.join(', ')}.`,
    );
  }
  return event as Record<string, unknown>;
};

/** Answers TestEventPattern: `{ Result }`, or the error AWS would give. */
export const testEventPattern = (input: unknown): { Result: boolean } => {
  const parsed = TestEventPatternRequestSchema.safeParse(input);
  if (!parsed.success)
    throw serializationError(String(parsed.error.issues[0]?.path[0] ?? 'request'), 'must be a string');
  const { EventPattern, Event } = parsed.data;
  if (EventPattern == null) {
    throw validationError(
      "Value null at 'eventPattern' failed to satisfy constraint: Member must not be null",
    );
  }
  if (Event == null)
    throw validationError("Value null at 'event' failed to satisfy constraint: Member must not be null");
  if (EventPattern.length > MAX_PATTERN_LENGTH) {
    throw validationError(
      `Value at 'eventPattern' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PATTERN_LENGTH}`,
    );
  }
  let pattern: ReturnType<typeof compileEventPatternText>;
  try {
    pattern = compileEventPatternText(EventPattern);
  } catch (err: unknown) {
    if (err instanceof InvalidEventPatternError)
      throw new AwsJsonError('InvalidEventPatternException', err.message);
    throw err;
  }
  return { Result: matchesEventPattern(pattern, parseEvent(Event)) };
};
