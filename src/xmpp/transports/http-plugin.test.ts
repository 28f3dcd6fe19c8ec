import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { createModuleKit } from '../../../test/xmpp/module-kit.js';
import { defaultC2sLimits, defineModule } from '../core/index.js';
import { createXmppHttpPlugin } from './http-plugin.js';

describe('the XMPP HTTP plugin', () => {
  it("mounts the modules' routes, which answer 404 once their module is unloaded", async () => {
    let calls = 0;
    const serving = defineModule({
      name: 'serving',
      implements: [],
      options: {},
      setup(ctx) {
        ctx.http(async (app) => {
          app.get('/serving/hello', async () => {
            calls++;
            return { hello: ctx.config.publicUrl };
          });
        });
      },
    });
    const kit = createModuleKit({ modules: [serving] });
    const app = Fastify();
    await app.register(
      createXmppHttpPlugin({
        streamDeps: { core: kit.core, sasl: {} as never, limits: defaultC2sLimits },
        hosts: kit.core.hosts,
        maxFrameBytes: 1024,
        onConnection: () => {},
        moduleRoutes: () => kit.modules.httpRoutes(),
      }),
    );
    const hello = await app.inject({ method: 'GET', url: '/serving/hello' });
    assert.equal(hello.statusCode, 200);
    assert.deepEqual(hello.json(), { hello: 'http://imhost.test' });

    await kit.modules.unload('serving');
    const gone = await app.inject({ method: 'GET', url: '/serving/hello' });
    assert.equal(gone.statusCode, 404);
    assert.equal(calls, 1, 'the handler of an unloaded module does not run');
    assert.equal((await app.inject({ method: 'GET', url: '/elsewhere' })).statusCode, 404);
    await app.close();
  });
});
