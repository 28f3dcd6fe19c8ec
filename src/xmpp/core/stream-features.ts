/**
 * The `<stream:features/>` a client is offered (RFC 6120 §4.3.2): STARTTLS while the transport can
 * still upgrade, the SASL mechanisms and channel-binding types once it may authenticate, and after
 * authentication resource binding plus what the modules announce (roster versioning, pre-approval).
 */
import { cloneElement, NS, xml, type Element } from '../stanza/index.js';
import type { SaslAuthenticator, SaslContext } from './sasl.js';
import type { StreamIo } from './stream-io.js';

export interface FeatureSources {
  sasl: SaslAuthenticator;
  saslContext: SaslContext;
  /** The modules' post-authentication features. */
  postAuth: readonly Element[];
}

export function streamFeatures(
  isAuthenticated: boolean,
  io: Pick<StreamIo, 'canStartTls' | 'requiresTlsForAuth'>,
  sources: FeatureSources,
): Element {
  const features = xml('stream:features', { 'xmlns:stream': NS.stream });
  if (isAuthenticated) {
    features.cnode(xml('bind', { xmlns: NS.bind }));
    features.cnode(xml('session', { xmlns: NS.session }, xml('optional')));
    for (const feature of sources.postAuth) features.cnode(cloneElement(feature));
    return features;
  }
  if (io.canStartTls()) {
    features.cnode(xml('starttls', { xmlns: NS.tls }, xml('required')));
    if (io.requiresTlsForAuth) return features;
  }
  const { sasl, saslContext } = sources;
  features.cnode(
    xml(
      'mechanisms',
      { xmlns: NS.sasl },
      ...sasl.mechanisms(saslContext).map((m) => xml('mechanism', {}, m)),
    ),
  );
  const bindings = sasl.channelBindingTypes(saslContext);
  if (bindings.length > 0)
    features.cnode(
      xml(
        'sasl-channel-binding',
        { xmlns: 'urn:xmpp:sasl-cb:0' },
        ...bindings.map((type) => xml('channel-binding', { type })),
      ),
    );
  return features;
}
