import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import type { ProblemLocation, RequestProblem } from '../../../app/api/errors.ts';
import { InvalidRequestError } from '../../../app/api/errors.ts';
import { formatIssuePath } from '../../../schemas/config/parse-config.ts';

const PART_LOCATION: Record<string, ProblemLocation> = {
  path: 'path',
  query: 'query',
  headers: 'header',
  body: 'body',
};

/** Turns zod issues into request problems, one per offending field (one per unknown parameter too). */
export const toRequestProblems = (error: z.ZodError): RequestProblem[] =>
  error.issues.flatMap((issue): RequestProblem[] => {
    const [part, ...rest] = issue.path;
    const location = PART_LOCATION[String(part)] ?? 'body';
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        in: location,
        field: formatIssuePath([...rest, key]) || '(root)',
        detail: location === 'body' ? 'is not a known field' : 'is not a known parameter',
      }));
    }
    return [{ in: location, field: formatIssuePath(rest) || '(root)', detail: issue.message }];
  });

const readBody = (event: APIGatewayProxyEventV2): unknown => {
  if (event.body === undefined || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidRequestError([{ in: 'body', field: '(root)', detail: 'is not valid JSON' }]);
  }
};

// A route that declares no query (or path) parameters accepts none: a stray one is more likely a typo
// (`?limt=5`) than something to ignore silently.
const undeclaredParameters = (
  schema: z.ZodObject,
  part: 'path' | 'query',
  given: Record<string, string | undefined> | undefined,
): RequestProblem[] =>
  part in schema.shape
    ? []
    : Object.keys(given ?? {}).map((name) => ({
        in: PART_LOCATION[part] ?? part,
        field: name,
        detail: 'is not a known parameter',
      }));

/**
 * Validates an API Gateway v2 event against a route's request schema (an object with optional `path`,
 * `query`, `headers` and `body` parts). Throws {@link InvalidRequestError} listing every problem.
 */
export const parseRequest = <S extends z.ZodObject>(
  schema: S,
  event: APIGatewayProxyEventV2,
): z.output<S> => {
  const problems = [
    ...undeclaredParameters(schema, 'path', event.pathParameters),
    ...undeclaredParameters(schema, 'query', event.queryStringParameters),
  ];
  let body: unknown;
  try {
    body = 'body' in schema.shape ? readBody(event) : undefined;
  } catch (err: unknown) {
    if (!(err instanceof InvalidRequestError)) throw err;
    problems.push(...err.problems);
  }
  const result = schema.safeParse({
    path: event.pathParameters ?? {},
    query: event.queryStringParameters ?? {},
    headers: event.headers ?? {},
    body,
  });
  if (!result.success) problems.push(...toRequestProblems(result.error));
  if (problems.length > 0 || !result.success) throw new InvalidRequestError(problems);
  return result.data;
};
