import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ariCertId, ariRecheckTime, renewalTime, retryAfterToSeconds, retryTime } from './renewal-time.js';

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

describe('the CA asking us to wait', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  it('reads Retry-After as seconds or as an HTTP date on our clock', () => {
    assert.equal(retryAfterToSeconds('7200', now), 7200);
    assert.equal(retryAfterToSeconds('Sun, 01 Mar 2026 15:00:00 GMT', now), 3 * 3600);
    assert.equal(retryAfterToSeconds('Sun, 01 Mar 2026 11:00:00 GMT', now), 0);
    assert.equal(retryAfterToSeconds('soon', now), undefined);
    assert.equal(retryAfterToSeconds(undefined, now), undefined);
  });
  it('asks renewalInfo again after its Retry-After, kept between an hour and a day, never after renewing', () => {
    const renewAt = new Date('2026-04-01T00:00:00Z');
    const hours = (date: Date) => (date.getTime() - now.getTime()) / 3_600_000;
    assert.equal(hours(ariRecheckTime(now, renewAt)), 6);
    assert.equal(hours(ariRecheckTime(now, renewAt, 2 * 3600)), 2);
    assert.equal(hours(ariRecheckTime(now, renewAt, 60)), 1);
    assert.equal(hours(ariRecheckTime(now, renewAt, 7 * 86_400)), 24);
    const soon = new Date(now.getTime() + 30 * 60_000);
    assert.equal(ariRecheckTime(now, soon, 7200).toISOString(), soon.toISOString());
  });
});
