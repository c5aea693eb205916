import * as z from 'zod';
import { TransformNameSchema } from './transforms.ts';

const JsonValueSchema = z.json();

/**
 * How one canonical field is produced from a source record; configuration, not code:
 * - `"BusinessPartnerFullName"`: the value at a path (shorthand for `{ path }`);
 * - `{ path, transform, lookup, default }`: a path, converted, translated through a table, with a fallback;
 * - `{ value }`: a constant;
 * - `{ fields }`: a nested object mapped from the same record;
 * - `{ each, fields }`: an array, one object per element of the array at `each` (`{ each, path }`: one value
 *   each, `{ each }`: the elements themselves); `where` keeps only elements whose value at a path equals a
 *   constant, `transform` and `lookup` apply to each element, and `first: true` gives the first result alone;
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
      where?: { path: string; equals: z.core.util.JSONType } | undefined;
      first?: boolean | undefined;
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
        where: z.strictObject({ path: z.string().min(1), equals: JsonValueSchema }).optional(),
        first: z.boolean().optional(),
        coalesce: z.array(FieldMappingSchema).min(1).optional(),
        join: z.array(FieldMappingSchema).min(1).optional(),
        separator: z.string().optional(),
      })
      .refine(
        (m) =>
          m.each !== undefined
            ? !(m.fields !== undefined && m.path !== undefined) &&
              [m.value, m.coalesce, m.join].every((part) => part === undefined)
            : [m.path, m.value, m.fields, m.coalesce, m.join].filter((part) => part !== undefined).length ===
                1 &&
              m.where === undefined &&
              m.first === undefined,
        'must have exactly one of path, value, fields, coalesce or join (each takes fields or path, where and first)',
      ),
  ]),
);

/** A mapping of several canonical fields. */
export const FieldMapSchema = z.record(z.string(), FieldMappingSchema);
export type FieldMap = z.infer<typeof FieldMapSchema>;
