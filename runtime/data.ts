// Datasets, IDX parsing, seeded randomness and batching; browser-safe (no Node built-ins).

export interface ImageDataset {
  /** count × rows × cols pixels, row-major, one byte each. */
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
  rows: number;
  cols: number;
  classes: readonly string[];
}

/** The side of every Fashion-MNIST image, in pixels. */
export const FASHION_MNIST_SIDE = 28;

/** d2l's text labels for the Fashion-MNIST classes, indexed by label. */
export const FASHION_MNIST_CLASSES: readonly string[] = [
  "t-shirt",
  "trouser",
  "pullover",
  "dress",
  "coat",
  "sandal",
  "shirt",
  "sneaker",
  "bag",
  "ankle boot",
];

export class IdxError extends Error {
  override name = "IdxError";
}

/** An unsigned-byte IDX array: its dimensions and its data (a view into the parsed bytes). */
export interface IdxArray {
  shape: readonly number[];
  data: Uint8Array;
}

const IDX_UNSIGNED_BYTE = 0x08;

/** Parses an IDX file of unsigned bytes (the MNIST format: magic, big-endian dims, data). */
export function parseIdx(bytes: Uint8Array): IdxArray {
  if (bytes.length < 4) {
    throw new IdxError(`IDX file is ${bytes.length} bytes long, too short for its 4-byte magic number`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0) !== 0) {
    throw new IdxError(
      `not an IDX file: magic number 0x${hex32(view.getUint32(0))} does not start with two zero bytes`,
    );
  }
  const dataType = bytes[2]!;
  if (dataType !== IDX_UNSIGNED_BYTE) {
    throw new IdxError(
      `IDX data type 0x${dataType.toString(16).padStart(2, "0")} is not supported; only unsigned bytes (0x08) are`,
    );
  }
  const rank = bytes[3]!;
  if (rank === 0) throw new IdxError("IDX file declares zero dimensions");
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    throw new IdxError(
      `IDX file is ${bytes.length} bytes long, too short for the ${rank} dimensions its header declares`,
    );
  }
  const shape: number[] = [];
  for (let axis = 0; axis < rank; axis++) shape.push(view.getUint32(4 + 4 * axis));
  const dataLength = shape.reduce((product, size) => product * size, 1);
  const actual = bytes.length - headerLength;
  if (actual !== dataLength) {
    const problem = actual < dataLength ? "truncated" : "longer than declared";
    throw new IdxError(
      `IDX file is ${problem}: its shape [${shape.join(", ")}] needs ${dataLength} data bytes but it has ${actual}`,
    );
  }
  return { shape, data: bytes.subarray(headerLength) };
}

/** Builds a dataset from a parsed IDX image file (count×rows×cols) and its IDX label file. */
export function imageDatasetFromIdx(images: IdxArray, labels: IdxArray, classes: readonly string[]): ImageDataset {
  if (images.shape.length !== 3) {
    throw new IdxError(`IDX image file has ${images.shape.length} dimensions; expected 3 (count, rows, cols)`);
  }
  if (labels.shape.length !== 1) {
    throw new IdxError(`IDX label file has ${labels.shape.length} dimensions; expected 1 (count)`);
  }
  const [count, rows, cols] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) {
    throw new IdxError(`IDX files disagree: ${count} images but ${labels.shape[0]} labels`);
  }
  const badLabel = labels.data.findIndex((label) => label >= classes.length);
  if (badLabel >= 0) {
    throw new IdxError(
      `label ${labels.data[badLabel]} at index ${badLabel} is out of range for ${classes.length} classes`,
    );
  }
  return { images: images.data, labels: labels.data, count, rows, cols, classes };
}

function hex32(value: number): string {
  return value.toString(16).padStart(8, "0");
}

/** A seeded 32-bit generator (mulberry32): fast, reproducible across platforms. */
export class Rng {
  private state: number;
  private spareNormal: number | null = null;

  /** The seed is taken modulo 2^32. */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  nextFloat(): number {
    return this.nextU32() / 2 ** 32;
  }

