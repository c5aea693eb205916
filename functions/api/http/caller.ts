import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';

const JwtSubjectSchema = z.object({
  requestContext: z.object({
    authorizer: z.object({ jwt: z.object({ claims: z.object({ sub: z.string().min(1) }) }) }),
  }),
});

/** Who is calling: the token's subject, as the JWT authorizer passed it on; recorded with writes. */
export const callerOf = (event: APIGatewayProxyEventV2): string => {
  const parsed = JwtSubjectSchema.safeParse(event);
  return parsed.success ? parsed.data.requestContext.authorizer.jwt.claims.sub : 'unknown-caller';
};
