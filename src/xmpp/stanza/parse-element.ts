import type { Element } from './element.js';
import { StreamParser } from './stream-parser.js';

/** Reads back one element this server serialised itself (stored stanzas, vCards); undefined if damaged. */
export function parseStoredElement(text: string): Element | undefined {
  let result: Element | undefined;
  const parser = new StreamParser(
    {
      streamStart: () => {},
      stanza: (element) => (result ??= element),
      streamEnd: () => {},
      error: () => {},
    },
    { maxStanzaBytes: Number.MAX_SAFE_INTEGER },
    true,
  );
  parser.write(text);
  return parser.hasFailed ? undefined : result;
}
