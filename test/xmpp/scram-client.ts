/** The client side of SCRAM (RFC 5802), for tests and the benchmark; -PLUS with given binding data. */
import { randomBytes } from 'node:crypto';
import { h, hmac, saltedPassword, xorBuffers, type ScramHash } from '../../src/lib/scram.js';

const saltedCache = new Map<string, Buffer>();

export class ScramClient {
  private readonly gs2Header: string;
  private readonly clientFirstBare: string;

  constructor(
    private readonly hash: ScramHash,
    private readonly username: string,
    private readonly password: string,
    private readonly binding?: { type: string; data: Buffer },
  ) {
    this.gs2Header = binding ? `p=${binding.type},,` : 'n,,';
    this.clientFirstBare = `n=${username},r=${randomBytes(18).toString('base64')}`;
  }

  first(): string {
    return this.gs2Header + this.clientFirstBare;
  }

  final(serverFirst: string): string {
    const fields = Object.fromEntries(serverFirst.split(',').map((part) => [part[0], part.slice(2)]));
    const key = `${this.hash}:${this.username}:${fields.s}:${fields.i}`;
    let salted = saltedCache.get(key);
    if (!salted) {
      salted = saltedPassword(this.hash, this.password, Buffer.from(fields.s!, 'base64'), Number(fields.i));
      saltedCache.set(key, salted);
    }
    const channel = Buffer.concat([
      Buffer.from(this.gs2Header),
      this.binding?.data ?? Buffer.alloc(0),
    ]).toString('base64');
    const withoutProof = `c=${channel},r=${fields.r}`;
    const clientKey = hmac(this.hash, salted, 'Client Key');
    const signature = hmac(
      this.hash,
      h(this.hash, clientKey),
      `${this.clientFirstBare},${serverFirst},${withoutProof}`,
    );
    return `${withoutProof},p=${xorBuffers(clientKey, signature).toString('base64')}`;
  }
}
