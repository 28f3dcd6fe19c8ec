/** A release feed (IMHOST_RELEASE_FEED_URL) served over real HTTP on this machine; tests change it live. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Feed {
  status: number;
  body: unknown;
  requests: number;
}

export async function startFeedServer(feed: Feed): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    feed.requests += 1;
    response.writeHead(feed.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(feed.body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/releases.json`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
