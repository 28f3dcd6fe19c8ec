import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJid } from '../../stanza/index.js';
import { archiveDecision, DEFAULT_PREFS, retentionCutoff } from './archive-policy.js';

describe('archive preferences', () => {
  const romeo = parseJid('romeo@montague.example/orchard');

  it('archives everything by default', () => {
    assert.equal(archiveDecision(DEFAULT_PREFS, romeo), 'archive');
  });

  it('lets never win over always, matching the bare or the full JID', () => {
    const both = {
      default: 'always' as const,
      always: ['romeo@montague.example'],
      never: ['romeo@montague.example'],
    };
    assert.equal(archiveDecision(both, romeo), 'skip');
    const full = { default: 'always' as const, always: [], never: ['romeo@montague.example/orchard'] };
    assert.equal(archiveDecision(full, romeo), 'skip');
    assert.equal(archiveDecision(full, parseJid('romeo@montague.example/balcony')), 'archive');
  });

  it('follows the default for JIDs on neither list', () => {
    const never = { default: 'never' as const, always: ['romeo@montague.example'], never: [] };
    assert.equal(archiveDecision(never, romeo), 'archive');
    assert.equal(archiveDecision(never, parseJid('tybalt@capulet.example')), 'skip');
    assert.equal(
      archiveDecision({ default: 'roster', always: [], never: [] }, parseJid('tybalt@capulet.example')),
      'if-in-roster',
    );
  });
});

describe('archive retention', () => {
  const now = new Date('2026-03-10T12:00:00.000Z');

  it('keeps everything without a plan', () => {
    assert.equal(retentionCutoff(now, null), undefined);
  });

  it('expires what is as old as the retention or older', () => {
    assert.equal(retentionCutoff(now, 30), '2026-02-08T12:00:00.000Z');
    assert.equal(retentionCutoff(now, 0), now.toISOString());
  });
});
