import { availableParallelism } from 'node:os';
import sharp, { type Metadata, type Sharp } from 'sharp';
import type { GreyImage } from './homography.ts';

// sharp runs libvips on one thread on glibc Linux (against memory fragmentation); a 12-megapixel photo then
// decodes in 120–150 ms here instead of 85–90. Measured: about 10% more resident memory over 40 photos.
sharp.concurrency(availableParallelism());

/** Formats a phone or camera gives us that sharp can decode here. */
const ACCEPTED = new Set(['jpeg', 'png', 'webp']);
/** 50 megapixels: any phone photo, but not a decompression bomb. */
export const MAX_PIXELS = 50_000_000;

/** A photo that cannot be read, with a sentence for staff in Korean and one for the CLI in English. */
export class PhotoError extends Error {
  readonly code: string;
  readonly korean: string;
  readonly status: 400 | 413 | 415 | 422;

  constructor(code: string, english: string, korean: string, status: PhotoError['status'] = 422) {
    super(english);
    this.code = code;
    this.korean = korean;
    this.status = status;
  }
}

export interface Photo {
  /** Upright (EXIF orientation applied) greyscale pixels. */
  grey: GreyImage;
  /** Upright RGB pixels at a quarter of the size (`rgbScale`), enough for paper and print colour. */
  rgb: Buffer;
  rgbWidth: number;
  rgbScale: number;
}

/** A grey image as sharp input, to crop, scale or encode it. */
export function greySharp(image: GreyImage): Sharp {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } });
}

/** A grey image as the JPEG staff see (an upright card, an unidentified find). */
export function greyJpeg(image: GreyImage): Promise<Buffer> {
  return greySharp(image).jpeg({ quality: 85 }).toBuffer();
}

/** The quarter-size colour image as grey, for searches that need no detail. */
export function smallGrey(photo: Photo): GreyImage {
  const n = photo.rgb.length / 3;
  const data = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += 3)
    data[i] = (photo.rgb[j]! * 77 + photo.rgb[j + 1]! * 150 + photo.rgb[j + 2]! * 29) >> 8;
  return { data, width: photo.rgbWidth, height: n / photo.rgbWidth };
}

export interface PhotoInfo {
  width: number;
  height: number;
  format: string;
}

/** Checks an upload quickly (format, size, a decode of a small version) and says what is wrong with it. */
export async function checkPhoto(bytes: Uint8Array): Promise<PhotoInfo> {
  const info = await inspectPhoto(bytes);
  try {
    await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' }).resize(64).toBuffer();
  } catch (error) {
    throw damaged(error);
  }
  return info;
}

function damaged(error: unknown): PhotoError {
  return new PhotoError(
    'damaged',
    `the image data is damaged or cut off (${String((error as Error).message).split('\n')[0]})`,
    '사진 파일이 손상되었거나 중간에 잘렸습니다. 다시 찍거나 다시 올려 주세요.',
    422,
  );
}

/** An ISO media file (HEIC/HEIF/AVIF from a phone): 'ftyp' at byte 4. */
function isHeif(bytes: Uint8Array): boolean {
  return bytes.byteLength >= 12 && Buffer.from(bytes.subarray(4, 8)).toString('latin1') === 'ftyp';
}

function heic(): PhotoError {
  return new PhotoError(
    'heic',
    'HEIC/HEIF photos are not supported: set the phone camera to "Most compatible" (JPEG) or convert the file',
    'HEIC 사진은 읽을 수 없습니다. 휴대전화 카메라를 "높은 호환성"(JPEG)으로 바꾸거나 JPEG로 변환해 주세요.',
    415,
  );
}

/** Format and size from the file's header, without decoding the pixels. */
async function inspectPhoto(bytes: Uint8Array): Promise<PhotoInfo> {
  if (isHeif(bytes)) throw heic();
  if (bytes.byteLength === 0)
    throw new PhotoError('empty', 'the file is empty (0 bytes)', '빈 파일입니다 (0바이트).', 400);
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new PhotoError(
      'not-an-image',
      'not an image sharp can read (JPEG, PNG or WebP expected)',
      '사진 파일이 아닙니다. JPEG, PNG, WebP 사진을 올려 주세요.',
      415,
    );
  }
  const format = meta.format ?? 'unknown';
  if (format === 'heif') throw heic();
  if (!ACCEPTED.has(format)) {
    throw new PhotoError(
      'format',
      `${format} is not supported (JPEG, PNG or WebP expected)`,
      `${format} 형식은 지원하지 않습니다. JPEG, PNG, WebP 사진을 올려 주세요.`,
      415,
    );
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width * height > MAX_PIXELS) {
    throw new PhotoError(
      'too-large',
      `${width}×${height} is ${((width * height) / 1e6).toFixed(0)} megapixels; at most ${MAX_PIXELS / 1e6} are accepted`,
      `사진이 너무 큽니다 (${width}×${height}). ${MAX_PIXELS / 1e6}메가픽셀 이하로 올려 주세요.`,
      413,
    );
  }
  const turned = (meta.orientation ?? 1) >= 5;
  return { width: turned ? height : width, height: turned ? width : height, format };
}

/** Decodes a photo upright (EXIF orientation applied) into greyscale and RGB pixels. */
export async function decodePhoto(bytes: Uint8Array): Promise<Photo> {
  const info = await inspectPhoto(bytes);
  const input = () => sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' }).rotate();
  const rgbWidth = Math.max(1, Math.round(info.width / 4));
  try {
    const [grey, rgb] = await Promise.all([
      input().greyscale().raw().toBuffer({ resolveWithObject: true }),
      input()
        .resize({ width: rgbWidth })
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true }),
    ]);
    return {
      grey: {
        data: new Uint8Array(grey.data.buffer, grey.data.byteOffset, grey.data.length),
        width: grey.info.width,
        height: grey.info.height,
      },
      rgb: rgb.data,
      rgbWidth: rgb.info.width,
      rgbScale: rgb.info.width / grey.info.width,
    };
  } catch (error) {
    throw damaged(error);
  }
}
