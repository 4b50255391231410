import { open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * One process at a time owns a data folder: two writers of the same lowdb files would lose each other's
 * changes. A lock left by a process that no longer runs is taken over.
 */
export async function lockDataFolder(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, '.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(String(process.pid));
      await handle.close();
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
      if (owner && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `the data folder ${dir} is in use by another Cardbox process (pid ${owner}); stop it first, or use the staff pages of the running server`,
        );
      }
      await rm(file, { force: true });
    }
  }
  throw new Error(`cannot lock the data folder ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
