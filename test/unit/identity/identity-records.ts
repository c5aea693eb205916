import type { IdentityRecord } from '../../../core/identity/resolve-identities.ts';
import type { CanonicalIdentifier } from '../../../schemas/entities/identifier.ts';

// Records as the pure resolver takes them, for tests that call `resolveIdentities` directly.

/** The default unique identifier types (`defaultIdentityConfig.uniqueTypes`). */
export const UNIQUE = ['erp', 'webUser'];
export const mail = (value: string): CanonicalIdentifier => ({ type: 'email', value });
export const erp = (value: string): CanonicalIdentifier => ({ type: 'erp', value });

/** A record carrying these link ids, its evidence naming its own key. */
export const record = (recordKey: string, ...linkIds: CanonicalIdentifier[]): IdentityRecord => ({
  recordKey,
  linkIds,
  evidence: { entity: 'customer', system: 'sap-s4', stream: 'bp', key: recordKey, version: '1' },
});
