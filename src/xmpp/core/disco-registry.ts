import type { Element } from '../stanza/index.js';
import type { IqTarget } from './iq-handlers.js';

/** A disco#info `<identity/>` (XEP-0030 §3.1), e.g. `store`/`file` for an upload service. */
export interface DiscoIdentity {
  category: string;
  type: string;
  name?: string;
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
    this.identities[target].push(identity);
    return () => this.identities[target].splice(this.identities[target].indexOf(identity), 1);
  }

  addForm(form: Element): () => void {
    this.forms.push(form);
    return () => this.forms.splice(this.forms.indexOf(form), 1);
  }

  addStreamFeature(feature: Element): () => void {
    this.streamFeatures.push(feature);
    return () => this.streamFeatures.splice(this.streamFeatures.indexOf(feature), 1);
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
