import { createLogger } from '../../observability/create-logger.ts';

/** The API functions' logger, one per sandbox as Powertools recommends. */
export const logger = createLogger({ serviceName: 'hub360-api' });
