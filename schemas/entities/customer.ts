import * as z from 'zod';
import { ProvenanceSchema } from './source.ts';

export const PostalAddressSchema = z.strictObject({
  street: z.string().optional(),
  postalCode: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  /** ISO 3166-1 alpha-2. */
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
    .optional(),
});
export type PostalAddress = z.infer<typeof PostalAddressSchema>;

/** The customer attributes one source record contributes; every field is optional (sources know different things). */
export const CustomerDataSchema = z.strictObject({
  kind: z.enum(['person', 'organization']).optional(),
  name: z.string().optional(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  companyName: z.string().optional(),
  email: z.string().optional(),
  phone: z.string().optional(),
  address: PostalAddressSchema.optional(),
  vatId: z.string().optional(),
  /** Customer group / segment as the source names it (e.g. ERP customer group). */
  segment: z.string().optional(),
  language: z.string().optional(),
  /** Who in the company owns the relationship. */
  accountManager: z.string().optional(),
  creditLimit: z.number().optional(),
  paymentTermsDays: z.number().int().optional(),
  blocked: z.boolean().optional(),
});
export type CustomerData = z.infer<typeof CustomerDataSchema>;

/** The golden-profile attribute names (survivorship is decided per attribute). */
export const CUSTOMER_ATTRIBUTES = Object.keys(CustomerDataSchema.shape) as readonly (keyof CustomerData)[];

const attributed = <T extends z.ZodType>(value: T) => z.strictObject({ value, provenance: ProvenanceSchema });

/**
 * The golden profile: for each attribute the surviving value (source priority, then recency) with its
 * provenance: source system, source record key and version.
 */
export const GoldenProfileSchema = z.strictObject({
  kind: attributed(z.enum(['person', 'organization'])).optional(),
  name: attributed(z.string()).optional(),
  firstName: attributed(z.string()).optional(),
  lastName: attributed(z.string()).optional(),
  companyName: attributed(z.string()).optional(),
  email: attributed(z.string()).optional(),
  phone: attributed(z.string()).optional(),
  address: attributed(PostalAddressSchema).optional(),
  vatId: attributed(z.string()).optional(),
  segment: attributed(z.string()).optional(),
  language: attributed(z.string()).optional(),
  accountManager: attributed(z.string()).optional(),
  creditLimit: attributed(z.number()).optional(),
  paymentTermsDays: attributed(z.number().int()).optional(),
  blocked: attributed(z.boolean()).optional(),
});
export type GoldenProfile = z.infer<typeof GoldenProfileSchema>;
