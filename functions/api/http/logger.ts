import { loggerFor } from '../../../adapters/observability/powertools.ts';

/** The API functions' logger, one per sandbox as Powertools recommends. */
export const logger = loggerFor('api');
