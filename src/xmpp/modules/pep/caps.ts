/**
 * XEP-0115 entity capabilities for PEP's `+notify` (XEP-0163 §4.3): what a client wants notified
 * of is in its disco#info, which its presence names by a hash. The server asks the first client
 * that shows a new hash, checks the answer against the hash, and keeps it (in memory and in the
 * database) for every later client with that hash.
 */
import { attr, capsHash, NS, xml, type Element } from '../../stanza/index.js';
import type { Session } from '../../core/index.js';
import type { CapsRepository } from './caps.repository.js';
import { CAPS } from './pep-codec.js';

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
