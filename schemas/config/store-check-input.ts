import * as z from 'zod';

/** What the scheduled store check is asked to do: check only, or also repair what the store's content allows. */
export const StoreCheckInputSchema = z
  .strictObject({
    /** Re-home stranded records and fix locators and identifier owners where the store shows the answer. */
    repair: z.boolean().default(false),
  })
  .prefault({});
export type StoreCheckInput = z.infer<typeof StoreCheckInputSchema>;
