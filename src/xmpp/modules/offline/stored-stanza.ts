import { StreamParser, type Element } from '../../stanza/index.js';

/** Reads back a stanza this server serialised itself; undefined if the row is damaged. */
export function parseStoredStanza(text: string): Element | undefined {
  let result: Element | undefined;
  const parser = new StreamParser(
    { streamStart: () => {}, stanza: (element) => (result = element), streamEnd: () => {}, error: () => {} },
    { maxStanzaBytes: Number.MAX_SAFE_INTEGER },
    true,
  );
  parser.write(text);
  return result;
}
