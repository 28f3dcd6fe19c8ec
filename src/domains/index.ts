/**
 * The customer's own domain (issue 16): ownership, DNS, certificates, and (registration/) the
 * domain's registration. This file is the area's public surface.
 */
export * from './registration/index.js';
