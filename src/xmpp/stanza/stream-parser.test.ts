import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from './element.js';
import type { StreamError } from './errors.js';
import { StreamParser, type StreamParserLimits } from './stream-parser.js';

const OPEN =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='example.test' version='1.0'>";

function collect(limits: Partial<StreamParserLimits> = {}, framed = false) {
  const out = {
    starts: [] as Record<string, string>[],
    stanzas: [] as Element[],
    ends: 0,
    errors: [] as StreamError[],
  };
  const parser = new StreamParser(
    {
      streamStart: (_name, attrs) => out.starts.push(attrs),
      stanza: (el) => out.stanzas.push(el),
      streamEnd: () => out.ends++,
      error: (e) => out.errors.push(e),
    },
    limits,
    framed,
  );
  return { parser, out };
}

describe('StreamParser', () => {
  it('emits the stream header, stanzas and the end', () => {
    const { parser, out } = collect();
    parser.write(
      OPEN + "<message to='a@b'><body>hi &amp; bye</body></message> <iq type='get' id='1'/></stream:stream>",
    );
    assert.equal(out.starts[0]!.to, 'example.test');
    assert.deepEqual(
      out.stanzas.map((s) => s.name),
      ['message', 'iq'],
    );
    assert.equal(out.stanzas[0]!.getChildText('body'), 'hi & bye');
    assert.equal(out.ends, 1);
    assert.equal(out.errors.length, 0);
  });

  it('reads a CDATA section as text', () => {
    const { parser, out } = collect();
    parser.write(OPEN + '<message><body>a <![CDATA[<b> & </b>]]> z</body></message>');
    assert.equal(out.stanzas[0]!.getChildText('body'), 'a <b> & </b> z');
    assert.equal(out.errors.length, 0);
  });

  it('keeps multibyte characters split across byte chunks', () => {
    const { parser, out } = collect();
    const bytes = Buffer.from(OPEN + '<message><body>żółw 🐢 日本</body></message>');
    for (let i = 0; i < bytes.length; i += 3) parser.write(bytes.subarray(i, i + 3));
    assert.equal(out.stanzas[0]!.getChildText('body'), 'żółw 🐢 日本');
  });

  // RFC 3629 forbids overlong forms, UTF-16 surrogates and code points above U+10FFFF.
  const invalidUtf8: [string, number[]][] = [
    ['an overlong "/"', [0xc0, 0xaf]],
    ['a surrogate', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a lone continuation byte', [0x80]],
    ['a truncated sequence', [0xe2, 0x82, 0x41]],
  ];
  for (const [what, bytes] of invalidUtf8) {
    const input = Buffer.concat([
      Buffer.from(OPEN + '<message><body>a'),
      Buffer.from(bytes),
      Buffer.from('b</body></message><message/>'),
    ]);
    it(`rejects ${what} with unsupported-encoding, whole or split at any byte`, () => {
      for (let split = 0; split <= input.length; split++) {
        const { parser, out } = collect();
        parser.write(input.subarray(0, split));
        parser.write(input.subarray(split));
        parser.write('<message/>');
        assert.deepEqual(
          out.errors.map((e) => e.condition),
          ['unsupported-encoding'],
          `split at ${split}`,
        );
        assert.equal(out.stanzas.length, 0, `split at ${split}`);
      }
    });
  }

  it('accepts every valid sequence split at any byte', () => {
    const input = Buffer.from(
      OPEN + '<message><body>\u0080 \u07ff \u0800 \ufffd \u{10000} \u{10ffff}</body></message>',
    );
    for (let split = 0; split <= input.length; split++) {
      const { parser, out } = collect();
      parser.write(input.subarray(0, split));
      parser.write(input.subarray(split));
      assert.equal(out.errors.length, 0, `split at ${split}`);
      assert.equal(out.stanzas[0]!.getChildText('body'), '\u0080 \u07ff \u0800 \ufffd \u{10000} \u{10ffff}');
    }
  });

  const restricted: [string, string, string][] = [
    ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY x "BOOM">]>' + OPEN, 'restricted-xml'],
    ['a comment', OPEN + '<!-- hi -->', 'restricted-xml'],
    ['a processing instruction', OPEN + '<?evil x?>', 'restricted-xml'],
    ['an undeclared entity', OPEN + '<message><body>&foo;</body></message>', 'not-well-formed'],
    ['a mismatched close tag', OPEN + '<message></iq>', 'not-well-formed'],
    ['text between stanzas', OPEN + 'hello', 'not-well-formed'],
  ];
  for (const [what, input, condition] of restricted) {
    it(`rejects ${what} with ${condition} and then stays silent`, () => {
      const { parser, out } = collect();
      parser.write(input + '<message/>');
      parser.write('<message/>');
      assert.equal(out.errors.length, 1);
      assert.equal(out.errors[0]!.condition, condition);
      assert.equal(out.stanzas.length, 0);
    });
  }

  it('cuts off a stanza over the byte limit even when it never ends', () => {
    const { parser, out } = collect({ maxStanzaBytes: 1000 });
    parser.write(OPEN + '<message><body>');
    for (let i = 0; i < 20 && out.errors.length === 0; i++) parser.write('x'.repeat(100));
    assert.equal(out.errors[0]!.condition, 'policy-violation');
    assert.equal(
      out.errors[0]!.toElement().getChild('stanza-too-big', 'urn:xmpp:errors')?.name,
      'stanza-too-big',
    );
  });

  it('rejects a complete stanza over the limit that arrives in one chunk', () => {
    const { parser, out } = collect({ maxStanzaBytes: 1000 });
    parser.write(OPEN + `<message><body>${'é'.repeat(600)}</body></message>`);
    assert.equal(out.stanzas.length, 0);
    assert.equal(out.errors[0]!.condition, 'policy-violation');
  });

  it('accepts many small stanzas whose total passes the limit', () => {
    const { parser, out } = collect({ maxStanzaBytes: 1000 });
    parser.write(OPEN);
    for (let i = 0; i < 100; i++) parser.write(`<message id='${i}'><body>${'x'.repeat(50)}</body></message>`);
    assert.equal(out.errors.length, 0);
    assert.equal(out.stanzas.length, 100);
  });

  it('caps depth and child count', () => {
    const deep = collect({ maxDepth: 5 });
    deep.parser.write(OPEN + '<a>'.repeat(10));
    assert.equal(deep.out.errors[0]!.condition, 'policy-violation');
    const wide = collect({ maxChildren: 10 });
    wide.parser.write(OPEN + '<message>' + '<x/>'.repeat(11) + '</message>');
    assert.equal(wide.out.errors[0]!.condition, 'resource-constraint');
  });

  it('reads RFC 7395 frames as top-level elements', () => {
    const { parser, out } = collect({}, true);
    parser.write("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='example.test' version='1.0'/>");
    parser.write("<message xmlns='jabber:client'><body>x</body></message>");
    assert.deepEqual(
      out.stanzas.map((s) => s.name),
      ['open', 'message'],
    );
  });
});
