/**
 * An HTTPS front for pebble that adds what Debian's pebble lacks and a real CA does: RFC 9773
 * renewal information (`renewalInfo` in the directory, a suggested window per certificate, with
 * Retry-After) and RFC 8555 §6.6 rate limits (a `rateLimited` problem with Retry-After on new
 * orders). Everything else passes through to pebble unchanged, Host header included, so pebble
 * builds its URLs (and checks the JWS `url`) against the front: ACME itself stays pebble's.
 */
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Pebble } from './pebble.js';

export interface RenewalWindowAnswer {
  start: Date;
  end: Date;
  /** Sent as Retry-After (seconds): when the client should ask again. */
  retryAfterSeconds?: number;
}

export interface AcmeFront {
  directoryUrl: string;
  /** The window answered for every certificate from now on; undefined answers 404 (no ARI). */
  setRenewalWindow(window: RenewalWindowAnswer | undefined): void;
  /** The certificate ids clients asked renewalInfo for, in order (RFC 9773 §4.1). */
  renewalInfoAsked: string[];
  /** New orders are refused as rate-limited, with this Retry-After, until cleared with undefined. */
  rateLimitNewOrders(retryAfter: string | undefined): void;
  newOrdersRefused: number;
  close(): Promise<void>;
}

export async function startAcmeFront(pebble: Pebble): Promise<AcmeFront> {
  const dir = path.dirname(pebble.listenerCaFile);
  const upstream = new URL(pebble.directoryUrl);
  const ca = readFileSync(pebble.listenerCaFile);
  let window: RenewalWindowAnswer | undefined;
  let rateLimit: string | undefined;
  const renewalInfoAsked: string[] = [];
  let newOrdersRefused = 0;
  let newOrderPath: string | undefined;

  const server = https.createServer(
    { cert: readFileSync(path.join(dir, 'cert.pem')), key: readFileSync(path.join(dir, 'key.pem')) },
    (request, response) => {
      const url = request.url ?? '/';
      const origin = `https://${request.headers.host}`;
      if (request.method === 'GET' && url.startsWith('/renewal-info/')) {
        renewalInfoAsked.push(decodeURIComponent(url.slice('/renewal-info/'.length)));
        if (!window) return void response.writeHead(404).end();
        response.writeHead(200, {
          'content-type': 'application/json',
          ...(window.retryAfterSeconds !== undefined && { 'retry-after': String(window.retryAfterSeconds) }),
        });
        return void response.end(
          JSON.stringify({
            suggestedWindow: { start: window.start.toISOString(), end: window.end.toISOString() },
          }),
        );
      }
      if (request.method === 'POST' && rateLimit !== undefined && url === newOrderPath) {
        newOrdersRefused++;
        request.resume();
        response.writeHead(429, { 'content-type': 'application/problem+json', 'retry-after': rateLimit });
        return void response.end(
          JSON.stringify({
            type: 'urn:ietf:params:acme:error:rateLimited',
            detail: 'too many new orders for this account in the last 3 hours',
            status: 429,
          }),
        );
      }
      const forwarded = https.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: url,
          headers: request.headers,
          ca,
        },
        (answer) => {
          if (url !== upstream.pathname) {
            response.writeHead(answer.statusCode ?? 502, answer.headers);
            return void answer.pipe(response);
          }
          // The directory: pebble's, plus where renewal information lives.
          let body = '';
          answer.on('data', (chunk: Buffer) => (body += chunk.toString()));
          answer.on('end', () => {
            const directory = JSON.parse(body) as Record<string, unknown>;
            newOrderPath = new URL(String(directory.newOrder)).pathname;
            const extended = JSON.stringify({ ...directory, renewalInfo: `${origin}/renewal-info/` });
            const headers = { ...answer.headers, 'content-length': String(Buffer.byteLength(extended)) };
            response.writeHead(answer.statusCode ?? 200, headers).end(extended);
          });
        },
      );
      forwarded.on('error', (error) => response.writeHead(502).end(error.message));
      request.pipe(forwarded);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const front: AcmeFront = {
    directoryUrl: `https://127.0.0.1:${port}${upstream.pathname}`,
    setRenewalWindow: (answer) => void (window = answer),
    renewalInfoAsked,
    rateLimitNewOrders: (retryAfter) => void (rateLimit = retryAfter),
    get newOrdersRefused() {
      return newOrdersRefused;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  return front;
}
