import type { Preset } from './preset.ts';

/** Windchill REST Services ProdMgmt (OData v4): parts with lifecycle state, successor and accessories. */
export const windchillPreset: Preset = {
  description: 'Windchill REST Services ProdMgmt (OData v4): parts (number, name, version, state, successor)',
  streams: {
    parts: {
      protocol: 'odata',
      source: {
        version: 'v4',
        entitySet: '/ProdMgmt/Parts',
        keyFields: ['ID'],
        cursorField: 'LastModified',
        expand: ['Successors', 'Accessories'],
      },
      mapping: {
        entity: 'product',
        // The part number engineers search for; `ID` is Windchill's object reference (`OR:wt.part.WTPart:…`).
        businessKey: 'Number',
        data: {
          partNumber: 'Number',
          revision: { coalesce: ['Version', 'Revision'] },
          name: 'Name',
          description: { path: 'Description', transform: 'emptyToMissing' },
          lifecycleState: {
            path: 'State.Value',
            lookup: {
              INWORK: 'inWork',
              UNDERREVIEW: 'underReview',
              RELEASED: 'released',
              PHASEOUT: 'phaseOut',
              OBSOLETE: 'obsolete',
            },
          },
          // Installations record replacements either as `Successors` or as `Alternates` (PartAlternateLink)
          // whose ReplacementType is supersede; expand the one the installation uses (`source.expand`).
          successorPartNumber: {
            coalesce: [
              'Successors[0].Number',
              {
                each: 'Alternates',
                where: { path: 'ReplacementType.Value', equals: 'supersede' },
                path: 'AlternatePart.Number',
                first: true,
              },
            ],
          },
          accessoryPartNumbers: { each: 'Accessories', path: 'Number' },
          category: { path: 'Source.Display', transform: 'emptyToMissing' },
          unit: { path: 'DefaultUnit.Value', transform: 'emptyToMissing' },
        },
      },
    },
  },
};
