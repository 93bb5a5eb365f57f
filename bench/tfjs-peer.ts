// TensorFlow.js (WebGPU backend) peer for netc's throughput benchmarks: trains the d2l reference
// models on real Fashion-MNIST on the same Dawn GPU object netc uses, and reports images/s.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type * as TF from "@tensorflow/tfjs";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { create, globals } from "webgpu";

export type PeerModel = "softmax_regression" | "mlp" | "lenet" | "bn_lenet" | "resnet18";

export interface PeerResult {
  model: PeerModel;
  batch: number;
  steps: number;
  imagesPerSecond: number;
  finalLoss: number;
  backend: string;
}

export interface PeerOptions {
  batch: number;
  steps: number;
  /** Untimed steps run first so shader compilation stays out of the measurement (default 3). */
  warmup?: number;
  /** SGD learning rate; defaults to the one d2l trains each model with. */
  lr?: number;
  /** ResNet-18 input side (default 96, as in d2l); the other models always take 28×28. */
  inputSize?: number;
}

const PEER_MODELS: readonly PeerModel[] = ["softmax_regression", "mlp", "lenet", "bn_lenet", "resnet18"];
const MNIST_SIDE = 28;
const NUM_CLASSES = 10;
const DEFAULT_WARMUP_STEPS = 3;
const DEFAULT_RESNET_SIDE = 96;
const D2L_LEARNING_RATE: Record<PeerModel, number> = {
  softmax_regression: 0.1,
  mlp: 0.1,
  lenet: 0.1,
  bn_lenet: 0.1,
  resnet18: 0.05,
};
// PyTorch's BatchNorm defaults (running stats keep 90% per step), which d2l uses.
const D2L_BATCH_NORM = { momentum: 0.9, epsilon: 1e-5 };

interface LabelledImages {
  /** `count` images of 28×28 pixels scaled to [0, 1], row-major. */
  pixels: Float32Array;
  labels: Int32Array;
  count: number;
}

/** The first `count` training images (or all, if fewer) of Fashion-MNIST, via netc's own reader. */
async function loadFashionMnistTrain(count: number): Promise<LabelledImages> {
  const { train } = await loadFashionMnist();
  const used = Math.min(count, train.count);
  const pixels = Float32Array.from(train.images.subarray(0, used * train.rows * train.cols), (v) => v / 255);
  return { pixels, labels: Int32Array.from(train.labels.subarray(0, used)), count: used };
}

/**
 * Loads TF.js with its WebGPU backend bound to `gpu`. The backend registers itself at import time
 * only if `navigator.gpu` exists, so the shim must precede the (dynamic) import.
 */
async function loadTfjsOnWebgpu(gpu: GPU): Promise<typeof TF> {
  // TF.js uses the GPUBufferUsage/GPUMapMode/... constants as globals, as in a browser.
  Object.assign(globalThis, globals);
  // The global reference also keeps `gpu` alive, which Dawn requires while the device is in use.
  Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  const tf = await import("@tensorflow/tfjs");
  await import("@tensorflow/tfjs-backend-webgpu");
  const activated = await tf.setBackend("webgpu");
  if (!activated || tf.getBackend() !== "webgpu") {
    throw new Error(
      `TF.js could not start its WebGPU backend (active backend: ${tf.getBackend()}); ` +
        "import @tensorflow/tfjs-backend-webgpu only through runTfjsPeer and check that Dawn finds an adapter",
    );
  }
  return tf;
}

