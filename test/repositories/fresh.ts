import { afterEach } from 'vitest';

/** Inside a `describe`: `fresh()` opens storage for one test, cleaned up after it whatever its outcome. */
export function freshEachTest<T extends { cleanup: () => Promise<void> }>(
  open: () => Promise<T>,
): () => Promise<T> {
  let under: T | undefined;
  afterEach(async () => {
    await under?.cleanup();
    under = undefined;
  });
  return async () => {
    under = await open();
    return under;
  };
}
