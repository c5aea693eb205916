import { z } from 'zod';
import { type CanonicalIdentifier, IdentifierTypeSchema } from '../entities/identifier.ts';

const TYPES = IdentifierTypeSchema.options.join(', ');

/**
 * `identifier=<type>:<value>`: `email:anna@example.com`, `phone:+498912345`, `webUser:u-42`,
 * `erp:<system>:<number>` (`erp:sap-s4:1000123`). The store normalises the value (case, E.164, zeros).
 */
export const IdentifierQueryValueSchema = z
  .string()
  .max(600, 'is too long for an identifier')
  .transform((text, ctx): CanonicalIdentifier | typeof z.NEVER => {
    const colon = text.indexOf(':');
    const type = IdentifierTypeSchema.safeParse(text.slice(0, Math.max(colon, 0)));
    const value = text.slice(colon + 1).trim();
    if (colon < 1 || !type.success) {
      ctx.addIssue({ code: 'custom', message: `must be <type>:<value> with a type of ${TYPES}` });
      return z.NEVER;
    }
    if (!value || (type.data === 'erp' && !/^[a-z0-9][a-z0-9-]*:.+$/.test(value))) {
      ctx.addIssue({
        code: 'custom',
        message:
          type.data === 'erp'
            ? 'must be erp:<system>:<number>, e.g. erp:sap-s4:1000123'
            : 'has no value after the type',
      });
      return z.NEVER;
    }
    return { type: type.data, value };
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
