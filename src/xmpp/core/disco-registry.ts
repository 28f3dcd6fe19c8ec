import type { Element } from '../stanza/index.js';
import type { IqTarget } from './iq-handlers.js';

/** A disco#info `<identity/>` (XEP-0030 §3.1), e.g. `store`/`file` for an upload service. */
export interface DiscoIdentity {
  category: string;
  type: string;
  name?: string;
}

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
  private readonly streamFeatures: Element[] = [];

  addFeature(target: IqTarget, feature: string): () => void {
    this.features[target].add(feature);
    return () => this.features[target].delete(feature);
  }

  addIdentity(target: IqTarget, identity: DiscoIdentity): () => void {
    return added(this.identities[target], identity);
  }

  addForm(form: Element): () => void {
    return added(this.forms, form);
  }

  addStreamFeature(feature: Element): () => void {
    return added(this.streamFeatures, feature);
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

  postAuthStreamFeatures(): readonly Element[] {
    return this.streamFeatures;
  }
}
