import { describe, expect, it } from 'vitest';
import { identifierCandidates, phoneAsTyped } from '../../../console/src/search/identifier-candidates.ts';

const settings = { defaultCountryCallingCode: '49', erpSystems: ['sap-s4', 'business-central'] };

describe('identifierCandidates', () => {
  it('takes an e-mail address as an e-mail', () => {
    expect(identifierCandidates(' Anna.Berg@Brandt.de ', settings)).toEqual(['email:Anna.Berg@Brandt.de']);
  });

  it('reads a national phone number with the default calling code', () => {
    expect(identifierCandidates('(0711) 159-7448', settings)).toEqual(['phone:+497111597448']);
  });

  it('tries a bare number in every ERP system and as a phone number', () => {
    expect(identifierCandidates('01000303', settings)).toEqual([
      'erp:sap-s4:01000303',
      'erp:business-central:01000303',
      'phone:+491000303',
    ]);
  });

  it('tries a Business Central style number (letter prefix) as an ERP number only', () => {
    expect(identifierCandidates('C12030', settings)).toEqual([
      'erp:sap-s4:C12030',
      'erp:business-central:C12030',
    ]);
  });

  it('keeps an explicit type:value as typed', () => {
    expect(identifierCandidates('webUser:WEB-101062', settings)).toEqual(['webUser:WEB-101062']);
  });

  it('falls back to a web user id for anything else, and to nothing for blank input', () => {
    expect(identifierCandidates('WEB-101062', settings)).toEqual(['webUser:WEB-101062']);
    expect(identifierCandidates('   ', settings)).toEqual([]);
  });
});

describe('phoneAsTyped', () => {
  it('accepts international forms with + or 00 and rejects too short numbers', () => {
    expect(phoneAsTyped('+44 121 570 7350', '49')).toBe('+441215707350');
    expect(phoneAsTyped('0044 121 570 7350', '49')).toBe('+441215707350');
    expect(phoneAsTyped('0711', '49')).toBeUndefined();
  });
});
