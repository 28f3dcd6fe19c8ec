/**
 * Decides what an uploaded file is from its bytes, never its name, and makes it safe to keep:
 * - PNG, JPEG, GIF and WebP are decoded and re-encoded by sharp, which drops EXIF/XMP/ICC metadata
 *   (GPS positions, device serials) and anything hidden after the image data; a 320 px WebP
 *   thumbnail is made for the thread view;
 * - anything without a binary signature that decodes as UTF-8 without NUL bytes is a text or log
 *   file, and goes through the same secret redaction as the log field;
 * - everything else is refused.
 */
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { AppError } from '../lib/errors.js';
import { redactSecrets } from './redact-secrets.js';

export interface SafeUpload {
  fileName: string;
  contentType: string;
  data: Buffer;
  thumbnail: Buffer | null;
  width: number | null;
  height: number | null;
}

const IMAGE_TYPES = {
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/gif': 'gif',
  'image/webp': 'webp',
} as const;
type ImageType = keyof typeof IMAGE_TYPES;

/** What the form may offer in its file picker; the server still decides by content. */
export const ACCEPTED_UPLOAD_TYPES = [...Object.keys(IMAGE_TYPES), 'text/plain'] as const;

export const THUMBNAIL_SIZE = 320;
/** Enough for a 5K screenshot; a small file that decodes to gigapixels (a decompression bomb) is refused. */
export const MAX_IMAGE_PIXELS = 40_000_000;

/** Keeps a readable base name: no directories, control characters or quotes, at most 150 characters. */
export function safeFileName(raw: string, extension: string): string {
  const base = [...(raw.split(/[\\/]/).pop() ?? '')]
    .filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !'"<>|:*?'.includes(c))
    .join('')
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .trim()
    .slice(0, 150);
  return `${base || 'attachment'}.${extension}`;
}

async function reencodeImage(
  data: Buffer,
  type: ImageType,
): Promise<{ data: Buffer; width: number; height: number }> {
  const animated = type === 'image/gif' || type === 'image/webp';
  // rotate() applies the EXIF orientation before the metadata holding it is dropped.
  const pipeline = sharp(data, { animated, failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
  const encoded =
    type === 'image/png'
      ? pipeline.png()
      : type === 'image/jpeg'
        ? pipeline.jpeg({ quality: 90, mozjpeg: true })
        : type === 'image/gif'
          ? pipeline.gif()
          : pipeline.webp({ quality: 90 });
  const { data: output, info } = await encoded.toBuffer({ resolveWithObject: true });
  return { data: output, width: info.width, height: info.pageHeight ?? info.height };
}

function isText(data: Buffer): boolean {
  if (data.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

export async function makeUploadSafe(fileName: string, data: Buffer): Promise<SafeUpload> {
  const detected = await fileTypeFromBuffer(data);
  if (detected && detected.mime in IMAGE_TYPES) {
    const type = detected.mime as ImageType;
    let image: { data: Buffer; width: number; height: number };
    try {
      image = await reencodeImage(data, type);
    } catch (error) {
      throw new AppError('attachment_type_not_allowed', {
        message: 'The image could not be read.',
        details: { fileName },
        cause: error,
      });
    }
    const thumbnail = await sharp(image.data)
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 80 })
      .toBuffer();
    return { fileName: safeFileName(fileName, IMAGE_TYPES[type]), contentType: type, thumbnail, ...image };
  }
  if (!detected && isText(data)) {
    const extension = /\.log$/i.test(fileName) ? 'log' : 'txt';
    return {
      fileName: safeFileName(fileName, extension),
      contentType: 'text/plain; charset=utf-8',
      data: Buffer.from(redactSecrets(data.toString('utf8')), 'utf8'),
      thumbnail: null,
      width: null,
      height: null,
    };
  }
  throw new AppError('attachment_type_not_allowed', {
    details: { fileName, detected: detected?.mime ?? 'binary' },
  });
}
