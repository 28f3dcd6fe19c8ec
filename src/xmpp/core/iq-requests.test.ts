import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SimulatedClock } from '../../lib/clock.js';
import { attr, parseJid, xml, type Element } from '../stanza/index.js';
import { IqRequests, IqTimeoutError } from './iq-requests.js';
import type { Session } from './session.js';

const TIMEOUT_MS = 60_000;

/** A bound session that keeps what the server sends it. */
function fakeSession(jid = 'alice@iq.example/phone') {
  const sent: Element[] = [];
  const session: Session = {
    id: 'sess-1',
    host: { id: 'h1', domain: 'iq.example', status: 'active', statusReason: null, customerId: 'cus_1' },
    jid: parseJid(jid),
    username: 'alice',
    remoteAddress: '127.0.0.1',
    boundAtMs: 0,
    presence: null,
    priority: 0,
    isInterested: false,
    directedPresence: new Set(),
    send: (stanza) => sent.push(stanza),
    close: () => undefined,
  };
  return { session, sent };
}

/** Settles to the outcome of `promise`, so a test can see whether it settled yet. */
function track(promise: Promise<Element>) {
  const state: { reply?: Element; error?: unknown } = {};
  promise.then(
    (reply) => (state.reply = reply),
    (error: unknown) => (state.error = error),
  );
  return state;
}

const ping = () => xml('ping', { xmlns: 'urn:xmpp:ping' });
const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('IqRequests on a simulated clock', () => {
  it('rejects with IqTimeoutError once the clock passes the timeout, and not before', async () => {
    const clock = new SimulatedClock(0);
    const requests = new IqRequests(clock);
    const { session, sent } = fakeSession();
    const outcome = track(requests.request(session, 'get', ping(), TIMEOUT_MS));
    assert.equal(sent.length, 1);
    assert.equal(attr(sent[0]!, 'to'), 'alice@iq.example/phone');
    assert.equal(attr(sent[0]!, 'from'), 'iq.example');

    clock.advance(TIMEOUT_MS - 1);
    await flush();
    assert.deepEqual(outcome, {});
    clock.advance(1);
    await flush();
    assert.ok(outcome.error instanceof IqTimeoutError);
    // Once timed out, a late reply answers nothing.
    const late = xml('iq', { type: 'result', id: attr(sent[0]!, 'id')! });
    assert.equal(requests.settle('alice@iq.example/phone', late), false);
  });

  it('resolves with the reply, which stops the timeout', async () => {
    const clock = new SimulatedClock(0);
    const requests = new IqRequests(clock);
    const { session, sent } = fakeSession();
    const outcome = track(requests.request(session, 'get', ping(), TIMEOUT_MS));
    const reply = xml('iq', { type: 'result', id: attr(sent[0]!, 'id')! });
    assert.equal(requests.settle('someone@else.example/x', reply), false, 'only the asked JID answers');
    assert.equal(requests.settle('alice@iq.example/phone', reply), true);
    clock.advance(10 * TIMEOUT_MS);
    await flush();
    assert.equal(outcome.reply, reply);
    assert.equal(outcome.error, undefined);
  });

  it("cancels a closed session's requests only, leaving a new session on the same JID waiting", async () => {
    const clock = new SimulatedClock(0);
    const requests = new IqRequests(clock);
    const old = fakeSession();
    const replacement = fakeSession();
    const closed = track(requests.request(old.session, 'get', ping(), TIMEOUT_MS));
    const open = track(requests.request(replacement.session, 'get', ping(), TIMEOUT_MS));
    requests.cancelFor(old.session);
    await flush();
    assert.ok(closed.error instanceof IqTimeoutError);
    assert.match((closed.error as Error).message, /session closed/);
    assert.deepEqual(open, {});
    clock.advance(TIMEOUT_MS);
    await flush();
    assert.ok(open.error instanceof IqTimeoutError);
    assert.match((open.error as Error).message, /no reply/);
  });
});
