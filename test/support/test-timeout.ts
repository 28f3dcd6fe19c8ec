/**
 * A deadline for every test, loaded by scripts/test.sh with `--import`. Node 20's `--test-timeout`
 * applies to a whole test file (nodejs/node#50431; per test only from nodejs/node#57672), so a
 * hung test would hold its file until the file's limit. This gives each `it`/`test` that sets no
 * timeout of its own a default one, by wrapping node:test's functions before any test file loads
 * them: syncBuiltinESMExports() is how Node lets the ESM `import { it } from 'node:test'` see the
 * wrapped export.
 */
import { createRequire, syncBuiltinESMExports } from 'node:module';

/** About twice the slowest test seen (the CLI's, which spawns a dozen processes). */
export const PER_TEST_TIMEOUT_MS = Number(process.env.IMHOST_TEST_TIMEOUT_MS ?? 120_000);

type TestFunction = (...args: unknown[]) => unknown;
const nodeTest = createRequire(import.meta.url)('node:test') as Record<'it' | 'test', TestFunction>;

function withDefaultTimeout(original: TestFunction): TestFunction {
  const wrapped = function (this: unknown, ...args: unknown[]) {
    const optionsAt = typeof args[0] === 'string' ? 1 : 0;
    const options = args[optionsAt];
    if (typeof options === 'object' && options !== null)
      args[optionsAt] = { timeout: PER_TEST_TIMEOUT_MS, ...options };
    else args.splice(optionsAt, 0, { timeout: PER_TEST_TIMEOUT_MS });
    return original.apply(this, args);
  };
  // it.skip, it.only and it.todo keep working as they were.
  return Object.assign(wrapped, original);
}

nodeTest.it = withDefaultTimeout(nodeTest.it);
nodeTest.test = withDefaultTimeout(nodeTest.test);
syncBuiltinESMExports();
