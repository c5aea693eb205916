import * as z from 'zod';

/** A hub360 customer id as it appears in paths; no `/`, `#` or whitespace, so it can never reach into a key. */
export const CustomerIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:~-]{0,127}$/, 'must be a hub360 customer id (letters, digits, . _ : ~ -)')
  .meta({ description: 'The hub360 customer id.', example: 'C-01JD3X6Q6V5K9T2N8W4R7B1M0Z' });

/** The `{id}` path parameter of the customer routes. */
export const CustomerPathSchema = z.strictObject({ id: CustomerIdSchema });
