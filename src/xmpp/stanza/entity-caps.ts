/**
 * XEP-0115 §5.1: the verification string that names a disco#info result, for the caps a client
 * announces in its presence and the server in its stream features.
 */
import { createHash } from 'node:crypto';
import { attr, type Element } from './element.js';

const DATA_FORMS = 'jabber:x:data';

const ALGORITHMS: Record<string, string> = { 'sha-1': 'sha1', 'sha-256': 'sha256', 'sha-512': 'sha512' };

/** The verification string of a disco#info result (XEP-0115 §5.1), hashed; undefined for an unknown hash. */
export function capsHash(query: Element, hash: string): string | undefined {
  const algorithm = ALGORITHMS[hash];
  if (!algorithm) return undefined;
  const identities = query
    .getChildren('identity')
    .map((i) =>
      [attr(i, 'category'), attr(i, 'type'), attr(i, 'xml:lang'), attr(i, 'name')]
        .map((v) => v ?? '')
        .join('/'),
    )
    .sort();
  const features = query
    .getChildren('feature')
    .map((f) => attr(f, 'var') ?? '')
    .sort();
  const forms = query
    .getChildren('x', DATA_FORMS)
    .map((form) => {
      const fields = form.getChildren('field');
      const type = fields.find((f) => attr(f, 'var') === 'FORM_TYPE')?.getChildText('value') ?? '';
      const rest = fields
        .filter((f) => attr(f, 'var') !== 'FORM_TYPE')
        .map((f) => ({
          name: attr(f, 'var') ?? '',
          values: f
            .getChildren('value')
            .map((v) => v.text())
            .sort(),
        }))
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return {
        type,
        text: [type, ...rest.flatMap((f) => [f.name, ...f.values])].map((s) => `${s}<`).join(''),
      };
    })
    .sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0))
    .map((f) => f.text);
  const text = [...identities, ...features].map((s) => `${s}<`).join('') + forms.join('');
  return createHash(algorithm).update(text, 'utf8').digest('base64');
}
