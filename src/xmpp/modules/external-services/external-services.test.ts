import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { parseServiceUri } from './external-services-codec.js';
import { turnCredentials } from './turn-credentials.js';

describe('external service URIs', () => {
  it('reads STUN and TURN URIs with the default port and transport of their scheme', () => {
    assert.deepEqual(parseServiceUri('stun:stun.example.net'), {
      type: 'stun',
      host: 'stun.example.net',
      port: 3478,
      transport: 'udp',
    });
    assert.deepEqual(parseServiceUri('turns:turn.example.net'), {
      type: 'turns',
      host: 'turn.example.net',
      port: 5349,
      transport: 'tcp',
    });
    assert.deepEqual(parseServiceUri('turn:[2001:db8::1]:3479?transport=tcp'), {
      type: 'turn',
      host: '2001:db8::1',
      port: 3479,
      transport: 'tcp',
    });
    for (const bad of ['http://turn.example.net', 'turn:', 'turn:host:99999', 'turn:host?transport=sctp'])
      assert.equal(parseServiceUri(bad), undefined, bad);
  });
});

describe('TURN REST API credentials', () => {
  it('names the expiry and the user, signed with the shared secret', () => {
    const credentials = turnCredentials({
      secret: 'north',
      user: 'alice@example.test',
      now: new Date('2026-12-07T12:00:00.400Z'),
      ttlSeconds: 3600,
    });
    const expiry = Date.parse('2026-12-07T13:00:00Z') / 1000;
    assert.equal(credentials.username, `${expiry}:alice@example.test`);
    assert.equal(
      credentials.password,
      createHmac('sha1', 'north').update(credentials.username).digest('base64'),
    );
    assert.equal(credentials.expires, '2026-12-07T13:00:00Z');
  });
});
