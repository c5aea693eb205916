import type { StreamMappingInput } from '../mapping/stream-mapping.ts';
import type { CursorExportStreamConfigInput } from '../protocols/cursor-export/cursor-export-config.ts';
import type { ObjectListingStreamConfigInput } from '../protocols/object-listing/object-listing-config.ts';
import type { ODataStreamConfigInput } from '../protocols/odata/odata-stream-config.ts';
import type { RestStreamConfigInput } from '../protocols/rest/rest-stream-config.ts';

type Unnamed<T> = Omit<T, 'name'>;

/** A preset stream: which protocol kit reads it, how (its configuration) and how it maps to the canonical schema. */
export type PresetStream =
  | {
      readonly protocol: 'odata';
      readonly source: Unnamed<ODataStreamConfigInput>;
      readonly mapping: StreamMappingInput;
    }
  | {
      readonly protocol: 'rest';
      readonly source: Unnamed<RestStreamConfigInput>;
      readonly mapping: StreamMappingInput;
    }
  | {
      readonly protocol: 'objects';
      readonly source: Unnamed<ObjectListingStreamConfigInput>;
      readonly mapping: StreamMappingInput;
    }
  | {
      readonly protocol: 'cursor-export';
      readonly source: Unnamed<CursorExportStreamConfigInput>;
      readonly mapping: StreamMappingInput;
    };

/** A source system's defaults: its streams with their protocol settings and field mappings, all overridable. */
export interface Preset {
  readonly description: string;
  readonly streams: Readonly<Record<string, PresetStream>>;
}
