// `netc train` and `netc eval`: compile a spec in memory, run it on this machine's WebGPU adapter
// (Dawn), and write the checkpoint, a JSONL metrics log and an SVG plot of the curves.

import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { compile, trainingGraph } from "../compile.js";
import { frontEnd, type FrontEndOptions } from "../front-end.js";
import { Diagnostics, formatDiagnostic, unreadableReason, unwritableReason, type Diagnostic } from "../diagnostics.js";
import type { Limits } from "../6-plan/index.js";
import { isParam, isState, type Graph, type TrainConfig } from "../ir/graph.js";
import type { Target } from "../ops/family.js";
import { FASHION_MNIST_SIDE, syntheticLinear, type ImageDataset } from "../../runtime/data.js";
import { Model } from "../../runtime/engine.js";
import { checkTensorsMatch, decodeSafetensors, SafetensorsError } from "../../runtime/safetensors.js";
import type { GpuContext } from "../../runtime/gpu.js";
import { requestNodeGpu } from "../../runtime/node/gpu.js";
import { loadFashionMnist } from "../../runtime/node/fashion-mnist.js";
import { checkWritable, UnwritableTargetError, writeFileAtomic } from "../../runtime/node/files.js";
import { formatMetricsLine, type MetricsRecord } from "../../runtime/metrics.js";
import type { ModelPlan } from "../../runtime/plan.js";
import { adapterIdentity, cachedTiles, loadTuneCache, tuneCachePath, type TuneCache } from "../tune/cache.js";
import { plotCurves } from "../../runtime/plot.js";
import { ProgressLine } from "../../runtime/progress.js";
import {
  evaluate,
  featureSource,
  imageSource,
  NonFiniteLossError,
  trainModel,
  type BatchSource,
  type EpochResult,
} from "../../runtime/trainer.js";

export interface TrainCommandOptions {
  epochs?: number;
  batch?: number;
  /** Replaces the spec's input height and width (and the data's resize). */
  imageSize?: number;
  lr?: number;
  seed?: number;
  data?: string;
  out: string;
  /** Stop each epoch after this many steps. */
  steps?: number;
  quiet?: boolean;
  fuse?: boolean;
  /** The tile cache of `netc tune` (default: tuneCachePath()). */
  tuneCache?: string;
  /** A checkpoint to start from instead of the spec's initialisation (the optimizer starts afresh). */
  weights?: string;
}

/** A failure the user can act on: printed as one line, exit status 1. */
export class CommandError extends Error {}

