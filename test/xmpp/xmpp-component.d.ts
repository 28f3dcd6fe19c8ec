/** The part of @xmpp/component 0.13 (which ships no types) that test/xmpp-component.test.ts uses. */
declare module '@xmpp/component' {
  import type { EventEmitter } from 'node:events';
  import type { Element } from '@xmpp/xml';
  export { xml } from '@xmpp/xml';
  export interface Component extends EventEmitter {
    start(): Promise<{ toString(): string }>;
    stop(): Promise<void>;
    send(element: Element): Promise<void>;
    reconnect: { stop(): void };
  }
  export function component(options: { service: string; domain: string; password: string }): Component;
}
