import { describe, expect, it } from 'vitest';
import { findCustomer, NoCustomerFoundError } from '../../../console/src/agent/find-customer.ts';
import { type ApiClient, ApiError } from '../../../console/src/api/api-client.ts';

const settings = { defaultCountryCallingCode: '49', erpSystems: ['sap-s4'] };
const notFound = () => Promise.reject(new ApiError(404, 'Not Found', 'no customer holds it'));

/** An API whose lookups answer as `answers` says, recording what was asked. */
const apiWith = (answers: Record<string, () => Promise<{ customerId: string }>>) => {
  const asked: string[] = [];
  const api = {
    findCustomer: (identifier: string) => {
      asked.push(identifier);
      return answers[identifier]?.() ?? notFound();
    },
  } as unknown as ApiClient;
  return { api, asked };
};

describe('findCustomer (console search)', () => {
  it('asks every reading at once and returns the most likely one as soon as it answers, not waiting for the rest', async () => {
    const { api, asked } = apiWith({
      'erp:sap-s4:07111597448': async () => ({ customerId: 'cus_erp' }),
      // A less likely reading that never answers must not hold the agent up.
      'phone:+497111597448': () => new Promise(() => undefined),
    });

    await expect(findCustomer(api, '0711 1597448', settings)).resolves.toBe('cus_erp');
    expect(asked).toEqual(['erp:sap-s4:07111597448', 'phone:+497111597448']);
  });

  it('prefers the more likely reading when both answer', async () => {
    const { api } = apiWith({
      'erp:sap-s4:07111597448': async () => ({ customerId: 'cus_erp' }),
      'phone:+497111597448': async () => ({ customerId: 'cus_phone' }),
    });

    await expect(findCustomer(api, '0711 1597448', settings)).resolves.toBe('cus_erp');
  });

  it('falls through to a less likely reading when the likelier ones hold no customer', async () => {
    const { api } = apiWith({ 'phone:+497111597448': async () => ({ customerId: 'cus_phone' }) });

    await expect(findCustomer(api, '0711 1597448', settings)).resolves.toBe('cus_phone');
  });

  it('raises a refusal as the answer, and says what was tried when nobody holds any reading', async () => {
    const refused = apiWith({
      'email:a@example.com': () => Promise.reject(new ApiError(403, 'Forbidden', '')),
    });
    const nobody = apiWith({});

    await expect(findCustomer(refused.api, 'a@example.com', settings)).rejects.toMatchObject({ status: 403 });
    await expect(findCustomer(nobody.api, '0711 1597448', settings)).rejects.toThrow(NoCustomerFoundError);
  });
});
