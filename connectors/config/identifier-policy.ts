import * as z from 'zod';
import { IdentifierTypeSchema } from '../../schemas/entities/identifier.ts';
import { IdentifierRuleSchema } from '../mapping/stream-mapping.ts';
import type { Preset } from '../presets/preset.ts';

/**
 * Per identifier type, what a present but invalid value does on every stream of a connector
 * (`{ email: 'drop-identifier' }` loads customers whose e-mail is `orders(at)example.com` without that
 * e-mail); types not named keep `quarantine`, which holds the record back with field and raw value.
 */
export const InvalidIdentifierPolicySchema = z
  .partialRecord(IdentifierTypeSchema, IdentifierRuleSchema.shape.onInvalid.unwrap())
  .default({});
export type InvalidIdentifierPolicy = z.infer<typeof InvalidIdentifierPolicySchema>;

/**
 * The preset with the connector's policy written into its identifier rules. A stream override that
 * replaces `identifiers` is used as written, so its own `onInvalid` settings stay the last word.
 */
export const applyIdentifierPolicy = (preset: Preset, policy: InvalidIdentifierPolicy): Preset => {
  if (Object.keys(policy).length === 0) return preset;
  const streams = Object.fromEntries(
    Object.entries(preset.streams).map(([name, stream]) => [
      name,
      {
        ...stream,
        mapping: {
          ...stream.mapping,
          identifiers: stream.mapping.identifiers?.map((rule) => {
            const onInvalid = policy[rule.type];
            return onInvalid === undefined ? rule : { ...rule, onInvalid };
          }),
        },
      },
    ]),
  );
  return { ...preset, streams };
};
