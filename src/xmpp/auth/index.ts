export { createSaslAuthenticator } from './sasl-authenticator.js';
export { hostAccountsPrefix } from './credential-check.js';
