export {
  createCertificateStore,
  CertificateInvalidError,
  MIN_TLS_VERSION,
  type CertificateStore,
  type CertificateInfo,
  type CertificateSource,
} from './certificate-store.js';
export { createSelfSignedCertificate } from './self-signed.js';
export { serverEndPointHash } from './channel-binding.js';
