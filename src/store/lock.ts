import { createHash, randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * One process at a time owns a data folder: two writers of the same lowdb files would lose each other's
 * changes. The lock is `<dir>/.lock`, holding `{"pid":…,"nonce":…}`. Every step is atomic, so that of any
 * number of processes starting together exactly one wins:
 *
 * - A lock is written in full to a temp file of its own first and then hard-linked to `.lock`: `link` fails
 *   when `.lock` exists, and nobody ever sees a lock without its owner in it.
 * - A lock left by a process that no longer runs is taken over, never deleted and made again. The right to
 *   replace it is itself a lock, `.lock.<hash of the stale lock>.break`, taken the same way (and taken over
 *   the same way if its own owner died): only its winner may replace the stale lock, which it does by renaming
 *   its temp file over `.lock` (atomic) after checking `.lock` still is the stale one. A stale lock's content
 *   never comes back (every lock has a fresh nonce), so a guard won late finds `.lock` changed and gives up.
 * - A lock holding this process's own pid but a nonce it did not make is a lock of an earlier life of the same
 *   pid (a restarted container), so it is stale too.
 */
export async function lockDataFolder(dir: string): Promise<() => Promise<void>> {
  const file = join(dir, '.lock');
  const mine = JSON.stringify({ pid: process.pid, nonce: randomBytes(12).toString('hex') });
  // Held from before the first attempt: a second store of this same process, racing this one, must see it as live.
  held.add(mine);
  const outcome = await claim(file, mine).catch((error: unknown) => {
    held.delete(mine);
    throw error;
  });
  if (outcome !== 'won') {
    held.delete(mine);
    const who = outcome.pid === process.pid ? 'this process' : `pid ${outcome.pid}`;
    throw new Error(
      `데이터 폴더 ${dir}는 다른 Cardbox 프로세스(${who})가 사용 중입니다. 먼저 그 프로세스를 멈추거나 실행 중인 서버의 직원 화면을 쓰세요. ` +
        `(the data folder ${dir} is in use by another Cardbox process (${who}); stop it first, or use the staff pages of the running server)`,
    );
  }
  return async () => {
    held.delete(mine);
    // Only our own lock is removed: never one another process has (wrongly or not) put in its place.
    if ((await readLock(file)) === mine) await rm(file, { force: true });
  };
}

/** What `link` fails with on a file system without hard links. */
const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS']);

/** The locks this process holds or is taking (their exact text): not stale, though our own pid is in them. */
const held = new Set<string>();

type Outcome = 'won' | { pid: number };

/** Makes `file` hold `content`, unless a running process holds it; see `lockDataFolder`. */
async function claim(file: string, content: string): Promise<Outcome> {
  for (;;) {
    const temp = await writeTemp(file, content);
    try {
      await link(temp, file);
      return 'won';
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST' && !NO_LINKS.has(code ?? '')) throw error;
      if (code !== 'EEXIST') {
        throw new Error(
          `데이터 폴더 ${dirname(file)}에 잠금 파일을 만들 수 없습니다(${code}). 하드 링크를 지원하는 파일 시스템(Linux, macOS, Windows NTFS의 로컬 디스크)에 두세요. ` +
            `(cannot take the lock of the data folder ${dirname(file)} (${code}): keep it on a file system with hard links, a local Linux, macOS or Windows NTFS disk) — ${(error as Error).message}`,
        );
      }
    } finally {
      await rm(temp, { force: true });
    }
    const current = await readLock(file);
    if (current === null) continue; // released meanwhile: try again
    const owner = ownerOf(current);
    if (owner !== null && isRunning(owner) && (owner !== process.pid || held.has(current))) {
      return { pid: owner };
    }
    // Stale: whoever wins the guard named after this very lock may replace it.
    const guard = `${file}.${createHash('sha256').update(current).digest('hex').slice(0, 16)}.break`;
    const guarded = await claim(guard, content);
    if (guarded !== 'won') {
      // Another starter is replacing it right now: look again in a moment.
      await new Promise((resolve) => setTimeout(resolve, 10));
      continue;
    }
    try {
      if ((await readLock(file)) === current) {
        const replacement = await writeTemp(file, content);
        try {
          await rename(replacement, file);
        } finally {
          await rm(replacement, { force: true });
        }
        return 'won';
      }
    } finally {
      // Safe to drop: the stale lock it guards is gone for good, so whoever takes the guard later gives up.
      await rm(guard, { force: true });
    }
  }
}

async function writeTemp(file: string, content: string): Promise<string> {
  const temp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

async function readLock(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The pid in a lock: `{"pid":…}`, or a bare number (locks of earlier versions); null when unreadable. */
function ownerOf(text: string): number | null {
  let pid: unknown = Number(text.trim());
  if (!/^\d+$/.test(text.trim())) {
    try {
      pid = (JSON.parse(text) as { pid?: unknown }).pid;
    } catch {
      return null;
    }
  }
  return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 ? pid : null;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
