import { describe, expect, it } from 'vitest';
import {
  clashingUniqueScopes,
  dedupeIdentifiers,
  linkingIdentifiers,
} from '../../../core/identity/linking-identifiers.ts';
import type { CanonicalIdentifier } from '../../../schemas/entities/identifier.ts';

// Which identifiers of a record join it to a customer, and which records carry two values of a unique
// scope. Examples written out by hand; the identity properties draw records at random and rarely hit the
// web-activity cases.

const id = (type: CanonicalIdentifier['type'], value: string): CanonicalIdentifier => ({ type, value });
const anonymous = id('anonymousId', 'anon-1');
const user = id('webUser', 'u1');
const webData = (type: 'track' | 'page' | 'identify') => ({
  messageId: 'm1',
  type,
  timestamp: '2026-03-01T10:00:00Z',
  properties: {},
});

describe('linkingIdentifiers', () => {
  it('links a non-web record by every identifier it carries, each once', () => {
    const mail = id('email', 'a@b.de');

    const links = linkingIdentifiers({
      entity: 'order',
      identifiers: [mail, id('erp', 'sap-s4:1'), mail],
      data: undefined,
    });

    expect(links).toEqual([mail, id('erp', 'sap-s4:1')]);
  });

  it('links a non-web record by an anonymous id it carries too', () => {
    const links = linkingIdentifiers({
      entity: 'customer',
      identifiers: [anonymous, id('email', 'a@b.de')],
      data: undefined,
    });

    expect(links).toEqual([anonymous, id('email', 'a@b.de')]);
  });

  it('links a tracked click that names the user by the user only, never by its anonymous id', () => {
    for (const type of ['track', 'page'] as const) {
      const links = linkingIdentifiers({
        entity: 'webActivity',
        identifiers: [anonymous, user],
        data: webData(type),
      });

      expect(links).toEqual([user]);
    }
  });

  it('links an identify call by its anonymous id and its user, which is what stitches the two', () => {
    const links = linkingIdentifiers({
      entity: 'webActivity',
      identifiers: [anonymous, user],
      data: webData('identify'),
    });

    expect(links).toEqual([anonymous, user]);
  });

  it('links an anonymous click by its anonymous id when it names nobody', () => {
    const links = linkingIdentifiers({
      entity: 'webActivity',
      identifiers: [anonymous],
      data: webData('track'),
    });

    expect(links).toEqual([anonymous]);
  });

  it('links a deleted web record (no data) by known identifiers only, like a click', () => {
    const links = linkingIdentifiers({
      entity: 'webActivity',
      identifiers: [anonymous, user],
      data: undefined,
    });

    expect(links).toEqual([user]);
  });
});

describe('dedupeIdentifiers', () => {
  it('keeps the first occurrence of each type and value, in order, and keeps equal values of other types', () => {
    const ids = [id('email', 'x'), id('webUser', 'x'), id('email', 'x'), id('phone', '+491')];

    expect(dedupeIdentifiers(ids)).toEqual([id('email', 'x'), id('webUser', 'x'), id('phone', '+491')]);
  });
});

describe('clashingUniqueScopes', () => {
  it('finds a scope with two values of a unique type, once however many values clash', () => {
    const ids = [id('erp', 'sap-s4:1'), id('erp', 'sap-s4:2'), id('erp', 'sap-s4:3')];

    expect(clashingUniqueScopes(ids, ['erp'])).toEqual(['erp:sap-s4']);
  });

  it('allows one value per scope of each ERP system, repeats of the same value, and many values of non-unique types', () => {
    const ids = [
      id('erp', 'sap-s4:1'),
      id('erp', 'bc-eu:1'),
      id('erp', 'sap-s4:1'),
      id('email', 'a@b.de'),
      id('email', 'c@d.de'),
    ];

    expect(clashingUniqueScopes(ids, ['erp', 'webUser'])).toEqual([]);
  });

  it('reports a clash of a type only when that type is configured unique', () => {
    const ids = [id('webUser', 'u1'), id('webUser', 'u2')];

    expect(clashingUniqueScopes(ids, ['webUser'])).toEqual(['webUser']);
    expect(clashingUniqueScopes(ids, ['erp'])).toEqual([]);
  });

  it('names a clash in a scope even when the last value repeats the first', () => {
    const ids = [id('erp', 'sap-s4:1'), id('erp', 'sap-s4:2'), id('erp', 'sap-s4:1')];

    expect(clashingUniqueScopes(ids, ['erp'])).toEqual(['erp:sap-s4']);
  });
});
