/**
 * Counts the delimiter lines of a multipart body as it streams in. busboy silently skips a part it
 * cannot read (no Content-Disposition, header block cut short), which would drop an attachment
 * without a word; comparing the parts it yields with the parts the body announces catches that.
 */
import type { Readable } from 'node:stream';
import { MIMEType } from 'node:util';

/** RFC 2046: 1 to 70 characters. */
const MAX_BOUNDARY_LENGTH = 70;

/** The boundary of a multipart content type, or null when it is missing or not one RFC 2046 allows. */
export function multipartBoundary(contentType: string | undefined): string | null {
  if (contentType === undefined) return null;
  let boundary: string | undefined;
  try {
    boundary = new MIMEType(contentType).params.get('boundary') ?? undefined;
  } catch {
    return null;
  }
  return boundary && boundary.length <= MAX_BOUNDARY_LENGTH ? boundary : null;
}

/**
 * Starts counting on `stream`; call the result once the body is read. Attach it in the same tick as
 * the parser is piped in, so that neither misses a chunk.
 */
export function countDelimiters(stream: Readable, boundary: string): () => number {
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  // The parser reads the body as if a line break came first, so a delimiter on its first line counts.
  let tail = Buffer.from('\r\n');
  let count = 0;
  stream.on('data', (chunk: Buffer) => {
    const data = Buffer.concat([tail, chunk]);
    let searchFrom = 0;
    for (let at = data.indexOf(delimiter); at !== -1; at = data.indexOf(delimiter, searchFrom)) {
      count++;
      searchFrom = at + delimiter.length;
    }
    // Keep what could be the start of a delimiter split across chunks.
    tail = data.subarray(Math.max(searchFrom, data.length - delimiter.length + 1));
  });
  return () => count;
}
