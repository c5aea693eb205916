import type { ComplexType, EntitySetMeta, NavigationMeta, Row } from '../../odata/entity-model.ts';

/**
 * The Windchill REST Services ProdMgmt `Parts` entity set (OData v4). Enumerations are `{ Value, Display }`
 * complex values as Windchill returns them; `Successors` and `Accessories` stand in for the supersede and
 * accessory part links a PDM keeps (navigations to other Parts).
 */

const enumType: ComplexType = { complex: { Value: 'Edm.String', Display: 'Edm.String' } };

export const partMeta: EntitySetMeta = {
  name: 'Parts',
  typeName: 'PTC.ProdMgmt.Part',
  keyFields: ['ID'],
  changedField: 'LastModified',
  properties: {
    ID: 'Edm.String',
    Number: 'Edm.String',
    Name: 'Edm.String',
    Description: 'Edm.String',
    Identity: 'Edm.String',
    Version: 'Edm.String',
    Revision: 'Edm.String',
    Iteration: 'Edm.String',
    View: 'Edm.String',
    State: enumType,
    DefaultUnit: enumType,
    Source: enumType,
    EndItem: 'Edm.Boolean',
    CreatedOn: 'Edm.DateTimeOffset',
    LastModified: 'Edm.DateTimeOffset',
    ModifiedBy: 'Edm.String',
  },
  // Filled in by the Windchill system, which resolves links against its live Parts table.
  navigations: {},
};

/** The Parts entity set with its `Successors` and `Accessories` navigations bound to live lookups. */
export const partMetaWithLinks = (
  successors: (row: Row) => Row[],
  accessories: (row: Row) => Row[],
): EntitySetMeta => {
  const navigations: Record<string, NavigationMeta> = {};
  const meta: EntitySetMeta = { ...partMeta, navigations };
  navigations.Successors = { target: meta, resolve: successors };
  navigations.Accessories = { target: meta, resolve: accessories };
  return meta;
};
