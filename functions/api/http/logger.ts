import { Logger } from '@aws-lambda-powertools/logger';

/** The API functions' logger, one per sandbox as Powertools recommends. */
export const logger = new Logger({ serviceName: 'hub360-api' });
