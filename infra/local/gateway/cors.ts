import * as z from 'zod';

/** CORS as an API Gateway HTTP API configures it; the gateway answers preflights itself, as HTTP APIs do. */
export const CorsConfigSchema = z.object({
  allowOrigins: z.array(z.string().min(1)).default([]),
  allowMethods: z.array(z.string().min(1)).default(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  allowHeaders: z.array(z.string().min(1)).default(['authorization', 'content-type', 'if-none-match']),
  exposeHeaders: z.array(z.string().min(1)).default(['etag', 'location']),
  maxAgeSeconds: z.number().int().min(0).default(600),
  allowCredentials: z.boolean().default(false),
});
export type CorsConfig = z.infer<typeof CorsConfigSchema>;

const originAllowed = (cors: CorsConfig, origin: string | undefined): origin is string =>
  origin !== undefined && (cors.allowOrigins.includes('*') || cors.allowOrigins.includes(origin));

/** Headers for a preflight, or undefined when the request is not an allowed preflight. */
export const preflightHeaders = (
  cors: CorsConfig,
  origin: string | undefined,
  requestedMethod: string | undefined,
): Record<string, string> | undefined => {
  if (!originAllowed(cors, origin) || !requestedMethod) return undefined;
  if (!cors.allowMethods.includes(requestedMethod.toUpperCase()) && !cors.allowMethods.includes('*'))
    return undefined;
  return {
    'access-control-allow-origin': cors.allowOrigins.includes('*') && !cors.allowCredentials ? '*' : origin,
    'access-control-allow-methods': cors.allowMethods.join(','),
    'access-control-allow-headers': cors.allowHeaders.join(','),
    'access-control-max-age': String(cors.maxAgeSeconds),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'origin',
  };
};

/** Headers added to an ordinary response for an allowed origin. */
export const responseCorsHeaders = (cors: CorsConfig, origin: string | undefined): Record<string, string> => {
  if (!originAllowed(cors, origin)) return {};
  return {
    'access-control-allow-origin': cors.allowOrigins.includes('*') && !cors.allowCredentials ? '*' : origin,
    ...(cors.exposeHeaders.length > 0
      ? { 'access-control-expose-headers': cors.exposeHeaders.join(',') }
      : {}),
    ...(cors.allowCredentials ? { 'access-control-allow-credentials': 'true' } : {}),
    vary: 'origin',
  };
};
