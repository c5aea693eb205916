import { businessCentralPreset } from './business-central.ts';
import { oracleScmPreset } from './oracle-scm.ts';
import type { Preset } from './preset.ts';
import { sapS4Preset } from './sap-s4.ts';
import { segmentPreset } from './segment.ts';
import { windchillPreset } from './windchill.ts';
import { zendeskPreset } from './zendesk.ts';

/** Every preset the hub ships, by the name connector configs use in `preset`. */
export const presets = {
  'sap-s4': sapS4Preset,
  'business-central': businessCentralPreset,
  windchill: windchillPreset,
  'oracle-scm': oracleScmPreset,
  segment: segmentPreset,
  zendesk: zendeskPreset,
} as const satisfies Record<string, Preset>;

export type PresetName = keyof typeof presets;
