import type { XmppModule } from '../core/index.js';

/** The feature modules a server loads, in load order. */
export const defaultModules: readonly XmppModule[] = [];
