/** An object's listing entry. */
export interface ObjectSummary {
  readonly key: string;
  /** Epoch ms of the last write. */
  readonly lastModified: number;
}

/**
 * The landing zone port: S3 on AWS, a folder locally. Listings come in ascending key order
 * (S3's order, UTF-8 binary), starting strictly after `startAfter`.
 */
export interface ObjectStore {
  list(prefix: string, startAfter?: string): AsyncIterable<ObjectSummary>;
  get(key: string): Promise<Uint8Array>;
}
