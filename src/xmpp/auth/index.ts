export { createSaslAuthenticator } from './sasl-authenticator.js';
