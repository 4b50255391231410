import { readSettings } from '../config/settings.ts';
import type { Cardbox } from '../context.ts';
import { openCardbox } from '../context.ts';
import { ingestCommand } from './commands/ingest.ts';
import { institutionCommand } from './commands/institution.ts';
import { layoutCommand } from './commands/layout.ts';
import { migrateCommand } from './commands/migrate.ts';
import { printCommand } from './commands/print.ts';
import { reportCommand } from './commands/report.ts';
import { workerCommand } from './commands/worker.ts';
import type { CommandIo } from './io.ts';
import { USAGE, UsageError } from './usage.ts';

export type { CommandIo } from './io.ts';

type Command = (args: string[], io: CommandIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  ingest: ingestCommand,
  institution: institutionCommand,
  layout: layoutCommand,
  migrate: migrateCommand,
  print: printCommand,
  report: reportCommand,
  worker: workerCommand,
};

/** Runs one CLI command; returns the exit code (0 done, 1 failed, 2 wrong usage). */
export async function main(argv: string[], io: Partial<CommandIo> = {}): Promise<number> {
  let opened: Promise<Cardbox> | undefined;
  const settings = io.settings ?? (() => readSettings());
  const openOnce = io.open ?? (() => openCardbox(settings()));
  const full: CommandIo = {
    out: io.out ?? ((text) => process.stdout.write(`${text}\n`)),
    err: io.err ?? ((text) => process.stderr.write(`${text}\n`)),
    open: () => {
      opened ??= openOnce();
      return opened;
    },
    settings,
  };
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    full.out(USAGE);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    full.err(`cardbox: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  try {
    return await command(args, full);
  } catch (error) {
    if (error instanceof UsageError) {
      full.err(`cardbox ${name}: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    full.err(`cardbox ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    // A Cardbox handed in by the caller (tests, an embedding program) stays open: its owner closes it.
    const cardbox = io.open ? undefined : await opened?.catch(() => undefined);
    await cardbox?.close();
  }
}
