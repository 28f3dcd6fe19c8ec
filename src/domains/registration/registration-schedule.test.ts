import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  dueReminder,
  isReservedName,
  nextCheckAt,
  registrableCandidates,
  registrationState,
  tldOf,
} from './registration-schedule.js';

const DAY = 86_400_000;
const expiry = '2027-03-01T00:00:00.000Z';
const at = (days: number) => Date.parse(expiry) + days * DAY;

describe('registration schedule', () => {
  it('tells the state from the expiry and the registry statuses', () => {
    assert.equal(registrationState(expiry, ['active'], at(-31)), 'active');
    assert.equal(registrationState(expiry, ['active'], at(-30)), 'expiring');
    assert.equal(registrationState(expiry, [], at(0)), 'expired');
    assert.equal(registrationState(expiry, ['redemption period'], at(35)), 'redemption');
    assert.equal(registrationState(expiry, ['pending delete'], at(-200)), 'redemption');
    assert.equal(registrationState(null, ['active'], at(0)), 'unknown');
  });

  it('asks weekly, then daily from 30 days before the expiry, never jumping over that day', () => {
    assert.equal(nextCheckAt(expiry, at(-100)).getTime(), at(-93));
    assert.equal(nextCheckAt(expiry, at(-33)).getTime(), at(-30));
    assert.equal(nextCheckAt(expiry, at(-20)).getTime(), at(-19));
    assert.equal(nextCheckAt(expiry, at(3)).getTime(), at(4));
    assert.equal(nextCheckAt(null, at(0)).getTime(), at(1));
  });

  it('has the latest reminder due, and none before 30 days or after the last', () => {
    assert.equal(dueReminder(expiry, at(-31)), null);
    assert.equal(dueReminder(expiry, at(-30)), -30);
    assert.equal(dueReminder(expiry, at(-3)), -7);
    assert.equal(dueReminder(expiry, at(-0.5)), -1);
    assert.equal(dueReminder(expiry, at(0.5)), -1);
    assert.equal(dueReminder(expiry, at(1)), 1);
    assert.equal(dueReminder(expiry, at(6)), 5);
  });

  it('asks RDAP for the longest name first, down to two labels', () => {
    assert.deepEqual(registrableCandidates('chat.example.co.uk.'), [
      'chat.example.co.uk',
      'example.co.uk',
      'co.uk',
    ]);
    assert.deepEqual(registrableCandidates('example.com'), ['example.com']);
    assert.equal(tldOf('example.co.uk'), 'co.uk');
  });

  it('knows the names no registry serves', () => {
    assert.equal(isReservedName('chat.example.test'), true);
    assert.equal(isReservedName('flow1.example'), true);
    assert.equal(isReservedName('chat.example.com'), false);
  });
});
