import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

/** What the signer hands a hash: text, an ArrayBuffer or a view on one. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

const toBytes = (data: SourceData): string | Uint8Array =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

/** node:crypto as the hash `@smithy/signature-v4` expects (HMAC when it is given a secret). */
export class NodeSha256 {
  readonly #hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: SourceData): void {
    this.#hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.#hash.digest();
  }
}
