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

/** How an installation records that one part replaces another. */
export type SuccessorNavigation = 'Successors' | 'Alternates';

/**
 * The Parts entity set with its `Successors` (or `Alternates`) and `Accessories` navigations bound to live
 * lookups. With `Alternates`, each link is a `PartAlternateLink` whose `ReplacementType` says `supersede`
 * (a successor) or `alternate` (an interchangeable part), and whose `AlternatePart` is the other part.
 */
export const partMetaWithLinks = (
  successors: (row: Row) => Row[],
  accessories: (row: Row) => Row[],
  successorNavigation: SuccessorNavigation = 'Successors',
): EntitySetMeta => {
  const navigations: Record<string, NavigationMeta> = {};
  const meta: EntitySetMeta = { ...partMeta, navigations };
  if (successorNavigation === 'Successors') {
    navigations.Successors = { target: meta, resolve: successors };
  } else {
    const linkMeta: EntitySetMeta = {
      name: 'PartAlternateLinks',
      typeName: 'PTC.ProdMgmt.PartAlternateLink',
      keyFields: ['ID'],
      properties: { ID: 'Edm.String', ReplacementType: enumType },
      navigations: {
        AlternatePart: {
          target: meta,
          single: true,
          resolve: (link) =>
            link.AlternatePart &&
            !Array.isArray(link.AlternatePart) &&
            !(link.AlternatePart instanceof Date) &&
            typeof link.AlternatePart === 'object'
              ? [link.AlternatePart]
              : [],
        },
      },
    };
    const link = (part: Row, other: Row, type: 'supersede' | 'alternate'): Row => ({
      ID: `OR:wt.part.WTPartAlternateLink:${String(part.ID).split(':').at(-1)}-${String(other.ID).split(':').at(-1)}`,
      ReplacementType: { Value: type, Display: type === 'supersede' ? 'Supersede' : 'Alternate' },
      AlternatePart: other,
    });
    navigations.Alternates = {
      target: linkMeta,
      // An interchangeable part is listed first, so a reader must pick the supersede link by its type.
      resolve: (row) => [
        ...accessories(row)
          .slice(0, 1)
          .map((other) => link(row, other, 'alternate')),
        ...successors(row).map((other) => link(row, other, 'supersede')),
      ],
    };
  }
  navigations.Accessories = { target: meta, resolve: accessories };
  return meta;
};
