/**
 * Work that spans business areas, in one place for the API and the CLI alike: each workflow is an
 * application service built with the areas it drives, and no area imports another to do it. This
 * file is the area's public surface.
 */
export { supportBillingPort } from './support-billing-port.js';
