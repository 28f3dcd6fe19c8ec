import type { CounterFactory, CounterLike } from './ports.js';

/** Per-host counters, labelled by domain, in /metrics next to the rest of the product's. */
export interface XmppMetrics {
  connection(domain: string): void;
  login(domain: string, outcome: 'ok' | 'failed'): void;
  stanzaIn(domain: string): void;
  stanzaOut(domain: string): void;
  messageRouted(domain: string): void;
  offlineStored(domain: string): void;
}

export function createXmppMetrics(factory: CounterFactory | undefined): XmppMetrics {
  const noop: CounterLike = { inc: () => {} };
  const counter = (name: string, help: string, labelNames: string[] = ['host']): CounterLike =>
    factory ? factory.counter({ name, help, labelNames }) : noop;
  const connections = counter('imhost_xmpp_connections_total', 'Client streams opened to a served host.');
  const logins = counter('imhost_xmpp_logins_total', 'SASL authentications by outcome.', ['host', 'outcome']);
  const stanzasIn = counter('imhost_xmpp_stanzas_in_total', 'Stanzas received from clients.');
  const stanzasOut = counter('imhost_xmpp_stanzas_out_total', 'Stanzas sent to clients.');
  const routed = counter('imhost_xmpp_messages_routed_total', 'Messages delivered to a session.');
  const offline = counter('imhost_xmpp_offline_stored_total', 'Messages stored for offline users.');
  return {
    connection: (host) => connections.inc({ host }),
    login: (host, outcome) => logins.inc({ host, outcome }),
    stanzaIn: (host) => stanzasIn.inc({ host }),
    stanzaOut: (host) => stanzasOut.inc({ host }),
    messageRouted: (host) => routed.inc({ host }),
    offlineStored: (host) => offline.inc({ host }),
  };
}
