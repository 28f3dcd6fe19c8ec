/**
 * The XEP-0060 elements PEP uses: data forms of node configuration and publish-options, the
 * pubsub errors with their application conditions (XEP-0060 §7, §6.5), and event notifications.
 */
import { attr, StanzaError, xml, type Element, type StanzaErrorCondition } from '../../stanza/index.js';

export const PUBSUB = 'http://jabber.org/protocol/pubsub';
export const PUBSUB_OWNER = 'http://jabber.org/protocol/pubsub#owner';
export const PUBSUB_EVENT = 'http://jabber.org/protocol/pubsub#event';
export const PUBSUB_ERRORS = 'http://jabber.org/protocol/pubsub#errors';
export const NODE_CONFIG = 'http://jabber.org/protocol/pubsub#node_config';
export const PUBLISH_OPTIONS = 'http://jabber.org/protocol/pubsub#publish-options';
export const DATA_FORMS = 'jabber:x:data';
export const CAPS = 'http://jabber.org/protocol/caps';

export type AccessModel = 'open' | 'presence' | 'whitelist';
export type SendLastPublished = 'never' | 'on_sub' | 'on_sub_and_presence';

export interface NodeConfig {
  accessModel: AccessModel;
  /** null: "max", as many as the account's storage allows. */
  maxItems: number | null;
  persistItems: boolean;
  notifyRetract: boolean;
  sendLastPublished: SendLastPublished;
}

/** XEP-0163 §4 defaults: presence access, the last item kept and sent on presence. */
export const DEFAULT_CONFIG: NodeConfig = {
  accessModel: 'presence',
  maxItems: 1,
  persistItems: true,
  notifyRetract: true,
  sendLastPublished: 'on_sub_and_presence',
};

const ACCESS_MODELS: readonly AccessModel[] = ['open', 'presence', 'whitelist'];
const SEND_LAST: readonly SendLastPublished[] = ['never', 'on_sub', 'on_sub_and_presence'];

/** A pubsub error: the stanza condition with its pubsub#errors condition (XEP-0060 §7.1.3 …). */
export function pubsubError(
  condition: StanzaErrorCondition,
  pubsubCondition?: string,
  text?: string,
): StanzaError {
  return new StanzaError(condition, {
    ...(text && { text }),
    ...(pubsubCondition && { appCondition: xml(pubsubCondition, { xmlns: PUBSUB_ERRORS }) }),
  });
}

export const preconditionNotMet = (field: string) =>
  pubsubError('conflict', 'precondition-not-met', `the node's ${field} differs from the publish-options`);

/** The fields of a submitted data form by var (single values; lists keep their first value). */
export function formFields(form: Element | undefined): Map<string, string> {
  const fields = new Map<string, string>();
  if (!form) return fields;
  for (const field of form.getChildren('field')) {
    const name = attr(field, 'var');
    if (name) fields.set(name, field.getChildText('value') ?? '');
  }
  return fields;
}

function parseBoolean(value: string, field: string): boolean {
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  throw pubsubError('not-acceptable', undefined, `${field} must be a boolean`);
}

/** The most items a node may keep, whatever it asks: "max" is this many. */
export interface ConfigLimits {
  maxItemsCeiling: number;
}

function parseMaxItems(value: string, limits: ConfigLimits): number | null {
  if (value === 'max') return null;
  const count = Number(value);
  if (!/^\d+$/.test(value) || count < 1 || count > limits.maxItemsCeiling)
    throw pubsubError(
      'not-acceptable',
      undefined,
      `pubsub#max_items must be from 1 to ${limits.maxItemsCeiling} or max`,
    );
  return count;
}

/**
 * The configuration a form asks for, on top of `base`. Unknown fields are refused with
 * `unsupported` rather than ignored, so a client never believes a setting took that did not.
 */
