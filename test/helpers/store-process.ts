/**
 * A Cardbox store opened in a process of its own, for tests that need real separate processes (the data
 * folder's lock, start-up refusals). Run as `node --import tsx test/helpers/store-process.ts <data folder>`:
 * it prints `ready`, waits for a line `go` on stdin, opens the store and prints one JSON line
 * (`{"opened":true}` or `{"opened":false,"error":"…"}`); an opened store is held until stdin ends, then closed.
 */
import { createInterface } from 'node:readline';
import { openStore, type Store } from '../../src/store/index.ts';

const dir = process.argv[2];
if (!dir) throw new Error('usage: store-process.ts <data folder>');
const lines = createInterface({ input: process.stdin });
let store: Store | undefined;
process.stdout.write('ready\n');
for await (const line of lines) {
  if (line.trim() !== 'go' || store) continue;
  try {
    store = await openStore(dir);
    process.stdout.write(`${JSON.stringify({ opened: true })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ opened: false, error: (error as Error).message })}\n`);
    break;
  }
}
await store?.close();
