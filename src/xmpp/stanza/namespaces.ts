/** XML namespaces used by more than one file. A module's own namespace lives in its codec. */
export const NS = {
  client: 'jabber:client',
  stream: 'http://etherx.jabber.org/streams',
  framing: 'urn:ietf:params:xml:ns:xmpp-framing',
  streams: 'urn:ietf:params:xml:ns:xmpp-streams',
  stanzas: 'urn:ietf:params:xml:ns:xmpp-stanzas',
  tls: 'urn:ietf:params:xml:ns:xmpp-tls',
  sasl: 'urn:ietf:params:xml:ns:xmpp-sasl',
  bind: 'urn:ietf:params:xml:ns:xmpp-bind',
  session: 'urn:ietf:params:xml:ns:xmpp-session',
  xmppErrors: 'urn:xmpp:errors',
  delay: 'urn:xmpp:delay',
  discoInfo: 'http://jabber.org/protocol/disco#info',
  discoItems: 'http://jabber.org/protocol/disco#items',
  caps: 'http://jabber.org/protocol/caps',
} as const;
