/**
 * Turns a Tesseract integer LSTM model (the `best_int` models on npm) into a float one that `lstmtraining`
 * can continue from: it refuses integer models, and no float Korean model is on npm or in Debian. Each
 * weight matrix is stored as int8 rows with one scale a row (Tesseract's WeightMatrix::ConvertToInt), so
 * row × scale gives the float weights back to within rounding, which fine-tuning then moves anyway.
 * The network is walked as Tesseract serialises it (network.cpp, plumbing.cpp, lstm.cpp, weightmatrix.cpp).
 *
 *   tsx test/ocr-training/int-to-float.ts kor.lstm kor-float.lstm
 */
import { readFileSync, writeFileSync } from 'node:fs';

const INT8 = 1;
const DOUBLE_FORMAT = 128;
const LAYER_SPECIFIC_LR = 64;
const TF_INT_MODE = 1;

const PLUMBING = new Set([
  'Series',
  'Parallel',
  'Replicated',
  'ParBidiLSTM',
  'DepParUDLSTM',
  'Par2dLSTM',
  'RTLReversed',
  'TTBReversed',
  'XYTranspose',
]);
const LSTMS = new Set(['LSTM', 'SummLSTM', 'LSTMSoftmax', 'LSTMBinarySoftmax']);

export function intModelToFloat(model: Buffer): { model: Buffer; matrices: number; spec: string } {
  let at = 0;
  let copied = 0;
  const parts: Buffer[] = [];
  const int32 = () => {
    at += 4;
    return model.readInt32LE(at - 4);
  };
  const string = () => {
    const length = model.readUInt32LE(at);
    at += 4 + length;
    return model.toString('latin1', at - length, at);
  };
  const replace = (from: number, to: number, by: Buffer[]) => {
    parts.push(model.subarray(copied, from), ...by);
    copied = to;
  };
  let matrices = 0;

  const weightMatrix = (): number => {
    const start = at;
    const mode = model.readUInt8(at++);
    if (!(mode & DOUBLE_FORMAT) || !(mode & INT8))
      throw new Error(`not an integer weight matrix at byte ${start}`);
    const rows = model.readUInt32LE(at);
    const columns = model.readUInt32LE(at + 4);
    at += 9; // the two sizes and the int8 "empty" value
    const weights = new Int8Array(model.buffer, model.byteOffset + at, rows * columns);
    at += rows * columns;
    const scales = model.readUInt32LE(at);
    at += 4;
    if (scales < rows) throw new Error(`${scales} scales for ${rows} rows at byte ${start}`);
    const head = Buffer.alloc(17);
    head.writeUInt8((mode & ~INT8) | DOUBLE_FORMAT, 0);
    head.writeUInt32LE(rows, 1);
    head.writeUInt32LE(columns, 5);
    head.writeDoubleLE(0, 9);
    const body = Buffer.alloc(rows * columns * 8);
    for (let r = 0; r < rows; r++) {
      const scale = model.readDoubleLE(at + r * 8);
      for (let c = 0; c < columns; c++)
        body.writeDoubleLE(weights[r * columns + c]! * scale, (r * columns + c) * 8);
    }
    at += scales * 8;
    replace(start, at, [head, body]);
    matrices++;
    return rows;
  };

  const network = (): void => {
    if (model.readInt8(at++) !== 0) throw new Error(`unexpected layer tag at byte ${at - 1}`);
    const type = string();
    at += 2; // training state, needs backprop
    const flags = int32();
    const inputs = int32();
    const outputs = int32();
    int32(); // number of weights
    string(); // name
    if (PLUMBING.has(type)) {
      const layers = model.readUInt32LE(at);
      at += 4;
      for (let i = 0; i < layers; i++) network();
      if (flags & LAYER_SPECIFIC_LR) at += 4 + 4 * model.readUInt32LE(at);
    } else if (type === 'Input') {
      at += 20; // batch, height, width, depth, loss type
    } else if (type === 'Convolve' || type === 'Maxpool' || type === 'Reconfig') {
      at += 8; // half widths or scales
    } else if (LSTMS.has(type)) {
      const na = int32();
      const softmaxInputs =
        type === 'LSTMSoftmax' ? outputs : type === 'LSTMBinarySoftmax' ? Math.ceil(Math.log2(outputs)) : 0;
      // Gates CI, GI, GF1, GO, then GFS for a 2-D LSTM only, which CI's size tells.
      const cells = weightMatrix();
      for (let gate = 0; gate < 3; gate++) weightMatrix();
      if (na - softmaxInputs === inputs + 2 * cells) weightMatrix();
      if (softmaxInputs) network();
    } else {
      weightMatrix(); // the fully connected kinds: Softmax, Tanh, Relu, Linear, Logistic …
    }
  };

  network();
  const spec = string();
  const flagsAt = at;
  const flags = Buffer.alloc(4);
  flags.writeInt32LE(int32() & ~TF_INT_MODE);
  replace(flagsAt, flagsAt + 4, [flags]);
  at += 12 + 12; // iterations, sample iterations, null char; adam beta, learning rate, momentum
  if (at !== model.length) throw new Error(`${model.length - at} bytes left after the recogniser`);
  parts.push(model.subarray(copied));
  return { model: Buffer.concat(parts), matrices, spec };
}

if (process.argv[1] === import.meta.filename) {
  const [input, output] = process.argv.slice(2);
  if (!input || !output) throw new Error('usage: int-to-float.ts INT.lstm FLOAT.lstm');
  const { model, matrices, spec } = intModelToFloat(readFileSync(input));
  writeFileSync(output, model);
  console.log(`${spec}: ${matrices} weight matrices made float`);
}