/** A spec that does not compile: printed as its located diagnostics, like `netc check` prints them. */
export class SpecError extends CommandError {
  constructor(
    readonly diagnostics: Diagnostic[],
    readonly sources: Map<string, string>,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Runs `write`, which writes `path` (named by the option `flag`); where the path is the problem (a
 * file in the way, no permission, a full disk), a one-line error saying so and what to pass instead.
 */
export async function writingTo<T>(path: string, flag: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const reason = writeFailureReason(error);
    if (reason === undefined) throw error;
    throw new CommandError(`cannot write ${path} (${reason}): pass ${flag} a path netc can write to`);
  }
}

/** Why writing a path failed, in words; undefined for an error that is not the file system's. */
function writeFailureReason(error: unknown): string | undefined {
  if (error instanceof UnwritableTargetError) return error.reason;
  const known = unwritableReason(error);
  if (known !== undefined) return known;
  // Any other failed system call (ENOENT creating a file in /proc, EIO, ...): the system's own
  // words, without the code and the temporary file's name ("ENOENT: no such file or directory, open '…'").
  const { code, syscall, message } = error as NodeJS.ErrnoException;
  if (typeof code !== "string" || typeof syscall !== "string") return undefined;
  return message.replace(/^[A-Z0-9_]+: /, "").replace(/, \w+ '.*$/, "");
}

/** The error for a spec that does not compile: its located diagnostics, one per line. */
export function specError(
  file: string,
  result: { diagnostics: Diagnostic[]; sources: Map<string, string> },
): SpecError {
  const errors = result.diagnostics.map((d) => formatDiagnostic(d, result.sources)).join("\n");
  return new SpecError(result.diagnostics, result.sources, errors || `${file}: cannot be compiled`);
}

/**
 * Stops on the spec's own errors (syntax, names, shapes, its training setup at the run's batch)
 * before an adapter is started: they need none, and a driver takes a while to start and prints its
 * own warnings first. Returns the model's graph and its training configuration.
 */
export function checkSpecBeforeAdapter(
  file: string,
  options: FrontEndOptions & { batch?: number },
): { graph: Graph; train: TrainConfig } {
  const checked = frontEnd(file, options);
  const diags = new Diagnostics();
  diags.list.push(...checked.diagnostics);
  const training = checked.graph && trainingGraph(checked.graph, file, options, diags);
  if (training === undefined) throw specError(file, { diagnostics: diags.list, sources: checked.sources });
  return { graph: checked.graph!, train: training.train };
}

export interface Session {
  gpu: GpuContext;
  plan: ModelPlan;
  model: Model;
  /** The spec's training (and test) data, in batches of the plan's size. */
  data: SpecData;
}

export interface SpecData {
  train: BatchSource;
  test?: BatchSource;
}

/**
 * Compiles `file` for this machine's adapter, creates the model on it (with the checkpoint
 * `--weights` names, where given) and reads the spec's data (from `--data`, where given).
 */
export async function openModel(
  file: string,
  overrides: {
    batch?: number;
    imageSize?: number;
    lr?: number;
    seed?: number;
    epochs?: number;
    fuse?: boolean;
    tuneCache?: string;
    data?: string;
    weights?: string;
  },
  /** Runs after the spec and its inputs are checked, before the adapter starts: checks of the caller's own. */
  beforeAdapter: (graph: Graph) => Promise<void> = async () => {},
): Promise<Session> {
  const tuneCache = await readGivenTuneCache(overrides.tuneCache);
  // Before the adapter: a bad spec, or a checkpoint or dataset that cannot be read, fails at once.
  const run = { lr: overrides.lr, epochs: overrides.epochs, seed: overrides.seed };
  const front = {
    feedsSpecData: true,
    run,
    ...(overrides.batch ? { batch: overrides.batch } : {}),
    ...(overrides.imageSize ? { imageSize: overrides.imageSize } : {}),
  };
  const { graph, train } = checkSpecBeforeAdapter(file, front);
  const checkpoint = overrides.weights === undefined ? undefined : await readCheckpoint(overrides.weights, graph);
  const images = train.data.source === "fashion_mnist" ? await readFashionMnist(overrides.data) : undefined;
  await beforeAdapter(graph);
  const gpu = await requestNodeGpu();
  try {
    const result = compile(file, {
      ...front,
      limits: limitsOf(gpu),
      target: tunedTargetOf(gpu, tuneCache),
      ...(overrides.fuse === false ? { fuse: false } : {}),
    });
    if (result.plan === undefined) throw specError(file, result);
    const plan = result.plan;
    const model = await Model.create(gpu.device, plan);
    // A fresh model's optimizer state is zero: the checkpoint's tensors are all there is to load.
    if (checkpoint !== undefined) model.writeTensors(checkpoint);
    return { gpu, plan, model, data: batchSources(plan, images) };
  } catch (error) {
    gpu.destroy();
    throw error;
  }
}

/** The device limits a plan for this adapter must respect. */
export function limitsOf(gpu: GpuContext): Limits {
  const { maxStorageBufferBindingSize, maxBufferSize, maxStorageBuffersPerShaderStage } = gpu.limits;
  return { maxStorageBufferBindingSize, maxBufferSize, maxStorageBuffersPerShaderStage };
}

/** What this adapter offers the kernels beyond WebGPU's defaults. */
export function targetOf(gpu: GpuContext): Target {
  return {
    ...(gpu.features.has("subgroups") ? { subgroupMinSize: gpu.adapter.info.subgroupMinSize } : {}),
    workgroupStorage: gpu.limits.maxComputeWorkgroupStorageSize,
    // A software adapter runs each workgroup on one of this machine's CPU threads: a GEMM of one
    // workgroup per thread keeps it busy (splitting k further measured no faster on lavapipe).
    ...(gpu.adapter.info.isFallbackAdapter
      ? { minThreads: availableParallelism(), minWorkgroups: availableParallelism(), software: true }
      : {}),
  };
}

/** targetOf(gpu) with the GEMM tiles `netc tune` cached for this adapter; without an entry, the ops' defaults. */
export function tunedTargetOf(gpu: GpuContext, tuneCache: TuneCache): Target {
  const gemmTiles = cachedTiles(tuneCache, adapterIdentity(gpu.adapter));
  return gemmTiles ? { ...targetOf(gpu), gemmTiles } : targetOf(gpu);
}

/**
 * tunedTargetOf this machine's adapter with the cache at `tuneCache` (default tuneCachePath()),
 * for compiling without running (`netc compile --tuned`).
 */
export async function thisAdapterTarget(tuneCache?: string): Promise<Target> {
  const cache = await readGivenTuneCache(tuneCache);
  const gpu = await requestNodeGpu();
  try {
    return tunedTargetOf(gpu, cache);
  } finally {
    gpu.destroy();
  }
}

/**
 * The tune cache at `given` (`--tune-cache`), else at tuneCachePath(). A cache named on the command
 * line that is not there is a warning (a mistyped path would otherwise pass unnoticed).
 */
async function readGivenTuneCache(given: string | undefined): Promise<TuneCache> {
  if (given !== undefined && !existsSync(given))
    process.stderr.write(
      `netc: warning: no tune cache at ${given}; using the default tiles (\`netc tune --tune-cache ${given}\` writes one)\n`,
    );
  return loadTuneCache(tuneCachePath(given), warnOfTuneCache);
}

/** The tune cache is optional: one that cannot be read is a warning, and the ops' default tiles are used. */
export function warnOfTuneCache(problem: Error): void {
  process.stderr.write(
    `netc: warning: ${problem.message}; using the default tiles (\`netc tune\` rewrites the file)\n`,
  );
}

/** Fashion-MNIST from `dir` (default: $NETC_DATA, else Debian's folder), checked to be its 28×28 images. */
async function readFashionMnist(dir: string | undefined): Promise<{ train: ImageDataset; test: ImageDataset }> {
  const { train, test } = await loadFashionMnist(dir);
  const side = FASHION_MNIST_SIDE;
  for (const [split, images] of Object.entries({ training: train, test })) {
    if (images.rows !== side || images.cols !== side)
      throw new CommandError(
        `the dataset's ${split} images are ${images.rows}×${images.cols} pixels, not Fashion-MNIST's ${side}×${side}: pass --data a folder of Fashion-MNIST's files`,
      );
  }
  return { train, test };
}

/** The plan's data as batch sources: Fashion-MNIST's `images`, or the synthetic data the plan describes. */
function batchSources(plan: ModelPlan, images: { train: ImageDataset; test: ImageDataset } | undefined): SpecData {
  const data = plan.data;
  if (data.source === "synthetic_linear") {
    const examples = syntheticLinear({
      w: data.w,
      b: data.b,
      noise: data.noise,
      examples: data.examples,
      seed: plan.seed,
    });
    return { train: featureSource(examples.features, examples.targets, examples.featureCount, plan.batch) };
  }
  return { train: imageSource(images!.train, plan.batch), test: imageSource(images!.test, plan.batch) };
}

export async function trainCommand(file: string, options: TrainCommandOptions): Promise<EpochResult[]> {
  const outputsOf = (model: string) => {
    const stem = join(options.out, model);
    return { checkpoint: `${stem}.safetensors`, metrics: `${stem}.metrics.jsonl`, plot: `${stem}.svg` };
  };
  // A path that cannot be written fails at once, not after an epoch of training; after the inputs,
  // since the check makes the --out folder, which a run refused for its weights or data should not leave.
  const { gpu, plan, model, data } = await openModel(file, options, async (graph) => {
    for (const path of Object.values(outputsOf(graph.model))) await writingTo(path, "--out", () => checkWritable(path));
  });
  try {
    const outputs = outputsOf(plan.model);
    const writeOutput = (path: string, data: Uint8Array | string) =>
      writingTo(path, "--out", () => writeFileAtomic(path, data));
    const stepsPerEpoch = Math.min(Math.ceil(data.train.count / plan.batch), options.steps ?? Infinity);
    const progress = new ProgressLine(process.stderr, { epochs: plan.epochs, stepsPerEpoch, batchSize: plan.batch });
    const history: EpochResult[] = [];
    const records: MetricsRecord[] = [];
    if (!options.quiet)
      process.stderr.write(
        `training ${plan.model} on ${gpu.adapterName}: ${plural(plan.epochs, "epoch")} of ${plural(stepsPerEpoch, "step")}, batch ${plan.batch}\n`,
      );
    const started = performance.now();
    try {
      await trainModel(model, data.train, data.test, {
        epochs: plan.epochs,
        seed: plan.seed,
        ...(options.steps ? { maxStepsPerEpoch: options.steps } : {}),
        onProgress: (p) => {
          if (!options.quiet) progress.update(p.epoch + 1, p.step, p.loss, p.imagesPerSecond);
        },
        onWait: ({ kind, epoch }) => {
          if (options.quiet) return;
          if (kind === "first step") progress.status(epoch + 1, 0, "first step (drivers may compile kernels now)…");
          else progress.status(epoch + 1, stepsPerEpoch, "evaluating on the test set…");
        },
        onEpoch: async (r) => {
          history.push(r);
          if (!options.quiet)
            progress.endEpoch(r.epoch, r.trainLoss, r.imagesPerSecond, {
              ...(plan.loss === "cross_entropy" ? { trainAcc: r.trainAccuracy } : {}),
              ...(r.testAccuracy !== undefined ? { testAcc: r.testAccuracy } : {}),
            });
          records.push({
            epoch: r.epoch,
            step: r.epoch * stepsPerEpoch,
            trainLoss: r.trainLoss,
            ...(plan.loss === "cross_entropy" ? { trainAcc: r.trainAccuracy } : {}),
            ...(r.testAccuracy !== undefined ? { testAcc: r.testAccuracy } : {}),
            imagesPerSecond: r.imagesPerSecond,
            time: (performance.now() - started) / 1000,
          });
          // All three replaced after each finished epoch: they belong to one run, through its last
          // finished epoch, and a NaN later (or a run that finishes none) keeps them as they were.
          await writeOutput(outputs.metrics, records.map(formatMetricsLine).join(""));
          await writeOutput(outputs.plot, plot(plan, history));
          await writeOutput(outputs.checkpoint, await model.save());
        },
      });
    } catch (error) {
      if (error instanceof NonFiniteLossError)
        throw new CommandError(`${error.message}; ${whatWasKept(outputs, history)}`);
      throw error;
    }
    if (plan.data.source === "synthetic_linear" && !options.quiet) {
      const tensors = await model.readTensors();
      const [w, b] = [...tensors.values()];
      process.stderr.write(
        `learned w = [${[...w!].map((v) => v.toFixed(4)).join(", ")}], b = ${b![0]!.toFixed(4)} (true w = [${plan.data.w.join(", ")}], b = ${plan.data.b})\n`,
      );
    }
    if (!options.quiet) process.stderr.write(`wrote ${outputs.checkpoint}, ${outputs.metrics}, ${outputs.plot}\n`);
    return history;
  } finally {
    model.destroy();
    gpu.destroy();
  }
}

/**
 * The checkpoint `--weights` names, read and checked to hold exactly the spec's parameters and
 * state, all F32; else an error saying what is wrong with it and what to pass instead.
 */
export async function readCheckpoint(path: string, graph: Graph): Promise<Map<string, Float32Array>> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(path));
  } catch (error) {
    throw new CommandError(
      `cannot read weights file ${path} (${unreadableReason(error)}): pass a checkpoint that \`netc train\` wrote (its --out folder's <model>.safetensors)`,
    );
  }
  try {
    const { tensors } = decodeSafetensors(bytes);
    const owned = graph.nodes.filter((n) => isParam(n) || isState(n));
    checkTensorsMatch(
      new Map(owned.map((n) => [n.name, { dtype: "F32" as const, shape: n.shape as number[] }])),
      new Map([...tensors].map(([name, t]) => [name, { dtype: t.dtype, shape: t.shape }])),
    );
    return new Map([...tensors].map(([name, t]) => [name, t.data as Float32Array]));
  } catch (error) {
    if (error instanceof SafetensorsError)
      throw new CommandError(`${path}: ${error.message}: pass a checkpoint that \`netc train\` wrote for this spec`);
    throw error;
  }
}