function buildModel(tf: typeof TF, model: PeerModel, side: number): TF.LayersModel {
  const inputShape = [side, side, 1];
  const batchNorm = () => tf.layers.batchNormalization(D2L_BATCH_NORM);
  const sigmoid = () => tf.layers.activation({ activation: "sigmoid" });
  switch (model) {
    case "softmax_regression":
      return tf.sequential({ layers: [tf.layers.flatten({ inputShape }), tf.layers.dense({ units: NUM_CLASSES })] });
    case "mlp":
      return tf.sequential({
        layers: [
          tf.layers.flatten({ inputShape }),
          tf.layers.dense({ units: 256, activation: "relu" }),
          tf.layers.dense({ units: NUM_CLASSES }),
        ],
      });
    case "lenet":
      return tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape, filters: 6, kernelSize: 5, padding: "same", activation: "sigmoid" }),
          tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 5, activation: "sigmoid" }),
          tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 120, activation: "sigmoid" }),
          tf.layers.dense({ units: 84, activation: "sigmoid" }),
          tf.layers.dense({ units: NUM_CLASSES }),
        ],
      });
    case "bn_lenet":
      return tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape, filters: 6, kernelSize: 5 }),
          batchNorm(),
          sigmoid(),
          tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
          tf.layers.conv2d({ filters: 16, kernelSize: 5 }),
          batchNorm(),
          sigmoid(),
          tf.layers.averagePooling2d({ poolSize: 2, strides: 2 }),
          tf.layers.flatten(),
          tf.layers.dense({ units: 120 }),
          batchNorm(),
          sigmoid(),
          tf.layers.dense({ units: 84 }),
          batchNorm(),
          sigmoid(),
          tf.layers.dense({ units: NUM_CLASSES }),
        ],
      });
    case "resnet18":
      return buildResnet18(tf, inputShape);
  }
}

/**
 * d2l 8.6 ResNet-18. 'same' padding gives the output sizes of d2l's explicit padding (7×7/2 pad 3,
 * 3×3 pad 1, 3×3/2 pool pad 1); for the stride-2 layers TF puts the odd pixel of padding at the end.
 */
function buildResnet18(tf: typeof TF, inputShape: number[]): TF.LayersModel {
  const chain = (x: TF.SymbolicTensor, ...layers: TF.layers.Layer[]) =>
    layers.reduce((t, layer) => layer.apply(t) as TF.SymbolicTensor, x);
  const conv = (filters: number, kernelSize: number, strides = 1) =>
    tf.layers.conv2d({ filters, kernelSize, strides, padding: "same" });
  const batchNorm = () => tf.layers.batchNormalization(D2L_BATCH_NORM);
  const relu = () => tf.layers.reLU();

  const residual = (x: TF.SymbolicTensor, filters: number, strides: number, projectShortcut: boolean) => {
    const y = chain(x, conv(filters, 3, strides), batchNorm(), relu(), conv(filters, 3), batchNorm());
    const shortcut = projectShortcut ? chain(x, conv(filters, 1, strides)) : x;
    return chain(tf.layers.add().apply([y, shortcut]) as TF.SymbolicTensor, relu());
  };

  const input = tf.input({ shape: inputShape });
  let x = chain(
    input,
    conv(64, 7, 2),
    batchNorm(),
    relu(),
    tf.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: "same" }),
  );
  for (const [filters, firstBlock] of [
    [64, true],
    [128, false],
    [256, false],
    [512, false],
  ] as const) {
    // The first stage keeps resolution and width; each later one halves the side and projects the shortcut.
    x = residual(x, filters, firstBlock ? 1 : 2, !firstBlock);
    x = residual(x, filters, 1, false);
  }
  const logits = chain(x, tf.layers.globalAveragePooling2d({}), tf.layers.dense({ units: NUM_CLASSES }));
  return tf.model({ inputs: input, outputs: logits });
}

/** Resizes 28×28 images to side×side once, before timing, as d2l's (torchvision) bilinear Resize does. */
async function resizeImages(tf: typeof TF, images: Float32Array, count: number, side: number): Promise<Float32Array> {
  const alignCorners = false;
  const halfPixelCenters = true; // torchvision's sampling grid
  const resized = tf.tidy(() =>
    tf.image.resizeBilinear(
      tf.tensor4d(images, [count, MNIST_SIDE, MNIST_SIDE, 1]),
      [side, side],
      alignCorners,
      halfPixelCenters,
    ),
  );
  const pixels = (await resized.data()) as Float32Array;
  resized.dispose();
  return pixels;
}

