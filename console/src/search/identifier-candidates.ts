const TYPES = ['email', 'phone', 'erp', 'webUser', 'anonymousId'] as const;

export interface SearchSettings {
  /** Calling code for numbers typed in national form (leading single 0). */
  readonly defaultCountryCallingCode: string;
  /** ERP systems a bare number may belong to. */
  readonly erpSystems: readonly string[];
}

/** A national number as an agent types it (`089 1234-567`, `(0711) 159 7448`) in international form. */
export const phoneAsTyped = (text: string, callingCode: string): string | undefined => {
  const compact = text.replace(/[\s\-()./]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(compact)) return compact;
  if (/^00[1-9]\d{6,14}$/.test(compact)) return `+${compact.slice(2)}`;
  if (/^0[1-9]\d{5,13}$/.test(compact)) return `+${callingCode}${compact.slice(1)}`;
  return undefined;
};

/**
 * What an agent typed, as the identifiers the API's lookup understands, most likely first. An explicit
 * `<type>:<value>` is taken as written; an e-mail is an e-mail; a bare number may be an ERP number in any
 * configured ERP system or a phone number, so each is tried.
 */
export const identifierCandidates = (typed: string, settings: SearchSettings): string[] => {
  const text = typed.trim();
  if (text === '') return [];
  const colon = text.indexOf(':');
  if (colon > 0 && (TYPES as readonly string[]).includes(text.slice(0, colon))) return [text];
  if (text.includes('@')) return [`email:${text}`];
  const candidates: string[] = [];
  const compact = text.replace(/\s/g, '');
  if (/^[A-Za-z]?\d+$|^[A-Za-z]\d+$/.test(compact)) {
    for (const system of settings.erpSystems) candidates.push(`erp:${system}:${compact}`);
  }
  const phone = phoneAsTyped(text, settings.defaultCountryCallingCode);
  if (phone) candidates.push(`phone:${phone}`);
  // Anything else may be a web shop user id.
  if (candidates.length === 0) candidates.push(`webUser:${text}`);
  return candidates;
};
