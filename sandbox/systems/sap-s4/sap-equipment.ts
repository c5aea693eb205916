import type { EntitySetMeta, Row } from '../../odata/entity-model.ts';
import { startOfUtcDay } from '../../world/time.ts';

/**
 * SAP S/4HANA `API_EQUIPMENT` (OData v2): the installed base as plant maintenance and customer service keep
 * it. One equipment per serialised unit sold (category `S`, customer equipment), its sold-to party among the
 * partners (function `AG`), its customer warranty (warranty type `1`) and, as key-user extension fields
 * (`YY1_…_IEQ`) the way customers expose them, the service contract that covers it after the warranty.
 */

export const equipmentPartnerMeta: EntitySetMeta = {
  name: 'EquipmentPartner',
  typeName: 'EquipmentPartnerType',
  keyFields: ['Equipment', 'PartnerFunction', 'EquipmentPartnerObjectNmbr'],
  properties: {
    Equipment: 'Edm.String',
    PartnerFunction: 'Edm.String',
    EquipmentPartnerObjectNmbr: 'Edm.String',
    Partner: 'Edm.String',
  },
  navigations: {},
};

export const equipmentWarrantyMeta: EntitySetMeta = {
  name: 'EquipmentWarranty',
  typeName: 'EquipmentWarrantyType',
  keyFields: ['Equipment', 'WarrantyType'],
  properties: {
    Equipment: 'Edm.String',
    WarrantyType: 'Edm.String',
    MasterWarranty: 'Edm.String',
    WarrantyStartDate: 'Edm.DateTime',
    WarrantyEndDate: 'Edm.DateTime',
  },
  navigations: {},
};

export const equipmentMeta: EntitySetMeta = {
  name: 'Equipment',
  typeName: 'EquipmentType',
  keyFields: ['Equipment'],
  changedField: 'LastChangeDateTime',
  properties: {
    Equipment: 'Edm.String',
    EquipmentName: 'Edm.String',
    EquipmentCategory: 'Edm.String',
    TechnicalObjectType: 'Edm.String',
    Material: 'Edm.String',
    SerialNumber: 'Edm.String',
    AcquisitionDate: 'Edm.DateTime',
    MaintenancePlant: 'Edm.String',
    CreationDate: 'Edm.DateTime',
    LastChangeDateTime: 'Edm.DateTimeOffset',
    YY1_ServiceContract_IEQ: 'Edm.String',
    YY1_ServiceContractEnd_IEQ: 'Edm.DateTime',
  },
  navigations: {
    to_Partner: { target: equipmentPartnerMeta },
    to_Warranty: { target: equipmentWarrantyMeta },
  },
};

/** A serialised unit a customer bought, with what covers it. */
export interface InstalledUnit {
  readonly equipment: string;
  readonly material: string;
  readonly name: string;
  readonly serialNumber: string;
  /** The SAP business partner (sold-to party) that owns it. */
  readonly soldToParty: string;
  readonly deliveredAt: Date;
  readonly warrantyEnd: Date;
  readonly contract?: { readonly number: string; readonly end: Date };
  readonly changedAt: Date;
}

/** The `Equipment` row of a unit, partners and warranty expanded. */
export const equipmentRow = (unit: InstalledUnit): Row => ({
  Equipment: unit.equipment,
  EquipmentName: unit.name,
  EquipmentCategory: 'S',
  TechnicalObjectType: 'PUMP',
  Material: unit.material,
  SerialNumber: unit.serialNumber,
  AcquisitionDate: startOfUtcDay(unit.deliveredAt),
  MaintenancePlant: '1010',
  CreationDate: startOfUtcDay(unit.deliveredAt),
  LastChangeDateTime: unit.changedAt,
  YY1_ServiceContract_IEQ: unit.contract?.number ?? '',
  YY1_ServiceContractEnd_IEQ: unit.contract ? startOfUtcDay(unit.contract.end) : null,
  to_Partner: [
    {
      Equipment: unit.equipment,
      PartnerFunction: 'AG',
      EquipmentPartnerObjectNmbr: '1',
      Partner: unit.soldToParty,
    },
  ],
  to_Warranty: [
    {
      Equipment: unit.equipment,
      WarrantyType: '1',
      MasterWarranty: 'CW-12M',
      WarrantyStartDate: startOfUtcDay(unit.deliveredAt),
      WarrantyEndDate: startOfUtcDay(unit.warrantyEnd),
    },
  ],
});
