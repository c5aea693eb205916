import * as z from 'zod';
import { CurrencySchema, IsoDateSchema } from './source.ts';

export const InvoiceStatusSchema = z.enum(['open', 'paid', 'overdue', 'cancelled']);
export type InvoiceStatus = z.infer<typeof InvoiceStatusSchema>;

/** A billing document: amount, currency, due date and whether it is paid, open or overdue. */
export const InvoiceDataSchema = z.strictObject({
  invoiceNumber: z.string().min(1),
  orderNumber: z.string().optional(),
  issuedOn: IsoDateSchema,
  dueDate: IsoDateSchema,
  amount: z.number(),
  /** What is still unpaid; equals `amount` for an unpaid invoice. */
  openAmount: z.number().optional(),
  currency: CurrencySchema,
  status: InvoiceStatusSchema,
  paidOn: IsoDateSchema.optional(),
});
export type InvoiceData = z.infer<typeof InvoiceDataSchema>;
