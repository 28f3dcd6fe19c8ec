export {
  createCertificateStore,
  CertificateInvalidError,
  MIN_TLS_VERSION,
  SERVER_CIPHERS,
  type CertificateStore,
  type CertificateInfo,
  type CertificateSource,
} from './certificate-store.js';
export { createSelfSignedCertificate } from './self-signed.js';
export { serverEndPointHash } from './channel-binding.js';
export {
  handshakeXmpp,
  parseFeatures,
  probeTlsVersions,
  probeWeakCipher,
  TlsProbeError,
  TLS_VERSIONS,
  WEAK_CIPHERS,
  type HandshakeOptions,
  type StreamFeatures,
  type TlsHandshake,
  type TlsProbeFailure,
  type TlsVersion,
  type VersionSupport,
  type XmppTlsMode,
  type XmppTlsTarget,
} from './probe.js';
