import * as z from 'zod';

/** The kinds of identifier identity resolution understands. */
export const IdentifierTypeSchema = z.enum(['erp', 'email', 'phone', 'webUser', 'anonymousId']);
export type IdentifierType = z.infer<typeof IdentifierTypeSchema>;

/**
 * A normalised identifier as the store keeps it. `value` is already canonical: an ERP number carries
 * its ERP system as scope (`sap-s4:1000123`), e-mail is lower-case, phone is E.164.
 */
export const CanonicalIdentifierSchema = z.strictObject({
  type: IdentifierTypeSchema,
  value: z.string().min(1),
});
export type CanonicalIdentifier = z.infer<typeof CanonicalIdentifierSchema>;

const scopeSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be the ERP system name in kebab-case, e.g. sap-s4');

const erpNumber = (raw: string): string => {
  const trimmed = raw.trim();
  // SAP pads business-partner numbers with zeros; 0001000123 and 1000123 are the same partner.
  return /^\d+$/.test(trimmed) ? trimmed.replace(/^0+(?=\d)/, '') : trimmed.toUpperCase();
};

const ErpIdentifierInputSchema = z
  .strictObject({
    type: z.literal('erp'),
    /** ERP system (connector instance) that issued the number, e.g. `sap-s4`, `bc-eu`. */
    system: scopeSchema,
    value: z.string().trim().min(1, 'must be the ERP customer / business-partner number'),
  })
  .transform((id): CanonicalIdentifier => ({ type: 'erp', value: `${id.system}:${erpNumber(id.value)}` }));

const EmailIdentifierInputSchema = z
  .strictObject({
    type: z.literal('email'),
    value: z
      .string()
      .transform((v) => v.trim().toLowerCase())
      .pipe(z.string().regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an e-mail address')),
  })
  .transform((id): CanonicalIdentifier => ({ type: 'email', value: id.value }));

/** Strips the punctuation people type into phone numbers; `00` international prefix becomes `+`. */
export const normalisePhone = (raw: string): string => {
  const compact = raw.replace(/[\s\-()./]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
};

const PhoneIdentifierInputSchema = z
  .strictObject({
    type: z.literal('phone'),
    value: z
      .string()
      .transform(normalisePhone)
      .pipe(z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 phone number such as +4989123456')),
  })
  .transform((id): CanonicalIdentifier => ({ type: 'phone', value: id.value }));

const OpaqueIdentifierInputSchema = z
  .strictObject({
    type: z.enum(['webUser', 'anonymousId']),
    value: z.string().trim().min(1).max(512),
  })
  .transform((id): CanonicalIdentifier => ({ type: id.type, value: id.value }));

/**
 * What connectors put into a canonical record: an identifier in the source's spelling. Parsing
 * normalises it (case, whitespace, E.164, ERP scope), so equal identifiers compare equal.
 */
export const IdentifierSchema = z.discriminatedUnion('type', [
  ErpIdentifierInputSchema,
  EmailIdentifierInputSchema,
  PhoneIdentifierInputSchema,
  OpaqueIdentifierInputSchema,
]);
export type IdentifierInput = z.input<typeof IdentifierSchema>;
export type Identifier = z.output<typeof IdentifierSchema>;

/** The identifier's key in the store and in events: `erp:sap-s4:1000123`, `email:a@b.de`. */
export const identifierKey = (id: CanonicalIdentifier): string => `${id.type}:${id.value}`;

/** Parses an identifier key back; undefined when it is not one. */
export const parseIdentifierKey = (key: string): CanonicalIdentifier | undefined => {
  const colon = key.indexOf(':');
  if (colon < 1) return undefined;
  const parsed = CanonicalIdentifierSchema.safeParse({
    type: key.slice(0, colon),
    value: key.slice(colon + 1),
  });
  return parsed.success ? parsed.data : undefined;
};

/**
 * The uniqueness scope of an identifier: at most one value per scope may belong to one customer when
 * the type is configured unique. ERP numbers are scoped by ERP system (a customer may have one SAP and
 * one Business Central number); other types have one scope.
 */
export const identifierScope = (id: CanonicalIdentifier): string =>
  id.type === 'erp' ? `erp:${id.value.slice(0, id.value.indexOf(':'))}` : id.type;
