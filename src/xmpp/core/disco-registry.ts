import type { Element } from '../stanza/index.js';
import type { IqTarget } from './iq-handlers.js';

/** What modules announce through disco#info (XEP-0030) and as stream features after login. */
export class DiscoRegistry {
  private readonly features = { host: new Set<string>(), account: new Set<string>() };
  private readonly forms: Element[] = [];
  private readonly streamFeatures: Element[] = [];

  addFeature(target: IqTarget, feature: string): () => void {
    this.features[target].add(feature);
    return () => this.features[target].delete(feature);
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

  extensionForms(): readonly Element[] {
    return this.forms;
  }

  postAuthStreamFeatures(): readonly Element[] {
    return this.streamFeatures;
  }
}
