/** The logging the bus needs; the Powertools logger of the local runtime satisfies it. */
export interface BusLogger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

/** Default for tests and embedders that do not care. */
export const silentLogger: BusLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
};
