// The driver of `scripts/zoo.sh`: a short training run of one spec on the real Fashion-MNIST, at a
// reduced input size and batch, that checks the loss fell. Steps run in windows of `--window` steps
// (the trainer's epochs, capped, each on a fresh shuffle; no test pass): the run passes when the
// mean training loss of the last window is at least 5% below the first's. Prints the figures; exit
// status 1 when the loss did not fall or became non-finite, 2 on a wrong command line.
// Usage: node dist/bench/zoo.js SPEC --image-size S --batch B --steps K [--lr R] [--window W]

import { parseArgs } from "node:util";
import { CommandError, openModel } from "../src/cli/train.js";
import { DatasetNotFoundError } from "../runtime/node/fashion-mnist.js";
import { NonFiniteLossError, trainModel } from "../runtime/trainer.js";

/**
 * How far the last window's mean loss must be below the first's. A loss that stays at ln 10 (an
 * untrained classifier) wanders by about 1% between windows of 20 steps.
 */
const MIN_FALL = 0.05;

interface ZooRun {
  spec: string;
  imageSize: number;
  batch: number;
  steps: number;
  window: number;
  lr?: number;
}

class UsageError extends Error {}

function positive(name: string, text: string | undefined, integer: boolean): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n)))
    throw new UsageError(`--${name} must be a positive ${integer ? "integer" : "number"}, got '${text}'`);
  return n;
}

function parseRun(argv: string[]): ZooRun {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      "image-size": { type: "string" },
      batch: { type: "string" },
      steps: { type: "string" },
      window: { type: "string", default: "20" },
      lr: { type: "string" },
    },
  });
  const [spec, ...extra] = positionals;
  const imageSize = positive("image-size", values["image-size"], true);
  const batch = positive("batch", values.batch, true);
  const steps = positive("steps", values.steps, true);
  const window = positive("window", values.window, true)!;
  const lr = positive("lr", values.lr, false);
  if (spec === undefined || extra.length > 0 || imageSize === undefined || batch === undefined || steps === undefined)
    throw new UsageError("usage: zoo.js SPEC --image-size S --batch B --steps K [--lr R] [--window W]");
  if (steps % window !== 0 || steps < 2 * window)
    throw new UsageError(`--steps (${steps}) must be a multiple of --window (${window}), at least two windows`);
  return { spec, imageSize, batch, steps, window, ...(lr !== undefined ? { lr } : {}) };
}

/** Trains the run and prints its figures; true when the loss fell. */
async function zoo(run: ZooRun): Promise<boolean> {
  const started = performance.now();
  const { gpu, plan, model, data } = await openModel(run.spec, run);
  try {
    const source = data.train;
    // Software adapters compile a kernel on its first dispatch: one step, then fresh weights, keeps
    // that time apart from the steps' (Mesa caches compiled shaders on disk for later runs).
    model.trainStep(source.batch(Uint32Array.from({ length: plan.batch }, (_, k) => k)), plan.optimizer.lr);
    await model.flushMetrics();
    model.initialize();
    const setUpSeconds = (performance.now() - started) / 1000;
    const optimizer = `${plan.optimizer.kind} lr ${plan.optimizer.lr}`;
    process.stdout.write(
      `${plan.model}: ${run.imageSize}×${run.imageSize} px, batch ${plan.batch}, ${optimizer}, ${run.steps} steps; ` +
        `compile and first step (shader compilation) ${setUpSeconds.toFixed(1)} s\n`,
    );
    const results = await trainModel(model, source, undefined, {
      epochs: run.steps / run.window,
      seed: plan.seed,
      maxStepsPerEpoch: run.window,
      onEpoch: (r) => {
        const steps = `${(r.epoch - 1) * run.window + 1}–${r.epoch * run.window}`;
        const perStep = r.seconds / run.window;
        process.stdout.write(
          `  steps ${steps.padEnd(9)} mean loss ${r.trainLoss.toFixed(4)}, ${perStep.toFixed(2)} s/step\n`,
        );
      },
    });
    const first = results[0]!.trainLoss;
    const last = results.at(-1)!.trainLoss;
    const minutes = results.reduce((sum, r) => sum + r.seconds, 0) / 60;
    const fell = last <= first * (1 - MIN_FALL);
    const change = ((last - first) / first) * 100;
    process.stdout.write(
      `  ${plan.model}: mean loss of the first ${run.window} steps ${first.toFixed(4)}, of the last ${last.toFixed(4)} ` +
        `(${change > 0 ? "+" : ""}${change.toFixed(1)}%) after ${minutes.toFixed(1)} min: ` +
        `${fell ? "ok, the loss fell" : `FAILED, the loss did not fall by ${MIN_FALL * 100}%`}\n`,
    );
    return fell;
  } finally {
    model.destroy();
    gpu.destroy();
  }
}

try {
  process.exitCode = (await zoo(parseRun(process.argv.slice(2)))) ? 0 : 1;
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`zoo: ${error.message}\n`);
    process.exitCode = 2;
  } else if (
    error instanceof CommandError ||
    error instanceof NonFiniteLossError ||
    error instanceof DatasetNotFoundError
  ) {
    process.stderr.write(`zoo: ${error.message}\n`);
    process.exitCode = 1;
  } else {
    throw error;
  }
}
