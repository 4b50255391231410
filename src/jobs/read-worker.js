// Entry of the photo-reading worker thread (src/jobs/photo-reader.ts): the TypeScript sources run through
// tsx, registered here because a worker thread does not inherit the main thread's loader.
import { register } from 'tsx/esm/api';

register();
await import('./read-worker.ts');