  /** Uniform integer in [0, bound), without modulo bias. */
  nextBelow(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > 2 ** 32) {
      throw new RangeError(`nextBelow needs an integer bound in 1..2^32, got ${bound}`);
    }
    const unbiasedLimit = 2 ** 32 - (2 ** 32 % bound);
    let value = this.nextU32();
    while (value >= unbiasedLimit) value = this.nextU32();
    return value % bound;
  }

  /** Standard normal sample (Box–Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return spare;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - this.nextFloat())); // 1 - u is in (0, 1]
    const angle = 2 * Math.PI * this.nextFloat();
    this.spareNormal = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  }
}

/** A permutation of 0..count-1 (Fisher–Yates), the same for the same seed and epoch. */
export function shuffledIndices(count: number, seed: number, epoch: number): Uint32Array {
  const rng = new Rng(mixSeed(seed, epoch));
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = rng.nextBelow(i + 1);
    const swapped = order[i]!;
    order[i] = order[j]!;
    order[j] = swapped;
  }
  return order;
}

/** Hashes (seed, epoch) into one well-mixed 32-bit seed so nearby epochs get unrelated streams. */
function mixSeed(seed: number, epoch: number): number {
  let h = Math.imul((seed >>> 0) ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13) ^ (epoch >>> 0), 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}

/**
 * Splits `order` (or 0..count-1 when `order` is null) into consecutive batches of `batchSize`
 * indices. The yielded arrays are views into one array, not copies.
 */
export function* batches(
  count: number,
  batchSize: number,
  order: Uint32Array | null,
  options: { dropLast: boolean },
): Generator<Uint32Array> {
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  }
  if (order && order.length !== count) {
    throw new RangeError(`batch order has ${order.length} indices but the dataset has ${count} examples`);
  }
  const indices = order ?? Uint32Array.from({ length: count }, (_, i) => i);
  const end = options.dropLast ? count - (count % batchSize) : count;
  for (let start = 0; start < end; start += batchSize) {
    yield indices.subarray(start, Math.min(start + batchSize, end));
  }
}

/** Copies the images at `indices` into `out`, one after another. */
export function gatherImageBatch(dataset: ImageDataset, indices: Uint32Array, out: Uint8Array): void {
  const pixels = dataset.rows * dataset.cols;
  checkBatchCapacity("gatherImageBatch", out.length, indices.length * pixels);
  for (let k = 0; k < indices.length; k++) {
    const source = indices[k]! * pixels;
    out.set(dataset.images.subarray(source, source + pixels), k * pixels);
  }
}

/** Copies the labels at `indices` into `out`, one after another. */
export function gatherLabelBatch(dataset: ImageDataset, indices: Uint32Array, out: Uint8Array): void {
  checkBatchCapacity("gatherLabelBatch", out.length, indices.length);
  for (let k = 0; k < indices.length; k++) out[k] = dataset.labels[indices[k]!]!;
}

function checkBatchCapacity(caller: string, capacity: number, needed: number): void {
  if (capacity < needed) {
    throw new RangeError(`${caller}: the output array holds ${capacity} bytes but the batch needs ${needed}`);
  }
}

export interface LinearData {
  /** count × featureCount, row-major. */
  features: Float32Array;
  targets: Float32Array;
  count: number;
  featureCount: number;
}

/** d2l's synthetic regression data: X ~ N(0, 1), y = Xw + b + N(0, noise²). */
export function syntheticLinear(options: {
  w: readonly number[];
  b: number;
  noise: number;
  examples: number;
  seed: number;
}): LinearData {
  const { w, b, noise, examples } = options;
  const rng = new Rng(options.seed);
  const featureCount = w.length;
  const features = new Float32Array(examples * featureCount);
  const targets = new Float32Array(examples);
  for (let i = 0; i < examples; i++) {
    let y = b;
    for (let j = 0; j < featureCount; j++) {
      const index = i * featureCount + j;
      features[index] = rng.normal();
      y += features[index]! * w[j]!; // the stored float32 value, as d2l's float32 matmul uses
    }
    targets[i] = y + noise * rng.normal();
  }
  return { features, targets, count: examples, featureCount };
}
