import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ariCertId, renewalTime, retryTime } from './renewal-time.js';

describe('renewal time', () => {
  const lifetime = {
    notBefore: new Date('2026-01-01T00:00:00Z'),
    notAfter: new Date('2026-04-01T00:00:00Z'),
  };

  it('renews at two thirds of the lifetime without an ARI window', () => {
    assert.equal(renewalTime(lifetime).toISOString(), '2026-03-02T00:00:00.000Z');
  });

  it('renews in the middle of the ARI window when the CA gives one', () => {
    const window = { start: new Date('2026-02-10T00:00:00Z'), end: new Date('2026-02-12T00:00:00Z') };
    assert.equal(renewalTime(lifetime, window).toISOString(), '2026-02-11T00:00:00.000Z');
  });

  it('backs off an hour, doubling up to a day, or as long as a rate limit asks', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const hours = (failures: number, retryAfter?: number) =>
      (retryTime(now, failures, retryAfter).getTime() - now.getTime()) / 3_600_000;
    assert.deepEqual(
      [1, 2, 3, 6, 10].map((n) => hours(n)),
      [1, 2, 4, 24, 24],
    );
    assert.equal(hours(1, 3 * 3600), 3);
  });

  it('names a certificate for ARI as RFC 9773 §4.1 shows', () => {
    // The example of RFC 9773 §4.1: keyIdentifier 69:88:5B:6B:87:46:40:41:E1:B3:7B:84:7B:A0:AE:2C:DE:01:C8:D4, serial 00:87:65:43:21.
    const aki = Buffer.from('69885B6B87464041E1B37B847BA0AE2CDE01C8D4', 'hex');
    assert.equal(ariCertId(aki, Buffer.from('0087654321', 'hex')), 'aYhba4dGQEHhs3uEe6CuLN4ByNQ.AIdlQyE');
  });
});
