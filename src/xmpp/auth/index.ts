export { createSaslAuthenticator } from './sasl-authenticator.js';
export { LoginThrottle, defaultThrottleOptions, type ThrottleOptions } from './login-throttle.js';
