/**
 * RFC 6120 §11.6: a stream is UTF-8, and a stream that is not must end with `unsupported-encoding`
 * (StringDecoder would silently turn bad bytes into U+FFFD and deliver them).
 *
 * Chunks arrive cut anywhere, so a sequence cut at the end of one chunk is held back and checked
 * with the next. `buffer.isUtf8` (simdutf) adds a few tens of nanoseconds a chunk to StringDecoder's
 * work; a fatal streaming TextDecoder instead of both decodes an ASCII chunk four times slower.
 */
import { isUtf8 } from 'node:buffer';

export class Utf8Validator {
  /** The unfinished sequence at the end of the previous chunk (at most 3 bytes). */
  private tail: Buffer | undefined;

  isValid(chunk: Buffer): boolean {
    let data = chunk;
    if (this.tail) {
      data = Buffer.concat([this.tail, chunk]);
      this.tail = undefined;
    }
    const end = completeLength(data);
    if (end === data.length) return isUtf8(data);
    this.tail = Buffer.from(data.subarray(end));
    return isUtf8(data.subarray(0, end));
  }
}

/** Where the last sequence starts if it needs more bytes than the data has; else the length. */
function completeLength(data: Buffer): number {
  for (let i = data.length - 1; i >= 0 && i >= data.length - 3; i--) {
    const byte = data[i]!;
    if (byte < 0x80) return data.length;
    if (byte < 0xc0) continue;
    const length = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
    return i + length > data.length ? i : data.length;
  }
  return data.length;
}
