/**
 * EPP over TLS (RFC 5734 §4): every data unit is preceded by its total length, header included, as
 * a 4-byte big-endian integer. Shared by the client and the test server, which both read and
 * write frames this way.
 */
export const EPP_NS = 'urn:ietf:params:xml:ns:epp-1.0';
export const DOMAIN_NS = 'urn:ietf:params:xml:ns:domain-1.0';
const HEADER = 4;
/** No EPP message we send or read comes near this; a larger length is a broken peer. */
const MAX_FRAME = 1_048_576;

export function encodeFrame(xml: string): Buffer {
  const body = Buffer.from(xml, 'utf8');
  const frame = Buffer.alloc(HEADER + body.length);
  frame.writeUInt32BE(HEADER + body.length, 0);
  body.copy(frame, HEADER);
  return frame;
}

/** Collects bytes and hands out whole frames as they complete. */
export class FrameReader {
  private buffer = Buffer.alloc(0);

  push(chunk: Buffer): string[] {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    const frames: string[] = [];
    while (this.buffer.length >= HEADER) {
      const length = this.buffer.readUInt32BE(0);
      if (length < HEADER || length > MAX_FRAME)
        throw new Error(`EPP frame length ${length} is out of bounds`);
      if (this.buffer.length < length) break;
      frames.push(this.buffer.subarray(HEADER, length).toString('utf8'));
      this.buffer = this.buffer.subarray(length);
    }
    return frames;
  }
}

/** YYYY-MM-DD of an instant, as `curExpDate` is written (RFC 5731 §3.2.3). */
export function dateOnly(iso: string): string {
  return iso.slice(0, 10);
}
