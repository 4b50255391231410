import { openDeployment } from '../../deployment.ts';
import { readHere } from '../../jobs/photo-reader.ts';
import type { CommandIo } from '../io.ts';
import { UsageError } from '../usage.ts';

/**
 * `cardbox worker`: reads box photos from the deployment's shared queue (DATABASE_URL) until stopped (SIGTERM,
 * SIGINT: the photo being read is finished first). Any number run on any machine that reaches the database and
 * the photo storage.
 */
export async function workerCommand(args: string[], io: CommandIo, stopped = signalled()): Promise<number> {
  if (args.length) throw new UsageError('worker takes no arguments');
  const settings = io.settings();
  if (!settings.DATABASE_URL)
    throw new UsageError('a reading worker needs the shared queue: set DATABASE_URL');
  const deployment = await openDeployment(settings);
  try {
    await deployment.readPhotos!(readHere);
    io.out(`cardbox worker: reading photos for ${deployment.sites.length} institution(s); stop with SIGTERM`);
    await stopped;
    io.out('cardbox worker: stopping after the photo being read');
    return 0;
  } finally {
    await deployment.close();
  }
}

function signalled(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
}
