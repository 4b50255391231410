import { access, constants, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';

/** Files written outside the data folder, where a person asked for them (the CLI's --out). */

export interface OutputFile {
  name: string;
  bytes: Uint8Array;
}

/** Fails early, before any work, when `target` (a file, or a folder when `isFolder`) cannot be written. */
export async function checkWritable(target: string, isFolder: boolean): Promise<void> {
  const path = resolve(target);
  const folder = isFolder ? path : dirname(path);
  const existing = await stat(path).catch(() => null);
  if (existing && isFolder && !existing.isDirectory())
    throw new Error(`${target} exists and is not a folder`);
  if (existing && !isFolder && existing.isDirectory())
    throw new Error(`${target} is a folder; give a file name such as cards.pdf`);
  const parent = isFolder && !existing ? dirname(path) : folder;
  try {
    await access(parent, constants.W_OK);
  } catch {
    throw new Error(`cannot write to ${parent}: the folder does not exist or is not writable`);
  }
}

/**
 * Writes all files or none: each goes to a temp name first and is renamed into place only when every one
 * has been written.
 */
export async function writeOutputs(
  target: string,
  files: OutputFile[],
  isFolder: boolean,
): Promise<string[]> {
  const path = resolve(target);
  if (isFolder) await mkdir(path, { recursive: true });
  const finals = files.map((file) => (isFolder ? join(path, file.name) : path));
  const temps = finals.map((final) => `${final}.${process.pid}.partial`);
  try {
    for (const [i, file] of files.entries()) await writeFile(temps[i]!, file.bytes);
    for (const [i, final] of finals.entries()) await rename(temps[i]!, final);
  } catch (error) {
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
    throw new Error(`could not write ${target}: ${(error as Error).message}`);
  }
  return finals;
}
