import { parentPort } from 'node:worker_threads';
import { preparedInput } from './prepare.ts';

/** Makes training inputs on a second thread while the training loop runs: a request is a look and a list of
 * MNIST indices, the answer their 28 × 28 inputs end to end. */
export interface PrepareRequest {
  id: number;
  look: number;
  indices: number[];
}

parentPort?.on('message', async ({ id, look, indices }: PrepareRequest) => {
  const out = new Float32Array(indices.length * 784);
  for (let k = 0; k < indices.length; k++) out.set(await preparedInput(look, indices[k]!), k * 784);
  parentPort?.postMessage({ id, data: out }, [out.buffer]);
});
