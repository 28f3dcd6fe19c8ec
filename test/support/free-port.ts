/**
 * A loopback port nobody listens on now, for a server that must be told its port before it starts
 * (pebble, the component listener). Chosen below the kernel's ephemeral range (32768–60999 on
 * Linux), never from it: a port the kernel hands out for `listen(0)` or for an outgoing connection
 * can be taken by any other test's socket between this check and the server's bind, which is what
 * made pebble's start-up fail now and then under a parallel suite.
 */
import net from 'node:net';

const LOWEST = 20_000;
const BELOW_EPHEMERAL = 32_768;

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (BELOW_EPHEMERAL - LOWEST));
    if (await isFree(port)) return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${BELOW_EPHEMERAL} after 100 tries`);
}
