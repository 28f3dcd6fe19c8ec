export { Element, xml, attr, cloneElement } from './element.js';
export { NS } from './namespaces.js';
export * from './jid.js';
export * from './errors.js';
export * from './stream-parser.js';
export { parseStoredElement } from './parse-element.js';
export { capsHash } from './entity-caps.js';
