import * as z from 'zod';

/**
 * An environment variable holding a JSON object of settings, validated by `settings`: unset or blank gives
 * the settings' defaults; text that is not JSON is an issue naming what was expected (`what`).
 */
export const jsonSettingsVariable = <Settings extends z.ZodType>(settings: Settings, what: string) =>
  z
    .string()
    .optional()
    .transform((text, ctx) => {
      if (text === undefined || text.trim() === '') return {};
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be a JSON object of ${what}` });
        return z.NEVER;
      }
    })
    .pipe(settings);
