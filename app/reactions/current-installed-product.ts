import type { StoreBackend } from '../../core/ports/store-backend.ts';
import type { CurrentInstalledProduct } from '../../core/reactions/coverage-due.ts';
import { InstalledProductDataSchema } from '../../schemas/entities/installed-product.ts';
import { readCurrentRecord } from './current-record.ts';

/** The unit as its record stands now, where its locator places it; undefined once it is gone (current-record.ts). */
export const readCurrentInstalledProduct = async (
  backend: StoreBackend,
  recordKey: string,
): Promise<CurrentInstalledProduct | undefined> => {
  const record = await readCurrentRecord(backend, recordKey, 'installedProduct');
  if (!record) return undefined;
  return { customerId: record.customerId, product: InstalledProductDataSchema.parse(record.data) };
};
