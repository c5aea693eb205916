import { describe, expect, it } from 'vitest';
import {
  ERASED_CUSTOMER_SUMMARY,
  forgetCustomerOf,
  isAboutCustomer,
} from '../../../core/reactions/forget-customer.ts';
import { tallyChange } from '../../../core/reactions/ledger-tally.ts';
import { delivered, movement, record } from './ledger-fixtures.ts';

const followUp = {
  record: { ...record('paymentFollowUp'), summary: 'Follow up invoice INV-7: 700 EUR open, 12 days overdue' },
  subject: { invoiceRecordKey: 'invoice#sap-s4#billing#INV-7' },
  delivery: delivered,
  movement,
};

describe('an erased customer in the reaction ledger', () => {
  it('leaves what the rule did and how it ended, and nothing that identifies the customer', () => {
    const { customerId: _id, summary: _summary, ...kept } = followUp.record;

    expect(forgetCustomerOf(followUp)).toEqual({
      record: { ...kept, summary: ERASED_CUSTOMER_SUMMARY },
      subject: {},
      delivery: delivered,
      movement: { at: movement.at, evidence: 'erased' },
    });
  });

  it('moves no per-rule figure: the tally sees the same reaction, delivery and movement', () => {
    expect(tallyChange(followUp, forgetCustomerOf(followUp))).toBeUndefined();
    const open = { record: followUp.record, subject: {}, delivery: delivered };
    expect(tallyChange(open, forgetCustomerOf(open))).toBeUndefined();
    expect(forgetCustomerOf(open)).not.toHaveProperty('movement');
  });

  it('changes nothing of a receipt that came before its entry (it names nobody yet)', () => {
    const receiptOnly = { delivery: delivered };

    expect(forgetCustomerOf(receiptOnly)).toBe(receiptOnly);
    expect(isAboutCustomer(receiptOnly, new Set(['cus_1']))).toBe(false);
  });

  it('is about the customers named, not about others or an entry already forgotten', () => {
    expect(isAboutCustomer(followUp, new Set(['cus_1']))).toBe(true);
    expect(isAboutCustomer(followUp, new Set(['cus_2']))).toBe(false);
    expect(isAboutCustomer(undefined, new Set(['cus_1']))).toBe(false);
    expect(isAboutCustomer(forgetCustomerOf(followUp), new Set(['cus_1']))).toBe(false);
  });
});
