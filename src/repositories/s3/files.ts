import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { putByContent } from '../../store/files.ts';
import type { FileStorage } from '../files.ts';

/** Where an S3-compatible store keeps Cardbox's files: `CARDBOX_FILES=s3://KEY:SECRET@host:port/bucket/prefix`. */
export interface S3Location {
  endpoint: string;
  region: string;
  bucket: string;
  prefix: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Reads `s3://ACCESS_KEY:SECRET@host[:port]/bucket[/prefix][?region=…&tls=off]` (tls on unless `tls=off`, region
 * `us-east-1` unless given: most S3-compatible servers ignore it). Throws a message naming the setting.
 */
export function parseS3Url(text: string): S3Location {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('CARDBOX_FILES is s3://ACCESS_KEY:SECRET@host:port/bucket/prefix');
  }
  const [bucket, ...prefix] = url.pathname.split('/').filter(Boolean);
  if (url.protocol !== 's3:' || !bucket || !url.username || !url.password)
    throw new Error(
      'CARDBOX_FILES is s3://ACCESS_KEY:SECRET@host:port/bucket/prefix (key, secret and bucket are required)',
    );
  const tls = url.searchParams.get('tls') !== 'off';
  return {
    endpoint: `${tls ? 'https' : 'http'}://${url.host}`,
    region: url.searchParams.get('region') ?? 'us-east-1',
    bucket,
    prefix: prefix.length ? `${prefix.join('/')}/` : '',
    accessKeyId: decodeURIComponent(url.username),
    secretAccessKey: decodeURIComponent(url.password),
  };
}

/**
 * Photos, card images and crops in an S3-compatible object store, one object per path: what several app and
 * worker machines share in a regional deployment (docs/scale-out.md). An object is whole once written (S3
 * puts are atomic), so no reader sees half a photo.
 */
export class S3FileStorage implements FileStorage {
  readonly #client: S3Client;
  readonly #bucket: string;
  readonly #prefix: string;

  constructor(location: S3Location) {
    this.#client = new S3Client({
      endpoint: location.endpoint,
      region: location.region,
      forcePathStyle: true,
      // Checksums only where S3 requires them: streamed uploads are then plain bodies, which every
      // S3-compatible server takes (the SDK's default aws-chunked trailers are Amazon's own).
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      credentials: { accessKeyId: location.accessKeyId, secretAccessKey: location.secretAccessKey },
    });
    this.#bucket = location.bucket;
    this.#prefix = location.prefix;
  }

  async putByHash(
    folder: string,
    bytes: Uint8Array,
    extension: string,
  ): Promise<{ path: string; hash: string }> {
    return putByContent(this, folder, bytes, extension);
  }

  async put(path: string, bytes: Uint8Array | string): Promise<void> {
    await this.#client.send(
      new PutObjectCommand({ Bucket: this.#bucket, Key: this.#key(path), Body: bytes }),
    );
  }

  async adopt(path: string, localFile: string): Promise<void> {
    const { size } = await stat(localFile);
    await this.#client.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: this.#key(path),
        Body: createReadStream(localFile),
        ContentLength: size,
      }),
    );
    await rm(localFile, { force: true });
  }

  async read(path: string): Promise<Buffer> {
    try {
      const object = await this.#client.send(
        new GetObjectCommand({ Bucket: this.#bucket, Key: this.#key(path) }),
      );
      return Buffer.from(await object.Body!.transformToByteArray());
    } catch (error) {
      if (notFound(error)) throw Object.assign(new Error(`ENOENT: no such file ${path}`), { code: 'ENOENT' });
      throw error;
    }
  }

  async exists(path: string): Promise<boolean> {
    try {
      await this.#client.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: this.#key(path) }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }

  async remove(path: string): Promise<void> {
    await this.#client.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: this.#key(path) }));
  }

  #key(path: string): string {
    if (path.split('/').some((part) => part === '..' || part === '') || path.startsWith('/'))
      throw new Error(`not a stored file's path: ${path}`);
    return `${this.#prefix}${path}`;
  }
}

function notFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
