import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseStoredElement, StanzaError, type Element } from '../../stanza/index.js';
import {
  finElement,
  parseDateTime,
  parsePrefs,
  parseQuery,
  prefsElement,
  removeStanzaIds,
  resultMessage,
} from './mam-codec.js';

function el(text: string): Element {
  const element = parseStoredElement(text);
  assert.ok(element, text);
  return element;
}

function form(fields: string): string {
  return `<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>${fields}</x>`;
}

function rejects(text: string, condition: string): void {
  assert.throws(
    () => parseQuery(el(text)),
    (error: unknown) => error instanceof StanzaError && error.condition === condition,
  );
}

describe('MAM query codec', () => {
  it('reads the filters and the page', () => {
    const query = parseQuery(
      el(
        `<query xmlns='urn:xmpp:mam:2' queryid='q1'>${form(
          "<field var='with'><value>Juliet@Capulet.example</value></field>" +
            "<field var='start'><value>2026-01-15T10:00:00+01:00</value></field>" +
            "<field var='end'><value>2026-01-16T00:00:00.5Z</value></field>" +
            "<field var='after-id'><value>a</value></field>",
        )}<set xmlns='http://jabber.org/protocol/rsm'><max>10</max><after>x</after></set></query>`,
      ),
    );
    assert.equal(query.queryId, 'q1');
    assert.equal(query.with?.local, 'juliet');
    assert.equal(query.start, '2026-01-15T09:00:00.000Z');
    assert.equal(query.end, '2026-01-16T00:00:00.500Z');
    assert.equal(query.afterId, 'a');
    assert.equal(query.max, 10);
    assert.deepEqual(query.cursor, { direction: 'forward', after: 'x' });
  });

  it('reads the extended fields, an index and a flipped page', () => {
    const query = parseQuery(
      el(
        `<query xmlns='urn:xmpp:mam:2'>${form(
          "<field var='ids'><value>b</value><value>a</value><value>b</value></field>",
        )}<set xmlns='http://jabber.org/protocol/rsm'><max>5</max><index>7</index></set><flip-page/></query>`,
      ),
    );
    assert.deepEqual(query.ids, ['b', 'a']);
    assert.deepEqual(query.cursor, { direction: 'index', index: 7 });
    assert.equal(query.isFlipped, true);
  });

  it('reads an empty before as the last page', () => {
    const query = parseQuery(
      el("<query xmlns='urn:xmpp:mam:2'><set xmlns='http://jabber.org/protocol/rsm'><before/></set></query>"),
    );
    assert.deepEqual(query.cursor, { direction: 'backward' });
    assert.equal(query.max, undefined);
  });

  it('rejects malformed forms and pages', () => {
    const q = (inner: string) => `<query xmlns='urn:xmpp:mam:2'>${inner}</query>`;
    rejects(q(form("<field var='start'><value>yesterday</value></field>")), 'bad-request');
    rejects(q(form("<field var='start'><value>2026-02-30T00:00:00Z</value></field>")), 'bad-request');
    rejects(q(form("<field var='with'><value>@@</value></field>")), 'bad-request');
    rejects(q(form("<field var='colour'><value>red</value></field>")), 'feature-not-implemented');
    rejects(q(form("<field var='ids'/>")), 'bad-request');
    rejects(q(form("<field var='ids'><value>a</value><value/></field>")), 'bad-request');
    rejects(q(form("<field var='with'><value>a@b</value><value>c@d</value></field>")), 'bad-request');
    rejects(q(form("<field var='with'/>")), 'bad-request');
    rejects(q("<x xmlns='jabber:x:data' type='form'/>"), 'bad-request');
    rejects(
      q(
        "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'><value>urn:xmpp:mam:1</value></field></x>",
      ),
      'bad-request',
    );
    const rsm = (inner: string) => q(`<set xmlns='http://jabber.org/protocol/rsm'>${inner}</set>`);
    rejects(rsm('<max>-1</max>'), 'bad-request');
    rejects(rsm('<max>ten</max>'), 'bad-request');
    rejects(rsm('<after>a</after><before>b</before>'), 'bad-request');
    rejects(rsm('<after/>'), 'bad-request');
    rejects(rsm('<index>three</index>'), 'bad-request');
    rejects(rsm('<index>3</index><after>a</after>'), 'bad-request');
  });

  it('parses XEP-0082 times strictly', () => {
    assert.equal(parseDateTime('2026-01-15T10:00:00Z'), '2026-01-15T10:00:00.000Z');
    assert.equal(parseDateTime('2026-01-15'), undefined);
    assert.equal(parseDateTime('2026-01-15T10:00:00'), undefined);
  });
});

