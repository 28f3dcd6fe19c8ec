/**
 * Probing an XMPP service as a client does: TCP reachability, the TLS handshake and what the
 * certificate says, the stream and its features, a SASL login, a ping. Used by "Check my IM host"
 * (diagnostics/) and meant for anything else that must look at a served port from outside (audits).
 */
export { connectTcp, probeTcp, ProbeConnectError, type ConnectFailure } from './connect-tcp.js';
export { tlsFactsOf, isExpiredAt, isNotYetValidAt, type TlsFacts } from './tls-facts.js';
export {
  XmppProbeStream,
  ProbeRefusedError,
  type ProbeEndpoint,
  type ProbeStreamOptions,
  type SaslOutcome,
} from './xmpp-probe-stream.js';
