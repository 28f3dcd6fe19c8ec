/**
 * XEP-0114 external components: programs (gateways, bots, bridges) that connect to the server on
 * a port of their own, prove a secret shared with the operator, and then serve a domain under one
 * of the hosts, sending from any address at it and receiving everything routed to it.
 *
 * Components are the operator's: the port and each component's domain and secret are module
 * options, never a customer's setting, and a component's domain must sit directly under a host
 * served here (`bridge.chat.example` under `chat.example`) that is not suspended.
 */
import { createServer, type Server } from 'node:net';
import { defineModule, option } from '../../core/index.js';
import { ComponentConnection } from './component-connection.js';
import { COMPONENT_ENTRY, parseComponents } from './component-secrets.js';

export const componentModule = defineModule({
  name: 'component',
  implements: [
    {
      spec: 'XEP-0114',
      version: '1.6',
      note: 'operator-configured components, each directly under a host served here',
    },
  ],
  options: {
    port: option.integer({
      default: 0,
      min: 0,
      max: 65_535,
      description:
        'The TCP port components connect to, on the `bind` address (Prosody and ejabberd use 5347); 0 turns the listener off.',
    }),
    components: option.list({
      default: [],
      maxItems: 100,
      items: {
        pattern: COMPONENT_ENTRY,
        description: '`domain=secret` pairs (a secret of 8 characters or more)',
      },
      description:
        'The components allowed to connect, as `domain=secret`: `bridge.chat.example=…` serves `bridge.chat.example`, which must sit directly under a host served here.',
    }),
  },
  setup(ctx) {
    const { port } = ctx.options;
    if (port === 0) return;
    const components = parseComponents(ctx.options.components);
    const connections = new Set<ComponentConnection>();
    let server: Server | undefined;

    ctx.onStart(
      () =>
        new Promise<void>((resolve, reject) => {
          server = createServer((socket) => {
            const connection = new ComponentConnection(socket, { ctx, components });
            connections.add(connection);
            socket.once('close', () => connections.delete(connection));
          });
          server.once('error', reject);
          server.listen(port, ctx.config.bind, () => {
            server?.off('error', reject);
            resolve();
          });
        }),
    );
    ctx.onUnload(
      () =>
        new Promise<void>((resolve) => {
          for (const connection of connections) connection.close();
          if (!server) return resolve();
          server.close(() => resolve());
        }),
    );
  },
});
