import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_CI } from './cardbox.ts';

/**
 * A small real file system (tmpfs) to be a data folder, that the test can fill to the last byte: writes then
 * fail with ENOSPC exactly as on a full disk, while reads go on working. Mounting needs root (CI runs as root);
 * elsewhere `available` is false and the test says so loudly; under CI it is a failure.
 */
export interface FullDisk {
  dir: string;
  /** Fills every free byte with a ballast file. */
  fill(): Promise<void>;
  /** Deletes the ballast: the disk has room again. */
  free(): Promise<void>;
  unmount(): Promise<void>;
}

export async function smallDisk(megabytes = 16): Promise<FullDisk | null> {
  const dir = await mkdtemp(join(tmpdir(), 'cardbox-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m,mode=0700`, 'tmpfs', dir], {
      stdio: 'pipe',
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    const why = `cannot mount a tmpfs for the full-disk test (needs root): ${(error as Error).message}`;
    if (IN_CI) throw new Error(why);
    console.warn(`\n*** SKIPPED: ${why}\n`);
    return null;
  }
  const ballast = join(dir, 'ballast');
  return {
    dir: join(dir, 'data'),
    async fill() {
      // One big write until the file system refuses, then small ones for the last blocks.
      for (const size of [megabytes * 1024 * 1024, 64 * 1024, 4096, 512, 1]) {
        for (;;) {
          try {
            await writeFile(ballast, Buffer.alloc(size), { flag: 'a' });
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
            break;
          }
        }
      }
    },
    async free() {
      await rm(ballast, { force: true });
    },
    async unmount() {
      execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
      await rm(dir, { recursive: true, force: true });
    },
  };
}
