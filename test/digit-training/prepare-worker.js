// Entry of the training-input worker thread (train.ts): the TypeScript sources run through tsx, registered
// here because a worker thread does not inherit the main thread's loader.
import { register } from 'tsx/esm/api';

register();
await import('./prepare-worker.ts');
