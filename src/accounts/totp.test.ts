import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../lib/clock.js';
import { matchTotpStep, newTotpSecret, totpCodeAt, totpStepAt, totpUri } from './totp.js';

// RFC 6238 appendix B: the SHA-1 seed "12345678901234567890" (base32 below) gives 94287082 at
// T=59 s; its last six digits are what a 6-digit authenticator shows.
const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('TOTP step logic', () => {
  it('matches the RFC 6238 test vector', () => {
    assert.equal(totpCodeAt(RFC_SECRET, 59_000), '287082');
  });

  it('accepts the current step and one step either side, not two', () => {
    const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
    const secret = newTotpSecret();
    const now = clock.nowMs();
    const step = totpStepAt(now);
    const codeAt = (offsetSteps: number) => totpCodeAt(secret, now + offsetSteps * 30_000);
    assert.equal(
      matchTotpStep({ secretBase32: secret, code: codeAt(0), nowMs: now, lastUsedStep: null }),
      step,
    );
    assert.equal(
      matchTotpStep({ secretBase32: secret, code: codeAt(-1), nowMs: now, lastUsedStep: null }),
      step - 1,
    );
    assert.equal(
      matchTotpStep({ secretBase32: secret, code: codeAt(1), nowMs: now, lastUsedStep: null }),
      step + 1,
    );
    assert.equal(
      matchTotpStep({ secretBase32: secret, code: codeAt(-2), nowMs: now, lastUsedStep: null }),
      null,
    );
    assert.equal(
      matchTotpStep({ secretBase32: secret, code: codeAt(2), nowMs: now, lastUsedStep: null }),
      null,
    );
  });

  it('refuses a code whose step was already used, and accepts the next step', () => {
    const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
    const secret = newTotpSecret();
    const code = totpCodeAt(secret, clock.nowMs());
    const used = matchTotpStep({ secretBase32: secret, code, nowMs: clock.nowMs(), lastUsedStep: null });
    assert.notEqual(used, null);
    assert.equal(
      matchTotpStep({ secretBase32: secret, code, nowMs: clock.nowMs(), lastUsedStep: used }),
      null,
      'replay in the same step',
    );
    clock.advance(30_000);
    assert.equal(
      matchTotpStep({ secretBase32: secret, code, nowMs: clock.nowMs(), lastUsedStep: used }),
      null,
      'the old code is still inside the window, but its step is spent',
    );
    const next = totpCodeAt(secret, clock.nowMs());
    assert.equal(
      matchTotpStep({ secretBase32: secret, code: next, nowMs: clock.nowMs(), lastUsedStep: used }),
      used! + 1,
    );
  });

  it('stops accepting a code once the clock has moved two steps on', () => {
    const clock = new SimulatedClock(new Date('2026-01-15T10:00:00Z'));
    const secret = newTotpSecret();
    const code = totpCodeAt(secret, clock.nowMs());
    clock.advance(60_000);
    assert.equal(
      matchTotpStep({ secretBase32: secret, code, nowMs: clock.nowMs(), lastUsedStep: null }),
      null,
    );
  });

  it('refuses anything that is not six digits', () => {
    const secret = newTotpSecret();
    for (const code of ['', '12345', '1234567', 'abcdef', ' 123456']) {
      assert.equal(matchTotpStep({ secretBase32: secret, code, nowMs: 0, lastUsedStep: null }), null, code);
    }
  });

  it('builds an otpauth URL that names the issuer and the account', () => {
    const url = new URL(totpUri(RFC_SECRET, 'ann@example.com'));
    assert.equal(url.protocol, 'otpauth:');
    assert.equal(url.searchParams.get('secret'), RFC_SECRET);
    assert.equal(url.searchParams.get('issuer'), 'imhost');
    assert.equal(url.searchParams.get('digits'), '6');
    assert.equal(url.searchParams.get('period'), '30');
    assert.match(decodeURIComponent(url.pathname), /ann@example\.com/);
  });
});
