import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StanzaError } from '../../stanza/index.js';
import { applyConfigForm, checkPreconditions, DEFAULT_CONFIG, PUBSUB_ERRORS } from './pep-codec.js';

const limits = { maxItemsCeiling: 100 };
const fields = (entries: Record<string, string>) => new Map(Object.entries(entries));

function conditionOf(action: () => void): [string, string | undefined] {
  try {
    action();
  } catch (error) {
    assert.ok(error instanceof StanzaError);
    const app = error.options.appCondition;
    assert.ok(!app || app.attrs.xmlns === PUBSUB_ERRORS);
    return [error.condition, app?.name];
  }
  assert.fail('no error');
}

describe('node configuration', () => {
  it('applies the fields apps send, max_items=max included', () => {
    const config = applyConfigForm(
      DEFAULT_CONFIG,
      fields({
        FORM_TYPE: 'http://jabber.org/protocol/pubsub#publish-options',
        'pubsub#access_model': 'whitelist',
        'pubsub#max_items': 'max',
        'pubsub#persist_items': 'true',
        'pubsub#send_last_published_item': 'never',
        'pubsub#notify_retract': '0',
      }),
      limits,
    );
    assert.deepEqual(config, {
      accessModel: 'whitelist',
      maxItems: null,
      persistItems: true,
      notifyRetract: false,
      sendLastPublished: 'never',
    });
  });

  it('refuses what it cannot do rather than ignoring it', () => {
    assert.deepEqual(
      conditionOf(() =>
        applyConfigForm(DEFAULT_CONFIG, fields({ 'pubsub#access_model': 'authorize' }), limits),
      ),
      ['feature-not-implemented', 'unsupported-access-model'],
    );
    assert.deepEqual(
      conditionOf(() => applyConfigForm(DEFAULT_CONFIG, fields({ 'pubsub#max_items': '101' }), limits)),
      ['not-acceptable', undefined],
    );
    assert.deepEqual(
      conditionOf(() => applyConfigForm(DEFAULT_CONFIG, fields({ 'pubsub#title': 'x' }), limits)),
      ['not-acceptable', 'unsupported'],
    );
  });
});

describe('publish-options preconditions (XEP-0060 §7.1.5)', () => {
  const open = { ...DEFAULT_CONFIG, accessModel: 'open' as const };

  it('passes options the node meets, in any spelling of a boolean', () => {
    checkPreconditions(open, fields({ 'pubsub#access_model': 'open', 'pubsub#persist_items': '1' }), limits);
    checkPreconditions({ ...open, maxItems: null }, fields({ 'pubsub#max_items': 'max' }), limits);
  });

  it('fails an option the node does not meet, or one it does not know, with precondition-not-met', () => {
    for (const wanted of <Record<string, string>[]>[
      { 'pubsub#access_model': 'presence' },
      { 'pubsub#max_items': 'max' },
      { 'pubsub#whatever': '1' },
    ])
      assert.deepEqual(
        conditionOf(() => checkPreconditions(open, fields(wanted), limits)),
        ['conflict', 'precondition-not-met'],
      );
  });
});