function requireInteger(name: string, value: number, minimum: number): void {
  if (!Number.isInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer >= ${minimum}, got ${value}`);
  }
}

/**
 * Trains `model` for `steps` SGD steps (after `warmup` untimed ones) on real Fashion-MNIST batches
 * and returns the measured throughput. Each step uploads its batch from a preloaded array, as a real
 * training loop would; the only GPU→CPU sync in the timed region is reading the final loss.
 */
export async function runTfjsPeer(gpu: GPU, model: PeerModel, opts: PeerOptions): Promise<PeerResult> {
  const { batch, steps, warmup = DEFAULT_WARMUP_STEPS, lr = D2L_LEARNING_RATE[model] } = opts;
  requireInteger("batch", batch, 1);
  requireInteger("steps", steps, 1);
  requireInteger("warmup", warmup, 0);
  if (model !== "resnet18" && opts.inputSize !== undefined && opts.inputSize !== MNIST_SIDE) {
    throw new Error(`inputSize applies only to resnet18; ${model} always trains on 28×28 images`);
  }
  const side = model === "resnet18" ? (opts.inputSize ?? DEFAULT_RESNET_SIDE) : MNIST_SIDE;
  requireInteger("inputSize", side, 1);

  const tf = await loadTfjsOnWebgpu(gpu);

  // Only the batches the run visits are loaded (and resized); steps cycle through them.
  const data = await loadFashionMnistTrain(batch * (warmup + steps));
  const batchCount = Math.floor(data.count / batch);
  if (batchCount === 0) throw new Error(`batch ${batch} exceeds the ${data.count} Fashion-MNIST training images`);
  const pixels = side === MNIST_SIDE ? data.pixels : await resizeImages(tf, data.pixels, data.count, side);
  const pixelsPerImage = side * side;

  const net = buildModel(tf, model, side);
  const optimizer = tf.train.sgd(lr);
  const trainStep = (step: number): TF.Scalar =>
    tf.tidy(() => {
      const first = (step % batchCount) * batch;
      const x = tf.tensor4d(pixels.subarray(first * pixelsPerImage, (first + batch) * pixelsPerImage), [
        batch,
        side,
        side,
        1,
      ]);
      const y = tf.oneHot(tf.tensor1d(data.labels.subarray(first, first + batch), "int32"), NUM_CLASSES);
      const loss = optimizer.minimize(
        () => tf.losses.softmaxCrossEntropy(y, net.apply(x, { training: true }) as TF.Tensor) as TF.Scalar,
        true,
      );
      if (loss === null) throw new Error("TF.js optimizer returned no loss; this TF.js version is unsupported");
      return loss;
    });

  try {
    for (let step = 0; step < warmup; step++) {
      const loss = trainStep(step);
      if (step === warmup - 1) await loss.data();
      loss.dispose();
    }
    const start = performance.now();
    let loss = trainStep(warmup);
    for (let step = 1; step < steps; step++) {
      loss.dispose();
      loss = trainStep(warmup + step);
    }
    const finalLoss = (await loss.data())[0]!;
    const seconds = (performance.now() - start) / 1000;
    loss.dispose();
    return { model, batch, steps, imagesPerSecond: (batch * steps) / seconds, finalLoss, backend: tf.getBackend() };
  } finally {
    net.dispose();
    optimizer.dispose();
  }
}

function isPeerModel(name: string): name is PeerModel {
  return (PEER_MODELS as readonly string[]).includes(name);
}

async function main(argv: string[]): Promise<void> {
  const [model, batch, steps, inputSize] = argv;
  if (model === undefined || !isPeerModel(model) || batch === undefined || steps === undefined) {
    throw new Error(
      `usage: node dist/bench/tfjs-peer.js <${PEER_MODELS.join("|")}> <batch> <steps> [resnet18 inputSize]`,
    );
  }
  Object.assign(globalThis, globals);
  const gpu = create([]);
  const opts: PeerOptions = { batch: Number(batch), steps: Number(steps) };
  if (inputSize !== undefined) opts.inputSize = Number(inputSize);
  console.log(JSON.stringify(await runTfjsPeer(gpu, model, opts)));
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(`tfjs-peer: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
