/** The elements of XEP-0363 (urn:xmpp:http:upload:0): the slot request, the slot, and its errors. */
import { StanzaError, xml, type Element } from '../../stanza/index.js';

export const UPLOAD = 'urn:xmpp:http:upload:0';

const MAX_FILENAME_BYTES = 255;
const MAX_CONTENT_TYPE_LENGTH = 255;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** RFC 9110 §8.3.1 media type: type "/" subtype, then `; name=value` parameters. */
const MEDIA_TYPE = new RegExp(
  `^${TOKEN}/${TOKEN}(\\s*;\\s*${TOKEN}=(${TOKEN}|"[^"\\\\\\x00-\\x1f\\x7f]*"))*$`,
);

export interface SlotRequest {
  filename: string;
  size: number;
  /** Null when the client named none. */
  contentType: string | null;
}

function badRequest(text: string): StanzaError {
  return new StanzaError('bad-request', { text });
}

/** The filename becomes the last path segment of the URLs: no separators, no control characters. */
function isAcceptableFilename(name: string): boolean {
  return (
    name.length > 0 &&
    Buffer.byteLength(name) <= MAX_FILENAME_BYTES &&
    name !== '.' &&
    name !== '..' &&
    !/[/\\\p{Cc}]/u.test(name)
  );
}

export function parseSlotRequest(payload: Element): SlotRequest {
  const { filename, size, 'content-type': contentType } = payload.attrs as Record<string, string | undefined>;
  if (filename === undefined || !isAcceptableFilename(filename))
    throw badRequest(
      `filename must be 1 to ${MAX_FILENAME_BYTES} bytes, without slashes or control characters`,
    );
  if (size === undefined || !/^[0-9]{1,15}$/.test(size) || Number(size) === 0)
    throw badRequest('size must be a positive number of bytes');
  if (
    contentType !== undefined &&
    (contentType.length > MAX_CONTENT_TYPE_LENGTH || !MEDIA_TYPE.test(contentType))
  )
    throw badRequest('content-type must be a media type such as image/jpeg');
  return { filename, size: Number(size), contentType: contentType ?? null };
}

export function slotElement(putUrl: string, getUrl: string): Element {
  return xml('slot', { xmlns: UPLOAD }, xml('put', { url: putUrl }), xml('get', { url: getUrl }));
}

export function fileTooLarge(maxBytes: number, text: string): StanzaError {
  return new StanzaError('not-acceptable', {
    text,
    appCondition: xml('file-too-large', { xmlns: UPLOAD }, xml('max-file-size', {}, String(maxBytes))),
  });
}

/** XEP-0128 form in the host's disco#info: clients read the largest file they may send from it. */
export function serviceForm(maxFileBytes: number): Element {
  return xml(
    'x',
    { xmlns: 'jabber:x:data', type: 'result' },
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, UPLOAD)),
    xml('field', { var: 'max-file-size' }, xml('value', {}, String(maxFileBytes))),
  );
}
