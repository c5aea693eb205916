import { describe, expect, it } from 'vitest';
import { email, erp, exampleOrder } from '../../../schemas/entities/examples.ts';
import { emptySnapshot, locator, owner, plan, profile } from './settled-writes-fixtures.ts';

const SO1 = 'order#sap-s4#sales-orders#SO-1';

describe('planSettledWrites: a stored record that gained an identifier', () => {
  it('sends it to the identity path even when its stored identifiers are all still among the new ones', () => {
    // prepare: stored with erp 1 only, now with erp 1 and an e-mail, both owned by its customer c7
    const snapshot = emptySnapshot();
    for (const idKey of ['erp:sap-s4:1', 'email:new@b.de']) snapshot.owners.set(idKey, owner(idKey, 'c7'));
    snapshot.profiles.set('c7', profile('c7'));
    snapshot.locators.set(SO1, locator(SO1, { customerId: 'c7', linkIds: ['erp:sap-s4:1'] }));

    // act
    const [entry] = plan(
      [exampleOrder({ key: 'SO-1', version: '2' }, [erp('1'), email('new@b.de')])],
      snapshot,
    );

    // assert
    expect(entry?.kind).toBe('slow');
  });
});
