/** A deterministic GUID-shaped id derived from text (FNV-1a), for ids that must not consume random draws. */
export const guidFrom = (text: string): string => {
  let hex = '';
  for (let round = 0; hex.length < 32; round += 1) {
    let hash = 0x811c9dc5 ^ round;
    for (const char of `${round}:${text}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
    hex += hash.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
};

/** The id of the n-th line of a document, derived from the document's GUID. */
export const lineGuid = (documentId: string, index: number): string =>
  `${documentId.slice(0, -4)}${(index + 1).toString(16).padStart(4, '0')}`;
