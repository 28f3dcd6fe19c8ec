/**
 * An XMPP server on random ports over the whole product (real tenancy, fresh database), with one
 * customer and helpers to add hosts and members. Every XMPP integration test starts here.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Dialect } from '../../src/platform/db/index.js';
import { createXmppServer, type XmppServer, type XmppServerOptions } from '../../src/xmpp/server/index.js';
import { startTestApp, type TestApp } from '../support/app.js';

export interface XmppTestServer {
  app: TestApp;
  xmpp: XmppServer;
  c2sPort: number;
  c2sTlsPort: number;
  httpPort: number;
  customerId: string;
  addHost(domain: string): Promise<void>;
  addMember(domain: string, username: string, password: string): Promise<void>;
  /** The host's certificate, for clients that must trust it. */
  certificatePem(domain: string): Promise<string>;
  close(): Promise<void>;
}

let customerCounter = 0;

export async function startXmppTestServer(
  dialect: Dialect,
  options: Pick<XmppServerOptions, 'limits' | 'modules'> & {
    /** The configuration, as environment variables (IMHOST_XMPP_MODULES for module options). */
    env?: Record<string, string>;
    /** Takes both the XMPP server's logs and its HTTP side's, as `imhost start` logs them. */
    logger?: Logger;
  } = {},
): Promise<XmppTestServer> {
  const { env, logger, ...serverOptions } = options;
  const app = await startTestApp(dialect, env);
  const { ctx } = app;
  const { customer } = await ctx.accounts.signUp(
    {
      email: `owner${++customerCounter}@customer.test`,
      password: 'a long enough password',
      name: 'Owner',
      organization: 'Customer',
    },
    { ip: '127.0.0.1', userAgent: 'test' },
  );
  const xmpp = createXmppServer({
    config: app.config,
    clock: ctx.clock,
    logger: logger ?? ctx.logger,
    database: ctx.database,
    tenancy: ctx.tenancy,
    metrics: ctx.platform.metrics,
    serverVersion: '1.2.3-test',
    ...serverOptions,
  });
  const { c2sPort, c2sTlsPort } = await xmpp.start();
  const http: FastifyInstance = Fastify(
    logger
      ? {
          loggerInstance: logger as FastifyBaseLogger,
          // As the product's app (src/api/app.ts) does.
          logController: new LogController({ disableRequestLogging: true }),
        }
      : {},
  );
  await http.register(xmpp.httpPlugin);
  await http.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    xmpp,
    c2sPort,
    c2sTlsPort,
    httpPort: (http.server.address() as AddressInfo).port,
    customerId: customer.id,
    async addHost(domain) {
      await ctx.tenancy.createHost({ customerId: customer.id, domain });
    },
    async addMember(domain, username, password) {
      await ctx.tenancy.addMember({ domain, username, password });
    },
    async certificatePem(domain) {
      return (await xmpp.certificates.ensure(domain)).certPem;
    },
    async close() {
      await http.close();
      await xmpp.stop();
      await app.close();
    },
  };
}
