import { parseArgs } from 'node:util';
import { hostAdd, memberAdd, memberPasswd, staffAdd, type ParsedArgs } from './cli/commands.js';
import { backup, migrate, restore, upgradeCheck, type OperationsArgs } from './cli/operations.js';
import { createOutput, EXIT, reportFailure, usage, UsageError } from './cli/output.js';
import { doctor } from './cli/doctor.js';
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
        to: { type: 'string' },
        force: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        'no-backup': { type: 'boolean', default: false },
      },
    });
  } catch (error) {
    return reportFailure(new UsageError((error as Error).message), argv.includes('--json'));
  }
  const json = parsed.values.json ?? false;
  const out = createOutput(json);
  const args = parsed as unknown as ParsedArgs;
  const operationsArgs = parsed as unknown as OperationsArgs;
  const [command, sub] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(`${usage}\n`);
    return command || parsed.values.help ? EXIT.ok : EXIT.usage;
  }
  try {
    // `restore FILE` takes a file, not a subcommand.
    switch (command === 'restore' ? command : `${command} ${sub ?? ''}`.trim()) {
      case 'start':
        return await start(out, { backupBeforeMigrate: !parsed.values['no-backup'] });
      case 'migrate':
        await migrate(operationsArgs, out);
        return EXIT.ok;
      case 'backup':
        await backup(operationsArgs, out);
        return EXIT.ok;
      case 'restore':
        await restore(operationsArgs, out);
        return EXIT.ok;
      case 'upgrade':
        if (!parsed.values.check)
          throw new UsageError(
            'upgrade needs --check; to upgrade, install the new release and run imhost migrate (or start it)',
          );
        return await upgradeCheck(out);
      case 'doctor':
        return await doctor(out);
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
