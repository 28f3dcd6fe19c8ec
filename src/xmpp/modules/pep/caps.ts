/**
 * XEP-0115 entity capabilities for PEP's `+notify` (XEP-0163 §4.3): what a client wants notified
 * of is in its disco#info, which its presence names by a hash. The server asks the first client
 * that shows a new hash, checks the answer against the hash, and keeps it (in memory and in the
 * database) for every later client with that hash.
 */
import { createHash } from 'node:crypto';
import { attr, NS, xml, type Element } from '../../stanza/index.js';
import type { Session } from '../../core/index.js';
import type { CapsRepository } from './caps.repository.js';
import { CAPS, DATA_FORMS } from './pep-codec.js';

export interface CapsClaim {
  node: string;
  ver: string;
  hash: string;
}

export function capsOf(presence: Element): CapsClaim | undefined {
  const c = presence.getChild('c', CAPS);
  const node = c && attr(c, 'node');
  const ver = c && attr(c, 'ver');
  const hash = c && attr(c, 'hash');
  return node && ver && hash ? { node, ver, hash } : undefined;
}

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

export type AskClient = (session: Session, query: Element) => Promise<Element>;

export class CapsCache {
  private readonly known = new Map<string, readonly string[]>();
  private readonly asking = new Map<string, Promise<readonly string[] | undefined>>();

  constructor(
    private readonly repository: CapsRepository,
    private readonly ask: AskClient,
    private readonly now: () => string,
    private readonly onSaveError: (error: unknown) => void = () => {},
  ) {}

  /** The features behind a claim: from memory, the database, or (once per hash) the client itself. */
  async features(session: Session, claim: CapsClaim): Promise<readonly string[] | undefined> {
    const key = `${claim.hash}:${claim.ver}`;
    const cached = this.known.get(key);
    if (cached) return cached;
    let pending = this.asking.get(key);
    if (!pending) {
      pending = this.lookUp(session, claim, key).finally(() => this.asking.delete(key));
      this.asking.set(key, pending);
    }
    return pending;
  }

  private async lookUp(
    session: Session,
    claim: CapsClaim,
    key: string,
  ): Promise<readonly string[] | undefined> {
    const stored = await this.repository.find(key);
    if (stored) {
      this.known.set(key, stored);
      return stored;
    }
    const reply = await this.ask(
      session,
      xml('query', { xmlns: NS.discoInfo, node: `${claim.node}#${claim.ver}` }),
    );
    const answer = reply.getChild('query', NS.discoInfo);
    if (reply.attrs.type !== 'result' || !answer) return undefined;
    const features = answer.getChildren('feature').map((f) => attr(f, 'var') ?? '');
    // A client whose answer does not match its hash is believed for itself, never for others.
    if (capsHash(answer, claim.hash) !== claim.ver) return features;
    this.known.set(key, features);
    // Kept for after a restart; the sessions waiting need not wait for the write.
    this.repository.save(key, features, this.now()).catch(this.onSaveError);
    return features;
  }
}

/** The nodes a client asks to be notified of: its `<node>+notify` features. */
export function notifyNodes(features: readonly string[]): Set<string> {
  return new Set(features.filter((f) => f.endsWith('+notify')).map((f) => f.slice(0, -'+notify'.length)));
}
