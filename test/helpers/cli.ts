import { main } from '../../src/cli/main.ts';
import { readSettings } from '../../src/config/settings.ts';
import type { Cardbox } from '../../src/context.ts';
import { type EmbeddedCardbox, openEmbeddedCardbox } from './cardbox.ts';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs the `cardbox` CLI in this process, as `npx cardbox …` would: on an open Cardbox (left open), or on the
 * data folder of `env` (opened for the run and closed after it, so its files are complete on disk).
 */
export async function runCli(argv: string[], on: Cardbox | Record<string, string>): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  let opened: EmbeddedCardbox | undefined;
  const open = async () => {
    if ('store' in on) return on as Cardbox;
    opened ??= await openEmbeddedCardbox(readSettings(on as Record<string, string>));
    return opened;
  };
  try {
    const settings = () =>
      'store' in on ? (on as Cardbox).settings : readSettings(on as Record<string, string>);
    const code = await main(argv, {
      out: (text) => out.push(text),
      err: (text) => err.push(text),
      open,
      settings,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    await opened?.store.close();
  }
}