describe('MAM result codec', () => {
  it('wraps an archived message in result, forwarded and delay', () => {
    const message = resultMessage({
      to: 'a@x.example/r',
      from: 'a@x.example',
      id: 'm1',
      queryId: 'q1',
      archiveId: 'mam_1',
      stamp: '2026-01-15T10:00:00.000Z',
      message: el("<message from='b@x.example/r' to='a@x.example' type='chat'><body>hi</body></message>"),
    }).toString();
    assert.match(message, /<result xmlns="urn:xmpp:mam:2" id="mam_1" queryid="q1">/);
    assert.match(
      message,
      /<forwarded xmlns="urn:xmpp:forward:0"><delay xmlns="urn:xmpp:delay" stamp="2026-01-15T10:00:00.000Z"\/>/,
    );
    assert.match(
      message,
      /<message from="b@x.example\/r" to="a@x.example" type="chat" xmlns="jabber:client">/,
    );
  });

  it('summarises the page in fin', () => {
    const fin = finElement({
      queryId: undefined,
      isComplete: true,
      count: 3,
      page: { first: 'a', last: 'c', index: 0 },
    });
    assert.equal(
      fin.toString(),
      '<fin xmlns="urn:xmpp:mam:2" complete="true"><set xmlns="http://jabber.org/protocol/rsm">' +
        '<first index="0">a</first><last>c</last><count>3</count></set></fin>',
    );
    assert.doesNotMatch(
      finElement({ queryId: 'q', isComplete: false, count: 0 }).toString(),
      /complete|<first/,
    );
  });

  it('removes stanza ids forged in the name of the archive, and only those', () => {
    const message = el(
      "<message><body>x</body><stanza-id xmlns='urn:xmpp:sid:0' by='a@x.example' id='forged'/>" +
        "<stanza-id xmlns='urn:xmpp:sid:0' by='room@muc.example' id='kept'/></message>",
    );
    removeStanzaIds(message, 'a@x.example');
    assert.doesNotMatch(message.toString(), /forged/);
    assert.match(message.toString(), /kept/);
  });
});

describe('MAM prefs codec', () => {
  it('round-trips normalised, de-duplicated JID lists', () => {
    const prefs = parsePrefs(
      el(
        "<prefs xmlns='urn:xmpp:mam:2' default='roster'><always><jid>Romeo@Montague.example</jid>" +
          '<jid>romeo@montague.example</jid></always><never><jid>tybalt@capulet.example</jid></never></prefs>',
      ),
    );
    assert.deepEqual(prefs, {
      default: 'roster',
      always: ['romeo@montague.example'],
      never: ['tybalt@capulet.example'],
    });
    assert.deepEqual(parsePrefs(prefsElement(prefs)), prefs);
  });

  it('rejects an unknown default and a bad JID', () => {
    assert.throws(() => parsePrefs(el("<prefs xmlns='urn:xmpp:mam:2' default='sometimes'/>")), StanzaError);
    assert.throws(
      () =>
        parsePrefs(el("<prefs xmlns='urn:xmpp:mam:2' default='always'><never><jid>@</jid></never></prefs>")),
      StanzaError,
    );
  });
});
