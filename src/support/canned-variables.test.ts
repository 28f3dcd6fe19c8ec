import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fillCannedVariables, type CannedContext } from './canned-variables.js';

const context: CannedContext = {
  customer: { name: 'Alice', email: 'alice@example.org', organization: 'ACME' },
  ticket: { id: 'tkt_1', subject: 'Cannot log in' },
  host: { domain: 'chat.acme.example' },
  agent: { name: 'Bob' },
};

describe('fillCannedVariables', () => {
  it('replaces known variables', () => {
    assert.equal(
      fillCannedVariables('Hi {customer.name}, {host.domain} is up. — {agent.name}', context),
      'Hi Alice, chat.acme.example is up. — Bob',
    );
  });

  it('keeps unknown variables visible and empties a missing host', () => {
    assert.equal(
      fillCannedVariables('{customer.nmae} {host.domain}!', { ...context, host: null }),
      '{customer.nmae} !',
    );
  });
});
