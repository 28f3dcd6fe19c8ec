import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import { latencyPercentile } from '../../lib/host-activity.js';
import { ActivityMeter } from './activity-meter.js';
import { loginOutcome, parseSoftwareVersion } from './activity-reporting.js';
import { xml } from '../stanza/index.js';

describe('activity meter', () => {
  it('counts per host and minute, and hands over only finished minutes until told to take all', () => {
    const clock = new SimulatedClock(new Date('2026-03-02T10:00:10Z'));
    const meter = new ActivityMeter(clock);
    meter.sessionOpened('host_a');
    meter.sessionOpened('host_a');
    meter.login('host_a', 'anna', 'wrong_password');
    meter.login('host_a', 'alice', 'ok');
    meter.message('host_a', 'alice');
    meter.message('host_a', 'alice');
    meter.delivered('host_a', 3);
    clock.advance(60_000);
    meter.sessionClosed('host_a');
    meter.message('host_a', 'bob');

    const finished = meter.take({ all: false });
    assert.equal(finished.minutes.length, 1);
    const [minute] = finished.minutes;
    assert.equal(minute!.minute.toISOString(), '2026-03-02T10:00:00.000Z');
    assert.equal(minute!.sessions, 2);
    assert.deepEqual(minute!.logins, { ok: 1, wrong_password: 1, disabled: 0, suspended: 0, throttled: 0 });
    assert.equal(minute!.messages, 2);
    assert.equal(minute!.activeMembers, 1);
    assert.equal(latencyPercentile(minute!.latency, 0.5), 5);
    assert.deepEqual(
      finished.attempts.map((attempt) => [attempt.username, attempt.outcome]),
      [
        ['anna', 'wrong_password'],
        ['alice', 'ok'],
      ],
    );

    // The current minute stays until it is over; `all` (shutdown) takes it, with the live session.
    const rest = meter.take({ all: true });
    assert.equal(rest.minutes.length, 1);
    assert.equal(rest.minutes[0]!.sessions, 1);
    assert.equal(rest.minutes[0]!.messages, 1);
    assert.equal(rest.attempts.length, 0);
  });

  it('gives a host with connected sessions a row every minute, even a quiet one', () => {
    const clock = new SimulatedClock(new Date('2026-03-02T10:00:00Z'));
    const meter = new ActivityMeter(clock);
    meter.sessionOpened('host_a');
    meter.take({ all: true });
    clock.advance(5 * 60_000);
    const quiet = meter.take({ all: true });
    assert.deepEqual(
      quiet.minutes.map((m) => [m.minute.toISOString(), m.sessions]),
      [['2026-03-02T10:05:00.000Z', 1]],
    );
  });
});

describe('login outcomes and client versions', () => {
  it('names the reason a customer can act on, and leaves protocol failures out', () => {
    assert.equal(loginOutcome(undefined, 'active'), 'ok');
    assert.equal(loginOutcome('not-authorized', 'active'), 'wrong_password');
    assert.equal(loginOutcome('account-disabled', 'active'), 'disabled');
    assert.equal(loginOutcome('account-disabled', 'suspended'), 'suspended');
    assert.equal(loginOutcome('temporary-auth-failure', 'active'), 'throttled');
    assert.equal(loginOutcome('aborted', 'active'), null);
    assert.equal(loginOutcome('malformed-request', 'active'), null);
  });

  it('reads XEP-0092 answers, and ignores one without a name', () => {
    const query = xml(
      'query',
      { xmlns: 'jabber:iq:version' },
      xml('name', {}, 'Conversations'),
      xml('version', {}, '2.17.2'),
    );
    assert.deepEqual(parseSoftwareVersion(query), { name: 'Conversations', version: '2.17.2', os: null });
    assert.equal(parseSoftwareVersion(xml('query', { xmlns: 'jabber:iq:version' })), undefined);
    assert.equal(parseSoftwareVersion(undefined), undefined);
  });
});
