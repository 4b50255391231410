import PgBoss from 'pg-boss';

const QUEUE = 'read-photo';

/** A photo to read: which institution's, and which photo. */
export interface ReadPhotoJob {
  institution: string;
  photoId: string;
}

export interface ReadingQueue {
  /** Queues a photo once: while it is waiting (or being retried) another request for it is the same job. */
  enqueue: (job: ReadPhotoJob) => Promise<void>;
  /**
   * Reads photos as they come, one at a time in this process, until `stop`. A job that throws is retried (with
   * a growing delay, five times); one whose worker vanished (killed, a machine lost) is taken back once it has
   * been active for `timeoutSeconds`, and run again.
   */
  work: (read: (job: ReadPhotoJob) => Promise<void>) => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * The queue of photos to read, in the database itself (pg-boss, its own schema `pgboss`): any number of
 * `cardbox worker` processes on any machine that reaches the database and the photo storage take jobs from it.
 */
export async function openReadingQueue(
  url: string,
  options: { timeoutSeconds: number },
): Promise<ReadingQueue> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    max: 4,
    // How often a lost worker's job is looked for: well within the time it is given.
    maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(options.timeoutSeconds / 2))),
    monitorStateIntervalSeconds: Math.max(1, Math.min(60, Math.floor(options.timeoutSeconds / 2))),
  });
  boss.on('error', (error) => console.error('reading queue:', error));
  await boss.start();
  const settings = {
    // One job per photo in each state: a photo is never read by two workers at once.
    policy: 'stately' as const,
    retryLimit: 5,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: options.timeoutSeconds,
  };
  await boss.createQueue(QUEUE, { name: QUEUE, ...settings });
  await boss.updateQueue(QUEUE, { name: QUEUE, ...settings });
  return {
    enqueue: async (job) => {
      await boss.send(QUEUE, job, { singletonKey: `${job.institution}/${job.photoId}` });
    },
    work: async (read) => {
      await boss.work<ReadPhotoJob>(QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (job) await read(job.data);
      });
    },
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
