/**
 * The XMPP modules' options come from the configuration (IMHOST_XMPP_MODULES / `xmppModules`) and
 * are checked against the modules' declarations when the product is built: a mistake stops
 * start-up with a configuration error that names the module and the option.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError } from '../src/platform/config.js';
import { startTestApp } from './support/app.js';
import { testDialects } from './support/databases.js';

async function startWith(dialect: Parameters<typeof startTestApp>[0], modules: unknown): Promise<unknown> {
  try {
    const t = await startTestApp(dialect, { IMHOST_XMPP_MODULES: JSON.stringify(modules) });
    await t.close();
    return undefined;
  } catch (error) {
    return error;
  }
}

for (const dialect of testDialects()) {
  describe(`XMPP module options from the configuration (${dialect})`, () => {
    it('stops start-up on a bad option, naming the module and the option', async () => {
      for (const [modules, message] of [
        [
          { mam: { writeDelayMs: 5000 } },
          'Invalid configuration: xmppModules.mam.writeDelayMs must be an integer from 0 to 1000, not 5000',
        ],
        [
          { mam: { writeDelay: 10 } },
          /^Invalid configuration: xmppModules\.mam\.writeDelay is not an option of mam/,
        ],
        [
          { archive: {} },
          /^Invalid configuration: xmppModules\.archive is not an XMPP module \(the modules: disco,/,
        ],
      ] as const) {
        const error = await startWith(dialect, modules);
        assert.ok(error instanceof ConfigError, String(error));
        if (typeof message === 'string') assert.equal(error.message, message);
        else assert.match(error.message, message);
      }
    });

    it('starts with options within their bounds', async () => {
      assert.equal(
        await startWith(dialect, { mam: { writeDelayMs: 0 }, ping: { intervalMs: 10_000 } }),
        undefined,
      );
    });
  });
}
