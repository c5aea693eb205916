import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { CurrentInstalledProduct } from '../../core/reactions/coverage-due.ts';
import { InstalledProductDataSchema } from '../../schemas/entities/installed-product.ts';
import { locateRecord } from './current-record.ts';

/** Where a unit stands now (current-record.ts): `at` its locator's place, `gone`, or `moving` between customers. */
export type InstalledProductWhereabouts =
  | { readonly kind: 'at'; readonly unit: CurrentInstalledProduct }
  | { readonly kind: 'gone' }
  | { readonly kind: 'moving' };

/** The unit as its record stands now, where its locator places it (locateRecord), its data parsed. */
export const locateInstalledProduct = async (
  backend: StoreBackend,
  recordKey: string,
): Promise<InstalledProductWhereabouts> => {
  const where = await locateRecord(backend, recordKey, 'installedProduct');
  if (where.kind !== 'at') return where;
  const { customerId, data } = where.record;
  return { kind: 'at', unit: { customerId, product: InstalledProductDataSchema.parse(data) } };
};
