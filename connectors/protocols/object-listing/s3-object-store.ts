import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from './object-store.ts';

/** An object that vanished between listing and reading (lifecycle expiry, manual delete). */
export class ObjectMissingError extends Error {
  override readonly name = 'ObjectMissingError';
}

/** Builds the ListObjectsV2 request of one listing page. */
export const buildListRequest = (
  bucket: string,
  prefix: string,
  startAfter: string | undefined,
  continuationToken: string | undefined,
) => ({
  Bucket: bucket,
  Prefix: prefix,
  ...(startAfter === undefined ? {} : { StartAfter: startAfter }),
  ...(continuationToken === undefined ? {} : { ContinuationToken: continuationToken }),
});

/** An S3 bucket as the landing zone object store. */
export const createS3ObjectStore = (bucket: string, client: S3Client = new S3Client({})): ObjectStore => ({
  async *list(prefix, startAfter) {
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command(buildListRequest(bucket, prefix, startAfter, token)),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key === undefined) continue;
        yield { key: object.Key, lastModified: object.LastModified?.getTime() ?? 0 };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  },
  get: async (key) => {
    try {
      const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      if (!object.Body) throw new ObjectMissingError(`s3://${bucket}/${key} has no body`);
      return await object.Body.transformToByteArray();
    } catch (err: unknown) {
      if (err instanceof NoSuchKey)
        throw new ObjectMissingError(`s3://${bucket}/${key} does not exist`, { cause: err });
      throw err;
    }
  },
});
