import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xml } from '../stanza/index.js';
import type { HostRecord } from './ports.js';
import type { SaslAuthenticator, SaslContext } from './sasl.js';
import { SaslNegotiation } from './sasl-negotiation.js';

const SASL = 'urn:ietf:params:xml:ns:xmpp-sasl';
const host: HostRecord = {
  id: 'h',
  domain: 'example.test',
  status: 'active',
  statusReason: null,
  customerId: 'c',
};
const ctx: SaslContext = { host, remoteAddress: '127.0.0.1', isSecure: true, tls: undefined };

/** One mechanism, TEST: a challenge, then success for the response `ok` and failure for any other. */
const authenticator: SaslAuthenticator = {
  mechanisms: () => ['TEST'],
  channelBindingTypes: () => [],
  start: (mechanism) =>
    mechanism === 'TEST'
      ? {
          async step(response) {
            if (response.length === 0) return { kind: 'challenge', data: Buffer.from('who?') };
            return response.toString() === 'ok'
              ? { kind: 'success', username: 'alice' }
              : { kind: 'failure', condition: 'not-authorized' };
          },
        }
      : undefined,
};

const auth = (mechanism: string, payload = '=') => xml('auth', { xmlns: SASL, mechanism }, payload);
const response = (text: string) => xml('response', { xmlns: SASL }, Buffer.from(text).toString('base64'));

describe('SASL negotiation', () => {
  it('challenges, then succeeds with the username', async () => {
    const sasl = new SaslNegotiation(authenticator, 3);
    const challenge = await sasl.handle(auth('TEST'), ctx, false);
    assert.equal(challenge.kind, 'challenge');
    assert.equal(challenge.reply.toString(), `<challenge xmlns="${SASL}">d2hvPw==</challenge>`);
    const success = await sasl.handle(response('ok'), ctx, false);
    assert.deepEqual([success.kind, success.kind === 'success' && success.username], ['success', 'alice']);
    assert.equal(success.reply.toString(), `<success xmlns="${SASL}"/>`);
  });

  it('counts failures across attempts, but not aborts or unknown mechanisms', async () => {
    const sasl = new SaslNegotiation(authenticator, 3);
    const answers = [];
    for (const element of [
      auth('NOPE'),
      xml('abort', { xmlns: SASL }),
      auth('TEST', 'not base64!'),
      response('no exchange yet'),
    ]) {
      const answer = await sasl.handle(element, ctx, false);
      assert.equal(answer.kind, 'failure');
      answers.push([answer.reply.children[0]!.toString(), answer.kind === 'failure' && answer.isFinal]);
    }
    assert.deepEqual(answers, [
      ['<invalid-mechanism/>', false],
      ['<aborted/>', false],
      ['<incorrect-encoding/>', false],
      ['<malformed-request/>', false],
    ]);
    await sasl.handle(auth('TEST'), ctx, false);
    const third = await sasl.handle(response('wrong'), ctx, false);
    assert.ok(third.kind === 'failure' && third.isFinal, 'the third counted failure is the last');
  });

  it('refuses authentication before TLS where the transport requires it, and counts it', async () => {
    const sasl = new SaslNegotiation(authenticator, 1);
    const answer = await sasl.handle(auth('TEST'), ctx, true);
    assert.ok(answer.kind === 'failure' && answer.isFinal);
    assert.equal(answer.reply.toString(), `<failure xmlns="${SASL}"><encryption-required/></failure>`);
  });
});
