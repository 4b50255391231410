#!/usr/bin/env node
// The `cardbox` command: TypeScript sources run through tsx, so the CLI and the server share one code base.
import { register } from 'tsx/esm/api';

process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});
register();
const { main } = await import('./main.ts');
const code = await main(process.argv.slice(2));
// Out once the output is written: a command's helpers (OCR threads, a database pool) must not keep it running.
process.stdout.write('', () => process.exit(code));
