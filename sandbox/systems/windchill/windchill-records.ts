import type { Row } from '../../odata/entity-model.ts';
import type { ProductProfile } from '../../world/reference-data.ts';

/** One revision of a part as the PDM holds it. */
export interface PartRevision {
  readonly id: string;
  readonly product: ProductProfile;
  readonly revision: string;
  readonly iteration: number;
  readonly state: 'INWORK' | 'RELEASED' | 'OBSOLETE';
  readonly createdOn: Date;
  readonly lastModified: Date;
  readonly modifiedBy: string;
}

const stateDisplay: Record<PartRevision['state'], string> = {
  INWORK: 'In Work',
  RELEASED: 'Released',
  OBSOLETE: 'Obsolete',
};

/** A ProdMgmt `Parts` entity for one part revision. */
export const partRow = (part: PartRevision): Row => {
  const version = `${part.revision}.${part.iteration}`;
  return {
    ID: part.id,
    Number: part.product.number,
    Name: part.product.name,
    Description:
      part.product.role === 'main' ? `${part.product.name}, standard configuration` : part.product.name,
    Identity: `${part.product.number}, ${part.product.name}, ${version} (Design)`,
    Version: version,
    Revision: part.revision,
    Iteration: String(part.iteration),
    View: 'Design',
    State: { Value: part.state, Display: stateDisplay[part.state] },
    DefaultUnit: { Value: 'ea', Display: 'each' },
    Source: {
      Value: part.product.role === 'main' ? 'make' : 'buy',
      Display: part.product.role === 'main' ? 'Make' : 'Buy',
    },
    EndItem: part.product.role === 'main',
    CreatedOn: part.createdOn,
    LastModified: part.lastModified,
    ModifiedBy: part.modifiedBy,
  };
};
