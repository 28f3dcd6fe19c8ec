import { NS, type Element } from '../stanza/index.js';
import type { IqRequest, IqTarget } from './iq-handlers.js';

/** A disco#info `<identity/>` (XEP-0030 §3.1), e.g. `store`/`file` for an upload service. */
export interface DiscoIdentity {
  category: string;
  type: string;
  name?: string;
}

/**
 * A service with an address of its own under every host, `<label>.<domain>`, listed among the host's
 * disco#items: XEP-0363 §3 has clients look for services there, and some look nowhere else.
 */
export interface DiscoService {
  /** The first label of its address: `upload` for `upload.<domain>`. */
  label: string;
  identity: DiscoIdentity;
  /** What its address answers besides disco#info and disco#items; any other IQ gets an error. */
  features: readonly string[];
  forms: readonly Element[];
  /**
   * The module answers everything addressed to the service and to addresses under it
   * (`room@conference.<domain>/nick`): those stanzas fire `<kind>/service` instead of the host's
   * events, and disco is the module's too. Without it, the service is only disco and its features.
   */
  isEntityHost?: boolean;
}

/** An entry of disco#items (XEP-0030 §4): an entity, or a node of one. */
export interface DiscoItem {
  jid: string;
  name?: string;
  node?: string;
}

/**
 * The items one module lists for a disco#items request to the host or to an account (the request
 * says which host or account, who asks, and which node); computed per request, so they can depend
 * on the host (`upload.<domain>`) or on stored data.
 */
export type DiscoItemsProvider = (request: IqRequest) => readonly DiscoItem[] | Promise<readonly DiscoItem[]>;

/** The namespaces a service's address announces and answers. */
export function serviceFeatures(service: DiscoService): string[] {
  return [NS.discoInfo, NS.discoItems, ...service.features].sort();
}

/**
 * A feature offered after authentication: an element, or a function that makes it each time, for
 * one that follows what the modules declare (the server's own XEP-0115 caps).
 */
export type StreamFeature = Element | (() => Element);

/** Appends `item`; the returned undo removes that item once (a second call does nothing). */
function added<T>(list: T[], item: T): () => void {
  list.push(item);
  return () => {
    const index = list.indexOf(item);
    if (index >= 0) list.splice(index, 1);
  };
}

/** What modules announce through disco#info (XEP-0030) and as stream features after login. */
export class DiscoRegistry {
  private readonly features = { host: new Set<string>(), account: new Set<string>() };
  private readonly identities: Record<IqTarget, DiscoIdentity[]> = { host: [], account: [] };
  private readonly forms: Element[] = [];
  private readonly streamFeatures: StreamFeature[] = [];
  private readonly servicesByLabel = new Map<string, DiscoService>();
  private readonly itemProviders: Record<IqTarget, DiscoItemsProvider[]> = { host: [], account: [] };
  private changes = 0;

  /**
   * Counts the changes to what disco#info shows (features, identities, forms), so that what is
   * derived from it (a caps hash) is computed again only after one.
   */
  get revision(): number {
    return this.changes;
  }

  /** Runs `undo` and counts it as a change. */
  private counted(undo: () => unknown): () => void {
    this.changes++;
    return () => {
      undo();
      this.changes++;
    };
  }

  addFeature(target: IqTarget, feature: string): () => void {
    this.features[target].add(feature);
    return this.counted(() => this.features[target].delete(feature));
  }

  addIdentity(target: IqTarget, identity: DiscoIdentity): () => void {
    return this.counted(added(this.identities[target], identity));
  }

  addForm(form: Element): () => void {
    return this.counted(added(this.forms, form));
  }

  addStreamFeature(feature: StreamFeature): () => void {
    return added(this.streamFeatures, feature);
  }

  addService(service: DiscoService): () => void {
    if (this.servicesByLabel.has(service.label)) throw new Error(`two services at ${service.label}.<domain>`);
    this.servicesByLabel.set(service.label, service);
    return () => this.servicesByLabel.delete(service.label);
  }

  addItems(target: IqTarget, provider: DiscoItemsProvider): () => void {
    return added(this.itemProviders[target], provider);
  }

  /** Every module's items for the request, in registration order. */
  async itemsFor(target: IqTarget, request: IqRequest): Promise<DiscoItem[]> {
    const lists = await Promise.all(this.itemProviders[target].map((provider) => provider(request)));
    return lists.flat();
  }

  /** The service whose label a domain starts with, and the host domain that follows it. */
  serviceAt(domain: string): { service: DiscoService; hostDomain: string } | undefined {
    const dot = domain.indexOf('.');
    const service = dot > 0 ? this.servicesByLabel.get(domain.slice(0, dot)) : undefined;
    return service && { service, hostDomain: domain.slice(dot + 1) };
  }

  services(): DiscoService[] {
    return [...this.servicesByLabel.values()];
  }

  featuresOf(target: IqTarget): string[] {
    return [...this.features[target]].sort();
  }

  /** In registration order, so the disco module's own identity comes first. */
  identitiesOf(target: IqTarget): readonly DiscoIdentity[] {
    return this.identities[target];
  }

  extensionForms(): readonly Element[] {
    return this.forms;
  }

  postAuthStreamFeatures(): Element[] {
    return this.streamFeatures.map((feature) => (typeof feature === 'function' ? feature() : feature));
  }
}
