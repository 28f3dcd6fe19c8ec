/**
 * WebSocket frames written by hand, for the malformed ones (unmasked, reserved bits, unknown
 * opcodes) that a real WebSocket client refuses to send.
 */
import net from 'node:net';

/** Upgrades a TCP connection to the XMPP WebSocket endpoint; resolves once the 101 has arrived. */
export function rawWebSocket(port: number, host: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' }, () =>
      socket.write(
        `GET /xmpp-websocket HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n` +
          `Sec-WebSocket-Protocol: xmpp\r\n\r\n`,
      ),
    );
    socket.once('error', reject);
    socket.once('data', (data: Buffer) => {
      if (data.toString('latin1').startsWith('HTTP/1.1 101')) resolve(socket);
      else reject(new Error(`no upgrade: ${data.toString('latin1').split('\r\n')[0]}`));
    });
  });
}

/** One final frame of up to 125 bytes; `rsv` sets the reserved bits (0x40, 0x20, 0x10). */
export function wsFrame(
  opcode: number,
  payload: Buffer | string,
  options: { isMasked?: boolean; rsv?: number } = {},
): Buffer {
  const data = Buffer.from(payload);
  if (data.length > 125) throw new RangeError('only short frames');
  const { isMasked = true, rsv = 0 } = options;
  const head = Buffer.from([0x80 | rsv | opcode, (isMasked ? 0x80 : 0) | data.length]);
  if (!isMasked) return Buffer.concat([head, data]);
  const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  return Buffer.concat([head, key, data.map((byte, i) => byte ^ key[i % 4]!)]);
}
