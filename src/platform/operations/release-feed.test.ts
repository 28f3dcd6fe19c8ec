import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseReleaseFeed } from './release-feed.js';

describe('release feed documents', () => {
  const release = {
    version: '1.2.0',
    date: '2026-11-30',
    notes: 'Faster archives.',
    url: 'https://example.test/1.2.0',
  };

  it('orders releases newest first by semantic version, not by text', () => {
    const releases = parseReleaseFeed({
      releases: [release, { ...release, version: '1.10.0' }, { ...release, version: 'v1.9.1' }],
    });
    assert.deepEqual(
      releases.map((r) => r.version),
      ['1.10.0', '1.9.1', '1.2.0'],
    );
  });

  it('names the entry and the field that is wrong', () => {
    assert.throws(
      () => parseReleaseFeed({ releases: [release, { ...release, version: 'soon' }] }),
      /releases\[1\]\.version/,
    );
    assert.throws(
      () => parseReleaseFeed({ releases: [{ ...release, date: '30/11/2026' }] }),
      /releases\[0\]\.date/,
    );
    assert.throws(
      () => parseReleaseFeed({ releases: [{ ...release, url: 'ftp://x' }] }),
      /releases\[0\]\.url/,
    );
    assert.throws(() => parseReleaseFeed([release]), /"releases" array/);
  });
});
