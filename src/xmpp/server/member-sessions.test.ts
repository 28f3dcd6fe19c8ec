import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clientFromResource } from './member-sessions.js';

describe('the chat app named by a resource', () => {
  it('reads the app from <App>.<random> resources', () => {
    assert.equal(clientFromResource('Conversations.Xy7Q'), 'Conversations');
    assert.equal(clientFromResource('gajim.4F3K9QXZ'), 'gajim');
    assert.equal(clientFromResource('Monal-iOS.ab12'), 'Monal-iOS');
  });

  it('names no app for a resource that does not say', () => {
    assert.equal(clientFromResource('laptop'), null);
    assert.equal(clientFromResource('3f9a0c1b2d4e'), null);
    assert.equal(clientFromResource('home.pc'), null);
  });
});
