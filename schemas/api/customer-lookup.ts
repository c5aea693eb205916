import * as z from 'zod';
import { type CanonicalIdentifier, IdentifierSchema, IdentifierTypeSchema } from '../entities/identifier.ts';

const TYPES = IdentifierTypeSchema.options.join(', ');

/** Splits `<type>:<value>` (and an ERP value into `<system>:<number>`) into what the identifier schema reads. */
const identifierInput = (text: string): unknown => {
  const colon = text.indexOf(':');
  const type = text.slice(0, Math.max(colon, 0));
  // A `+` in a query string decodes to a space; for a phone number it can only have been the E.164 plus.
  const value = type === 'phone' ? text.slice(colon + 1).replace(/^ /, '+') : text.slice(colon + 1);
  if (type !== 'erp') return { type, value };
  const system = value.slice(0, Math.max(value.indexOf(':'), 0));
  return { type, system, value: value.slice(system.length + 1) };
};

/**
 * `identifier=<type>:<value>`: `email:anna@example.com`, `phone:+498912345`, `webUser:u-42`,
 * `erp:<system>:<number>` (`erp:sap-s4:1000123`). Validated and normalised (case, E.164, leading zeros)
 * by the same rules ingestion applies, so a lookup finds what a sync stored.
 */
export const IdentifierQueryValueSchema = z
  .string()
  .max(600, 'is too long for an identifier')
  .transform((text, ctx): CanonicalIdentifier | typeof z.NEVER => {
    const colon = text.indexOf(':');
    if (colon < 1 || !IdentifierTypeSchema.safeParse(text.slice(0, colon)).success) {
      ctx.addIssue({ code: 'custom', message: `must be <type>:<value> with a type of ${TYPES}` });
      return z.NEVER;
    }
    const parsed = IdentifierSchema.safeParse(identifierInput(text));
    if (!parsed.success) {
      const erp = text.startsWith('erp:');
      const reason = parsed.error.issues.map((issue) => issue.message).join('; ');
      ctx.addIssue({
        code: 'custom',
        message: erp ? `must be erp:<system>:<number>, e.g. erp:sap-s4:1000123 (${reason})` : reason,
      });
      return z.NEVER;
    }
    return parsed.data;
  })
  .meta({
    description: `\`<type>:<value>\` with a type of ${TYPES}; ERP numbers are \`erp:<system>:<number>\`.`,
    example: 'email:anna.berger@example.com',
  });

export const CustomerLookupQuerySchema = z.strictObject({ identifier: IdentifierQueryValueSchema });

/** The answer to a lookup: the customer owning the identifier, and where to read it. */
export const CustomerLookupResponseSchema = z
  .object({
    customerId: z.string(),
    identifier: z.object({ type: IdentifierTypeSchema, value: z.string() }),
    href: z.string().meta({ description: 'The customer-360 view of this customer.' }),
  })
  .meta({ id: 'CustomerLookup' });
export type CustomerLookupResponse = z.infer<typeof CustomerLookupResponseSchema>;
