import { describe, expect, it } from 'vitest';
import {
  LocatorItemSchema,
  OwnerItemSchema,
  ProfileItemSchema,
  parseStateItem,
} from '../../../core/items/state-items.ts';

// The bookkeeping items identity resolution reads: parsed with their defaults, and a corrupt one fails
// naming the item and every field that is wrong.

describe('parseStateItem', () => {
  it('fills the defaults of an owner and a locator that omit their lists', () => {
    const owner = parseStateItem(OwnerItemSchema, {
      pk: 'ID#h',
      sk: 'OWNER',
      kind: 'identifier',
      idKey: 'email:a@b.de',
      customerId: 'c1',
    });
    const locator = parseStateItem(LocatorItemSchema, {
      pk: 'SRC#r',
      sk: 'LOCATOR',
      kind: 'locator',
      recordKey: 'r',
      versionOrd: 'N1',
    });

    expect(owner.contestedBy).toEqual([]);
    expect(locator).toMatchObject({ deleted: false, linkIds: [], auxKeys: [], separateFrom: [] });
  });

  it('names the item and each wrong field with its path when an item does not match', () => {
    const corrupt = {
      pk: 'CUST#c1',
      sk: 'PROFILE',
      kind: 'profile',
      customerId: 'c1',
      status: 'gone',
      rev: 1.5,
    };

    expect(() => parseStateItem(ProfileItemSchema, corrupt)).toThrow(
      /^Corrupt item CUST#c1 \/ PROFILE: status: .+; rev: .+; seedRecord: .+; createdAt: .+$/,
    );
  });

  it('joins a nested field path with dots', () => {
    const corrupt = {
      pk: 'SRC#r',
      sk: 'LOCATOR',
      kind: 'locator',
      recordKey: 'r',
      versionOrd: 'N1',
      separateFrom: ['ok', 7],
    };

    expect(() => parseStateItem(LocatorItemSchema, corrupt)).toThrow(/: separateFrom\.1: /);
  });
});
