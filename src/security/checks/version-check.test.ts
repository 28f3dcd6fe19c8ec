import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Release, ReleaseFeedStatus } from '../../platform/operations/index.js';
import { judgeVersion } from './version-check.js';

const now = new Date('2026-06-01T00:00:00Z');
const release = (version: string, date: string): Release => ({
  version,
  date,
  notes: '',
  url: 'https://example.net',
});
const feed = (overrides: Partial<ReleaseFeedStatus>): ReleaseFeedStatus => ({
  isEnabled: true,
  feedUrl: 'https://example.net/releases.json',
  checkedAt: '2026-05-31T04:17:00.000Z',
  error: null,
  current: '1.2.0',
  latest: release('1.2.0', '2026-04-01'),
  isUpdateAvailable: false,
  newer: [],
  ...overrides,
});

describe('software version check', () => {
  it('passes the newest version', () => {
    assert.equal(judgeVersion(feed({}), now).status, 'pass');
  });

  it('warns about a fresh update and fails one left for more than 30 days', () => {
    const fresh = [release('1.3.0', '2026-05-20')];
    const warn = judgeVersion(feed({ latest: fresh[0]!, isUpdateAvailable: true, newer: fresh }), now);
    assert.equal(warn.status, 'warn');
    assert.match(warn.summary, /1\.3\.0 is out \(an update has waited 12 days\)/);
    const stale = [release('1.4.0', '2026-05-20'), release('1.3.0', '2026-04-15')];
    const fail = judgeVersion(feed({ latest: stale[0]!, isUpdateAvailable: true, newer: stale }), now);
    assert.equal(fail.status, 'fail');
    assert.equal(fail.fixedBy, 'provider');
  });

  it('warns when the newest version is not known', () => {
    const off = judgeVersion(feed({ isEnabled: false, feedUrl: null, checkedAt: null, latest: null }), now);
    assert.equal(off.status, 'warn');
    assert.deepEqual(off.details, ['IMHOST_RELEASE_FEED_URL is not set.']);
    assert.equal(judgeVersion(feed({ checkedAt: null, latest: null }), now).status, 'warn');
  });
});