export function applyConfigForm(
  base: NodeConfig,
  fields: Map<string, string>,
  limits: ConfigLimits,
): NodeConfig {
  const config = { ...base };
  for (const [name, value] of fields) {
    switch (name) {
      case 'FORM_TYPE':
        break;
      case 'pubsub#access_model':
        if (!ACCESS_MODELS.includes(value as AccessModel))
          throw pubsubError('feature-not-implemented', 'unsupported-access-model');
        config.accessModel = value as AccessModel;
        break;
      case 'pubsub#max_items':
        config.maxItems = parseMaxItems(value, limits);
        break;
      case 'pubsub#persist_items':
        config.persistItems = parseBoolean(value, name);
        break;
      case 'pubsub#notify_retract':
        config.notifyRetract = parseBoolean(value, name);
        break;
      case 'pubsub#send_last_published_item':
        if (!SEND_LAST.includes(value as SendLastPublished))
          throw pubsubError('not-acceptable', undefined, `${name} must be one of ${SEND_LAST.join(', ')}`);
        config.sendLastPublished = value as SendLastPublished;
        break;
      // Accepted with the only value PEP has (XEP-0163 §4 leaves these to the service).
      case 'pubsub#deliver_payloads':
      case 'pubsub#deliver_notifications':
      case 'pubsub#notify_delete':
      case 'pubsub#presence_based_delivery':
        parseBoolean(value, name);
        break;
      default:
        throw pubsubError('not-acceptable', 'unsupported', `${name} is not a setting of this service`);
    }
  }
  return config;
}

/**
 * XEP-0060 §7.1.5: each publish-option must equal the node's setting. A field the service does
 * not know cannot be met either.
 */
export function checkPreconditions(
  config: NodeConfig,
  fields: Map<string, string>,
  limits: ConfigLimits,
): void {
  for (const [name, value] of fields) {
    if (name === 'FORM_TYPE') continue;
    let asked: NodeConfig;
    try {
      asked = applyConfigForm(config, new Map([[name, value]]), limits);
    } catch {
      throw preconditionNotMet(name);
    }
    const key = Object.keys(config).find(
      (k) => config[k as keyof NodeConfig] !== asked[k as keyof NodeConfig],
    );
    if (key) throw preconditionNotMet(name);
  }
}

function field(name: string, type: string, value: string, options: readonly string[] = []): Element {
  return xml(
    'field',
    { var: name, type },
    xml('value', {}, value),
    ...options.map((option) => xml('option', {}, xml('value', {}, option))),
  );
}

/** The node configuration form (XEP-0060 §8.2). */
export function configForm(config: NodeConfig): Element {
  const boolean = (b: boolean) => (b ? '1' : '0');
  return xml(
    'x',
    { xmlns: DATA_FORMS, type: 'form' },
    field('FORM_TYPE', 'hidden', NODE_CONFIG),
    field('pubsub#access_model', 'list-single', config.accessModel, ACCESS_MODELS),
    field('pubsub#max_items', 'text-single', config.maxItems === null ? 'max' : String(config.maxItems)),
    field('pubsub#persist_items', 'boolean', boolean(config.persistItems)),
    field('pubsub#notify_retract', 'boolean', boolean(config.notifyRetract)),
    field('pubsub#send_last_published_item', 'list-single', config.sendLastPublished, SEND_LAST),
    field('pubsub#deliver_payloads', 'boolean', '1'),
    field('pubsub#deliver_notifications', 'boolean', '1'),
  );
}

/** The submitted form in `parent` (`<configure/>`, `<publish-options/>`), checked for its FORM_TYPE. */
export function submittedForm(parent: Element | undefined, formType: string): Map<string, string> {
  const form = parent?.getChild('x', DATA_FORMS);
  if (!form) return new Map();
  const type = attr(form, 'type');
  if (type === 'cancel') return new Map();
  const fields = formFields(form);
  const declared = fields.get('FORM_TYPE');
  if (type !== 'submit' || (declared !== undefined && declared !== formType))
    throw new StanzaError('bad-request', { text: `a submitted ${formType} form was expected` });
  return fields;
}

/** `<message><event><items node>…</items></event></message>` from the owner's bare JID. */
export function eventMessage(from: string, to: string, id: string, content: Element): Element {
  return xml('message', { from, to, type: 'headline', id }, xml('event', { xmlns: PUBSUB_EVENT }, content));
}

export function itemElement(id: string, payload: Element | undefined, publisher?: string): Element {
  return xml('item', { id, ...(publisher && { publisher }) }, ...(payload ? [payload] : []));
}