/** After a failed run: which checkpoint is this run's last good one, or that it wrote none. */
function whatWasKept(outputs: { checkpoint: string; metrics: string; plot: string }, history: EpochResult[]): string {
  const finished = history.at(-1)?.epoch;
  if (finished !== undefined)
    return `the last good checkpoint is ${outputs.checkpoint}, from epoch ${finished} of this run (${outputs.metrics} and ${outputs.plot} end there too)`;
  const earlier = existsSync(outputs.checkpoint) ? ` (${outputs.checkpoint} is an earlier run's, left as it was)` : "";
  return `no epoch finished, so this run wrote no checkpoint, metrics or plot${earlier}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

export async function evalCommand(
  file: string,
  options: { weights: string; data?: string; batch?: number; imageSize?: number },
): Promise<{ loss: number; accuracy?: number }> {
  const { gpu, plan, model, data } = await openModel(file, options);
  try {
    const source = data.test ?? data.train;
    const result = await evaluate(model, source);
    // Accuracy means something for a classifier only.
    return plan.loss === "cross_entropy" ? { loss: result.loss, accuracy: result.accuracy } : { loss: result.loss };
  } finally {
    model.destroy();
    gpu.destroy();
  }
}

function plot(plan: ModelPlan, history: EpochResult[]): string {
  const series = [{ name: "train loss", points: history.map((r) => [r.epoch, r.trainLoss] as [number, number]) }];
  if (plan.loss === "cross_entropy") {
    series.push({ name: "train acc", points: history.map((r) => [r.epoch, r.trainAccuracy]) });
    series.push({
      name: "test acc",
      points: history.filter((r) => r.testAccuracy !== undefined).map((r) => [r.epoch, r.testAccuracy!]),
    });
  }
  return plotCurves(series, { xLabel: "epoch", title: plan.model });
}
