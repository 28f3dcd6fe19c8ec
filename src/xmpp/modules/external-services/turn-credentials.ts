/**
 * Time-limited TURN credentials as the TURN REST API draft (draft-uberti-behave-turn-rest-00 §2.2)
 * defines them, which coturn (`use-auth-secret`) and other TURN servers check without asking us:
 * the username is `<expiry>:<user>`, with the expiry in Unix seconds, and the password is the
 * base64 of HMAC-SHA1 of the username under the secret both servers share.
 */
import { createHmac } from 'node:crypto';
import type { ServiceCredentials } from './external-services-codec.js';

export function turnCredentials(input: {
  secret: string;
  user: string;
  now: Date;
  ttlSeconds: number;
}): ServiceCredentials {
  const expiry = Math.floor(input.now.getTime() / 1000) + input.ttlSeconds;
  const username = `${expiry}:${input.user}`;
  return {
    username,
    password: createHmac('sha1', input.secret).update(username).digest('base64'),
    expires: new Date(expiry * 1000).toISOString().replace(/\.000Z$/, 'Z'),
  };
}
