import { parseArgs } from 'node:util';
import { hostAdd, memberAdd, memberPasswd, migrate, staffAdd, type ParsedArgs } from './cli/commands.js';
import { createOutput, EXIT, reportFailure, usage, UsageError } from './cli/output.js';
import { start } from './cli/start.js';

/** The `imhost` command line: `imhost start`, and the operator's commands that work beside it. */
async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        password: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        customer: { type: 'string' },
        plan: { type: 'string' },
        cycle: { type: 'string' },
        currency: { type: 'string' },
      },
    });
  } catch (error) {
    return reportFailure(new UsageError((error as Error).message), argv.includes('--json'));
  }
  const json = parsed.values.json ?? false;
  const out = createOutput(json);
  const args = parsed as unknown as ParsedArgs;
  const [command, sub] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(`${usage}\n`);
    return command || parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    switch (`${command} ${sub ?? ''}`.trim()) {
      case 'start':
        return await start(out);
      case 'migrate':
        await migrate(out);
        return EXIT.ok;
      case 'staff add':
        await staffAdd(args, out);
        return EXIT.ok;
      case 'host add':
        await hostAdd(args, out);
        return EXIT.ok;
      case 'member add':
        await memberAdd(args, out);
        return EXIT.ok;
      case 'member passwd':
        await memberPasswd(args, out);
        return EXIT.ok;
      default:
        throw new UsageError(`unknown command: ${parsed.positionals.join(' ')}`);
    }
  } catch (error) {
    return reportFailure(error, json);
  }
}

const code = await main(process.argv.slice(2));
if (code !== EXIT.ok || process.argv[2] !== 'start') process.exit(code);
