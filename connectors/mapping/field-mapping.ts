import { z } from 'zod';
import { TransformNameSchema } from './transforms.ts';

const JsonValueSchema = z.json();

/**
 * How one canonical field is produced from a source record; configuration, not code:
 * - `"BusinessPartnerFullName"`: the value at a path (shorthand for `{ path }`);
 * - `{ path, transform, lookup, default }`: a path, converted, translated through a table, with a fallback;
 * - `{ value }`: a constant;
 * - `{ fields }`: a nested object mapped from the same record;
 * - `{ each, fields }`: an array, one object per element of the array at `each` (`{ each, path }`: one value each);
 * - `{ coalesce: [...] }`: the first mapping that yields a value;
 * - `{ join: [...], separator }`: the non-empty results joined into one string.
 */
export type FieldMapping =
  | string
  | {
      path?: string | undefined;
      value?: z.core.util.JSONType | undefined;
      transform?: z.infer<typeof TransformNameSchema> | z.infer<typeof TransformNameSchema>[] | undefined;
      lookup?: Record<string, z.core.util.JSONType> | undefined;
      default?: z.core.util.JSONType | undefined;
      fields?: Record<string, FieldMapping> | undefined;
      each?: string | undefined;
      coalesce?: FieldMapping[] | undefined;
      join?: FieldMapping[] | undefined;
      separator?: string | undefined;
    };

export const FieldMappingSchema: z.ZodType<FieldMapping> = z.lazy(() =>
  z.union([
    z.string().min(1),
    z
      .strictObject({
        path: z.string().min(1).optional(),
        value: JsonValueSchema.optional(),
        transform: z.union([TransformNameSchema, z.array(TransformNameSchema)]).optional(),
        lookup: z.record(z.string(), JsonValueSchema).optional(),
        default: JsonValueSchema.optional(),
        fields: z.record(z.string(), FieldMappingSchema).optional(),
        each: z.string().min(1).optional(),
        coalesce: z.array(FieldMappingSchema).min(1).optional(),
        join: z.array(FieldMappingSchema).min(1).optional(),
        separator: z.string().optional(),
      })
      .refine(
        (m) =>
          [m.path, m.value, m.fields, m.coalesce, m.join].filter((part) => part !== undefined).length === 1 ||
          (m.each !== undefined && (m.fields !== undefined) !== (m.path !== undefined)),
        'must have exactly one of path, value, fields, coalesce or join (each takes fields or path)',
      ),
  ]),
);

/** A mapping of several canonical fields. */
export const FieldMapSchema = z.record(z.string(), FieldMappingSchema);
export type FieldMap = z.infer<typeof FieldMapSchema>;
