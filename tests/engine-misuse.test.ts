// The Model API as an app embeds it: batches that do not say what they hold, calls after
// destroy(), weights loaded mid-training, evaluation between training steps, plain JavaScript
// arguments, and a device whose caller never installed WebGPU's globals.

import { readdirSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import { limitShortfall, Model, type Batch, type Inputs, type StepMetrics } from "../runtime/engine.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import type { ModelPlan } from "../runtime/plan.js";
import { compile } from "../src/compile.js";
import { randomBatch } from "../src/tune/steps.js";
import { useGpu } from "./helpers/gpu.js";
import { compileSpec } from "./reference/executor.js";

const gpu = useGpu();
const adam = compileSpec("tests/specs/fixture_mlp_adam.net").plan;
const regression = compileSpec("specs/linear_regression.net").plan;
const bnRunning = compileSpec("tests/specs/wide_conv_bn.net").plan;

// V8's collector, callable from a test: a context made after the flag is set has `gc`.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

const created: Model[] = [];
afterEach(() => {
  for (const model of created.splice(0)) model.destroy();
});

async function create(plan: ModelPlan, seed = 0): Promise<Model> {
  const model = await Model.create(gpu().device, plan, { seed });
  created.push(model);
  return model;
}

/** Batch `k` of a fixed sequence: random pixels and labels, or random features and targets. */
function batch(plan: ModelPlan, k: number, rows = plan.batch): Batch {
  const full = randomBatch(plan);
  const shift = (data: Uint8Array | Float32Array) =>
    data.map((v, i) => (v + k * 7 + i) % (full.kind === "images" ? 10 : 3));
  if (full.kind === "images") {
    const pixels = full.pixels.length / plan.batch;
    return {
      kind: "images",
      pixels: shift(full.pixels).slice(0, rows * pixels) as Uint8Array<ArrayBuffer>,
      labels: shift(full.labels).slice(0, rows) as Uint8Array<ArrayBuffer>,
      rows,
    };
  }
  const width = (data: Float32Array) => data.length / plan.batch;
  return {
    kind: "features",
    features: shift(full.features).slice(0, rows * width(full.features)) as Float32Array<ArrayBuffer>,
    targets: shift(full.targets).slice(0, rows * width(full.targets)) as Float32Array<ArrayBuffer>,
    rows,
  };
}

async function train(model: Model, plan: ModelPlan, from: number, steps: number): Promise<void> {
  for (let k = from; k < from + steps; k++) model.trainStep(batch(plan, k), plan.optimizer.lr);
  await model.flushMetrics();
}

function maxDifference(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let max = 0;
  for (const [name, values] of a) values.forEach((v, i) => (max = Math.max(max, Math.abs(v - b.get(name)![i]!))));
  return max;
}

describe("batches are checked before anything is recorded", () => {
  it("rows must match the data and be a whole number from 1 to the batch size", async () => {
    const model = await create(adam);
    const good = batch(adam, 0, 3) as Extract<Batch, { kind: "images" }>;
    expect(() => model.trainStep({ ...good, rows: 10 }, 1e-3)).toThrow(
      "batch.pixels must hold 10 rows of 784 values (7840), got 2352",
    );
    expect(() => model.trainStep({ ...good, labels: good.labels.slice(0, 2) }, 1e-3)).toThrow(
      "batch.labels must hold 3 rows of 1 values (3), got 2",
    );
    for (const rows of [0, 2.5, Number.NaN, 17]) {
      expect(() => model.trainStep({ ...good, rows }, 1e-3)).toThrow(`a batch must have 1 to 16 rows, got ${rows}`);
    }
    await expect(model.predict({ ...good, rows: 4 })).rejects.toThrow("batch.pixels must hold 4 rows");
    const features = batch(regression, 0, 2) as Extract<Batch, { kind: "features" }>;
    const linear = await create(regression);
    await expect(linear.predict({ ...features, rows: 5 })).rejects.toThrow(
      "batch.features must hold 5 rows of 2 values (10), got 4",
    );
    await expect(linear.predict(good)).rejects.toThrow("linear_regression takes features batches, not images");
  });

  it("arrays of the wrong type and labels outside the classes are refused", async () => {
    const model = await create(adam);
    const good = batch(adam, 0, 3) as Extract<Batch, { kind: "images" }>;
    const asFloats = { ...good, pixels: new Float32Array(good.pixels.length) } as unknown as Batch;
    expect(() => model.trainStep(asFloats, 1e-3)).toThrow("batch.pixels must be a Uint8Array");
    const asNumbers = { ...good, labels: [...good.labels] } as unknown as Batch;
    expect(() => model.trainStep(asNumbers, 1e-3)).toThrow("batch.labels must be a Uint8Array");
    expect(() => model.trainStep({ ...good, labels: Uint8Array.of(1, 10, 2) }, 1e-3)).toThrow(
      "label 10 is not a class of fixture_mlp_adam (0 to 9)",
    );
    const linear = await create(regression);
    const features = batch(regression, 0, 2) as Extract<Batch, { kind: "features" }>;
    const doubles = { ...features, features: Float64Array.from(features.features) } as unknown as Batch;
    await expect(linear.predict(doubles)).rejects.toThrow("batch.features must be a Float32Array");
    const weights = await linear.readTensors();
    const asDoubles = new Map([...weights].map(([name, v]) => [name, Float64Array.from(v)])) as unknown as Map<
      string,
      Float32Array
    >;
    expect(() => linear.writeTensors(asDoubles)).toThrow("must be a Float32Array");
  });

  it("a step at learning rate 0 is allowed and keeps the weights as they were", async () => {
    const model = await create(adam);
    const before = await model.readTensors();
    model.trainStep(batch(adam, 0), 0);
    const [metrics] = await model.flushMetrics();
    expect(Number.isFinite(metrics!.loss)).toBe(true);
    expect(maxDifference(before, await model.readTensors())).toBe(0);
  });

  it("a refused step leaves the model as it was: the next steps match a run without it", async () => {
    const clean = await create(adam);
    await train(clean, adam, 0, 3);
    const refused = await create(adam);
    refused.trainStep(batch(adam, 0), adam.optimizer.lr);
    expect(() => refused.trainStep({ ...batch(adam, 1), rows: 17 }, adam.optimizer.lr)).toThrow();
    expect(() => refused.trainStep(batch(adam, 1), Number.NaN)).toThrow(
      "the learning rate must be a finite number, got NaN",
    );
    expect(() => refused.trainStep(batch(adam, 1), -1)).toThrow(
      "the learning rate must not be negative, got -1; 0 keeps the weights fixed",
    );
    await train(refused, adam, 1, 2);
    expect(maxDifference(await clean.readTensors(), await refused.readTensors())).toBe(0);
  });
});

it("predict reads inputs alone: no labels or targets needed, and any given are not read", async () => {
  const model = await create(adam);
  const { pixels, labels, rows } = batch(adam, 0, 5) as Extract<Batch, { kind: "images" }>;
  const labelled: Batch = { kind: "images", pixels, labels, rows };
  const withLabels = await model.predict(labelled);
  expect(await model.predict({ kind: "images", pixels, rows })).toEqual(withLabels);
  const outOfRange = { kind: "images", pixels, labels: labels.map(() => 200), rows } as Inputs;
  expect(await model.predict(outOfRange)).toEqual(withLabels);
  const linear = await create(regression);
  const { features } = batch(regression, 0, 3) as Extract<Batch, { kind: "features" }>;
  expect((await linear.predict({ kind: "features", features, rows: 3 })).length).toBe(3);
});

it("predict takes more rows than the compiled batch: each batch's outputs in order, the last batch partial", async () => {
  for (const plan of [adam, regression]) {
    // Two batches a submit: the third batch reuses the first one's staging slot.
    const model = await Model.create(gpu().device, plan, { seed: 0, stepsPerSubmit: 2 });
    created.push(model);
    const rows = 2 * plan.batch + 3;
    const width = plan.input.shape.slice(1).reduce((a, b) => a * b, 1);
    // Rows that differ, so an output in the wrong place shows.
    const values = (first: number, count: number) =>
      Array.from({ length: count * width }, (_, i) => (first * width + i) * 7919);
    const inputs = (first: number, count: number): Inputs =>
      plan === adam
        ? { kind: "images", pixels: Uint8Array.from(values(first, count), (v) => v % 256), rows: count }
        : { kind: "features", features: Float32Array.from(values(first, count), (v) => Math.sin(v)), rows: count };
    const named = (suffix: string) => plan.tensors.find((t) => t.name.endsWith(suffix))!.name;
    // Known weights for the regression: each row's output is 2·x0 − 3.4·x1 + 4.2, computed here.
    if (plan === regression)
      model.writeTensors(
        new Map([
          [named(".weight"), Float32Array.of(2, -3.4)],
          [named(".bias"), Float32Array.of(4.2)],
        ]),
      );
    const whole = await model.predict(inputs(0, rows));
    const outputs = plan.output.shape[1]!;
    expect(whole.length).toBe(rows * outputs);
    if (plan === regression) {
      const x = (inputs(0, rows) as Extract<Inputs, { kind: "features" }>).features;
      for (let r = 0; r < rows; r++) {
        expect(whole[r], `row ${r}`).toBeCloseTo(2 * x[2 * r]! - 3.4 * x[2 * r + 1]! + 4.2, 4);
      }
    }
    for (let first = 0; first < rows; first += plan.batch) {
      const count = Math.min(plan.batch, rows - first);
      const alone = await model.predict(inputs(first, count));
      expect(whole.subarray(first * outputs, (first + count) * outputs), `${plan.model} from row ${first}`).toEqual(
        alone,
      );
    }
  }
  const model = await create(adam);
  await expect(model.predict({ kind: "images", pixels: new Uint8Array(0), rows: 0 })).rejects.toThrow(
    "inputs must have a whole number of rows from 1, got 0",
  );
});

it("writeTensors sets the tensors it is given and leaves the others, after checking every one", async () => {
  const model = await create(adam);
  const before = await model.readTensors();
  const bias = Float32Array.from({ length: 10 }, (_, i) => i);
  model.writeTensors(new Map([["linear2.bias", bias]]));
  const after = await model.readTensors();
  expect(after.get("linear2.bias")).toEqual(bias);
  for (const name of ["linear1.weight", "linear1.bias", "linear2.weight"])
    expect(after.get(name)).toEqual(before.get(name));
  const refused = new Map([
    ["linear2.bias", new Float32Array(10)],
    ["linear2.weight", new Float32Array(3)],
  ]);
  expect(() => model.writeTensors(refused)).toThrow('tensor "linear2.weight" needs 320 values, got 3');
  expect(() => model.writeTensors(new Map([["linear2.bais", bias]]))).toThrow(
    'the model has no tensor "linear2.bais" (did you mean "linear2.bias"?)',
  );
  expect((await model.readTensors()).get("linear2.bias")).toEqual(bias);
});

it("readTensors reads the tensors it is given, in their order, and names one the model lacks", async () => {
  const model = await create(adam);
  await train(model, adam, 0, 2);
  const every = await model.readTensors();
  const some = await model.readTensors(["linear2.bias", "linear1.weight"]);
  expect([...some.keys()]).toEqual(["linear2.bias", "linear1.weight"]);
  expect(some.get("linear2.bias")).toEqual(every.get("linear2.bias"));
  expect(some.get("linear1.weight")).toEqual(every.get("linear1.weight"));
  await expect(model.readTensors(["linear1.weight", "linear1.wieght"])).rejects.toThrow(
    'the model has no tensor "linear1.wieght" (did you mean "linear1.weight"?)',
  );
  await expect(model.readTensors(["conv1.weight"])).rejects.toThrow(/^the model has no tensor "conv1.weight"$/);
  expect((await model.readTensors([])).size).toBe(0);
});

describe("weights written while training steps are recorded but not yet submitted", () => {
  it("writeTensors lands after those steps: readTensors returns exactly the weights written", async () => {
    const model = await create(regression);
    const written = new Map(
      [...(await model.readTensors())].map(([name, values], t) => [
        name,
        Float32Array.from(values, (_, i) => 0.25 * (i + 1) + t - 3), // exact in float32, no zeros
      ]),
    );
    // Two steps at the default of 4 a submit: both still pending when the weights are written.
    for (let k = 0; k < 2; k++) model.trainStep(batch(regression, k), regression.optimizer.lr);
    model.writeTensors(written);
    expect(await model.readTensors()).toEqual(written);
    expect((await model.flushMetrics()).map((m) => m.rows)).toEqual([10, 10]);
  });

  it("load(checkpoint) after unawaited steps leaves the model as the checkpoint: save() again is the same bytes", async () => {
    const model = await create(regression);
    await train(model, regression, 0, 3);
    const checkpoint = await model.save();
    for (let k = 3; k < 5; k++) model.trainStep(batch(regression, k), regression.optimizer.lr);
    model.load(checkpoint);
    const again = await model.save();
    expect(again).toEqual(checkpoint);
    await model.flushMetrics();
  });
});

describe("the model's lifetime", () => {
  it("every call after destroy() throws instead of returning zeros", async () => {
    const model = await Model.create(gpu().device, adam);
    model.destroy();
    model.destroy();
    const b = batch(adam, 0);
    await expect(model.predict(b)).rejects.toThrow("fixture_mlp_adam was destroyed and cannot be used");
    await expect(model.save()).rejects.toThrow("was destroyed");
    await expect(model.evaluate([b])).rejects.toThrow("was destroyed");
    expect(() => model.trainStep(b, 1e-3)).toThrow("was destroyed");
    expect(() => model.flushMetrics()).toThrow("was destroyed");
    expect(() => model.initialize()).toThrow("was destroyed");
  });

  it("is refused at creation on a device already lost, not at its first use", async () => {
    const context = await requestNodeGpu();
    context.destroy();
    const info = await context.device.lost;
    await expect(Model.create(context.device, adam)).rejects.toThrow(
      `fixture_mlp_adam cannot be created: its GPU device was lost (${info.message || info.reason}); request a new device and create the model on that`,
    );
  });

  it("every model of a device that is lost refuses its next call, naming the loss", async () => {
    const context = await requestNodeGpu({ onError: () => {} });
    const models = [await Model.create(context.device, adam), await Model.create(context.device, regression)];
    created.push(...models);
    context.destroy();
    const info = await context.device.lost;
    for (const [model, plan] of [
      [models[0]!, adam],
      [models[1]!, regression],
    ] as const)
      expect(() => model.trainStep(batch(plan, 0), plan.optimizer.lr)).toThrow(
        `${plan.model} cannot be used: its GPU device was lost (${info.message || info.reason})`,
      );
  });

  it("a model the app drops is garbage, with its pipelines, while its device lives on; a destroyed one it keeps lets its pipelines go", async () => {
    const context = await requestNodeGpu();
    const { device } = context;
    const pipelines: WeakRef<GPUComputePipeline>[] = [];
    const createPipeline = device.createComputePipelineAsync.bind(device);
    device.createComputePipelineAsync = async (descriptor) => {
      const pipeline = await createPipeline(descriptor);
      pipelines.push(new WeakRef(pipeline));
      return pipeline;
    };
    // Made in a function of its own, so that nothing on this stack refers to the models.
    const dropped = async (destroy: boolean) => {
      const model = await Model.create(device, adam, { seed: 0 });
      await train(model, adam, 0, adam.metricsSlots + 1);
      await model.evaluate([batch(adam, 0)]);
      if (destroy) model.destroy();
      return new WeakRef(model);
    };
    try {
      const models = [await dropped(true), await dropped(false)];
      const kept = await Model.create(device, adam, { seed: 0 });
      await train(kept, adam, 0, 2);
      kept.destroy();
      // A WeakRef holds its target until the task that made it ends.
      await new Promise((resolve) => setTimeout(resolve, 0));
      collectGarbage();
      expect(models.map((model) => model.deref() === undefined)).toEqual([true, true]);
      expect(pipelines.length).toBe(3 * adam.kernels.length);
      expect(pipelines.filter((pipeline) => pipeline.deref() !== undefined)).toEqual([]);
      expect(() => kept.initialize()).toThrow("was destroyed");
    } finally {
      context.destroy();
    }
  });

  it("metrics promises a device loss rejects: harmless when ignored, rejected when awaited", async () => {
    const context = await requestNodeGpu({ onError: () => {} });
    const model = await Model.create(context.device, adam, { seed: 0 });
    created.push(model);
    const unhandled = await unhandledRejectionsOf(async () => {
      const returned: Promise<unknown>[] = [];
      for (let k = 0; k < 2 * adam.metricsSlots; k++) {
        const metrics = model.trainStep(batch(adam, k), adam.optimizer.lr);
        if (metrics !== undefined) returned.push(metrics);
      }
      const [ignored, awaited] = returned;
      expect(ignored).toBeDefined();
      // Lost while both read-backs are in flight.
      context.destroy();
      await expect(awaited).rejects.toThrow();
    });
    expect(unhandled).toEqual([]);
  });

  it("an evaluation that refuses a batch as the device is lost leaves no unhandled rejection", async () => {
    const context = await requestNodeGpu({ onError: () => {} });
    const model = await Model.create(context.device, adam, { seed: 0 });
    created.push(model);
    const unhandled = await unhandledRejectionsOf(async () => {
      // Lost before the model hears of it: the evaluation starts, and its read-back of the sums
      // of the batches before the refused one fails.
      context.destroy();
      await expect(model.evaluate([batch(adam, 0), batch(adam, 1, 0)])).rejects.toThrow(
        `a batch must have 1 to ${adam.batch} rows, got 0`,
      );
    });
    expect(unhandled).toEqual([]);
  });

  it("a metrics read-back that finishes after destroy() frees its buffer", async () => {
    const context = await requestNodeGpu();
    const { device } = context;
    // Records each metrics read-back buffer and whether it was destroyed.
    const readbacks: { destroyed: boolean }[] = [];
    const createBuffer = device.createBuffer.bind(device);
    device.createBuffer = (descriptor) => {
      const buffer = createBuffer(descriptor);
      if (descriptor.label === "metrics readback") {
        const record = { destroyed: false };
        readbacks.push(record);
        const destroy = buffer.destroy.bind(buffer);
        buffer.destroy = () => {
          record.destroyed = true;
          destroy();
        };
      }
      return buffer;
    };
    try {
      const model = await Model.create(device, adam, { seed: 0 });
      let metrics: Promise<StepMetrics[]> | undefined;
      for (let k = 0; k < adam.metricsSlots; k++) metrics = model.trainStep(batch(adam, k), adam.optimizer.lr);
      model.destroy();
      // The steps were submitted before destroy(): their metrics still arrive.
      expect((await metrics!).length).toBe(adam.metricsSlots);
      expect(readbacks).toEqual([{ destroyed: true }]);
    } finally {
      context.destroy();
    }
  });

  it("seeds are whole numbers a 32-bit generator can take", async () => {
    for (const seed of [1.7, -1, 2 ** 32])
      await expect(Model.create(gpu().device, adam, { seed })).rejects.toThrow(
        `seed must be an integer from 0 to 2^32 - 1, got ${seed}`,
      );
  });

  it("load() restarts the optimizer: resuming in a trained model and in a fresh one take the same path", async () => {
    const trained = await create(adam);
    await train(trained, adam, 0, 4);
    const checkpoint = await trained.save();
    const fresh = await create(adam, 1);
    fresh.load(
      checkpoint.buffer.slice(checkpoint.byteOffset, checkpoint.byteOffset + checkpoint.byteLength) as ArrayBuffer,
    );
    trained.load(checkpoint);
    await train(fresh, adam, 4, 4);
    await train(trained, adam, 4, 4);
    const [a, b] = [await fresh.readTensors(), await trained.readTensors()];
    expect(maxDifference(a, b)).toBe(0);
    // And the path is a fresh optimizer's: Adam's first step moves every trained weight by about lr.
    const loaded = await create(adam, 2);
    loaded.load(checkpoint);
    loaded.trainStep(batch(adam, 4), adam.optimizer.lr);
    await loaded.flushMetrics();
    const before = await (async () => {
      const m = await create(adam, 3);
      m.load(checkpoint);
      return m.readTensors();
    })();
    const step = (await loaded.readTensors())
      .get("linear2.bias")!
      .map((v, i) => Math.abs(v - before.get("linear2.bias")![i]!));
    for (const s of step) expect(s).toBeCloseTo(adam.optimizer.lr, 5);
  });
});

describe("evaluation between training steps", () => {
  it("keeps the training metrics it reads out of the ring", async () => {
    const model = await create(adam);
    for (let k = 0; k < 5; k++) model.trainStep(batch(adam, k), adam.optimizer.lr);
    const evaluation = await model.evaluate([batch(adam, 9, 3)]);
    expect(evaluation.rows).toBe(3);
    const metrics = await model.flushMetrics();
    expect(metrics.map((m) => m.rows)).toEqual([16, 16, 16, 16, 16]);
    expect(await model.flushMetrics()).toEqual([]);
  });

  it("a training step recorded while an evaluation is awaited stays out of it", async () => {
    const run = async (interleave: boolean) => {
      const model = await create(adam);
      model.trainStep(batch(adam, 0), adam.optimizer.lr);
      const evaluation = model.evaluate([batch(adam, 9, 3)]);
      if (interleave) model.trainStep(batch(adam, 1), adam.optimizer.lr);
      return { evaluation: await evaluation, metrics: await model.flushMetrics() };
    };
    const [alone, interleaved] = [await run(false), await run(true)];
    expect(interleaved.evaluation).toEqual(alone.evaluation);
    expect(interleaved.metrics.map((m) => m.rows)).toEqual([16, 16]);
    expect(interleaved.metrics[0]).toEqual(alone.metrics[0]);
  });

  it("a refused batch in the middle of an evaluation leaves nothing in the metrics training uses next", async () => {
    const run = async (refused: boolean) => {
      const model = await create(adam);
      if (refused)
        await expect(model.evaluate([batch(adam, 8), { ...batch(adam, 9), rows: 17 }])).rejects.toThrow("rows");
      model.trainStep(batch(adam, 0), adam.optimizer.lr);
      return model.flushMetrics();
    };
    expect(await run(true)).toEqual(await run(false));
  });

  it("refuses to evaluate nothing, and to recompute statistics a spec keeps running", async () => {
    const model = await create(adam);
    await expect(model.evaluate([])).rejects.toThrow("evaluate needs at least one batch");
    expect(() => model.recomputeStatistics([batch(adam, 0)])).toThrow(
      "has no batch norm whose statistics could be recomputed",
    );
    const bn = await create(bnRunning);
    expect(() => bn.recomputeStatistics([batch(bnRunning, 0)])).toThrow(
      "keeps running batch-norm statistics; recomputing them needs `bn_statistics = recomputed(batches = N)`",
    );
  });
});

it("runs on a device whose caller did not install WebGPU's globals (Node's `webgpu` package leaves that to it)", async () => {
  const globals = globalThis as Record<string, unknown>;
  const saved = { GPUBufferUsage: globals.GPUBufferUsage, GPUMapMode: globals.GPUMapMode };
  delete globals.GPUBufferUsage;
  delete globals.GPUMapMode;
  try {
    const model = await create(adam);
    model.trainStep(batch(adam, 0), adam.optimizer.lr);
    const [metrics] = await model.flushMetrics();
    expect(metrics!.loss).toBeGreaterThan(1);
    expect((await model.predict(batch(adam, 1, 2))).length).toBe(20);
  } finally {
    Object.assign(globals, saved);
  }
});

describe("a device with lower limits than the plan needs", () => {
  // WebGPU's defaults for the limits netc's plans depend on. Compatibility mode allows 4 storage
  // buffers per shader stage and 128 threads per workgroup by default.
  const defaults = {
    maxStorageBuffersPerShaderStage: 8,
    maxComputeInvocationsPerWorkgroup: 256,
    maxComputeWorkgroupStorageSize: 16384,
    maxComputeWorkgroupsPerDimension: 65535,
    maxStorageBufferBindingSize: 134217728,
    maxBufferSize: 268435456,
  };
  const limits = (changes: Partial<typeof defaults> = {}) => ({ ...defaults, ...changes }) as GPUSupportedLimits;

  it("is refused by create, naming the kernel or buffer and the limit", async () => {
    const refusal = (changes: Partial<typeof defaults>) =>
      Model.create({ limits: limits(changes) } as unknown as GPUDevice, adam).then(
        () => "created",
        (error: unknown) => (error as Error).message,
      );
    expect(await refusal({ maxStorageBuffersPerShaderStage: 4 })).toMatch(
      /^fixture_mlp_adam cannot run on this device: kernel \w+_adam binds [5-8] storage buffers, more than the device's 4 per shader stage$/,
    );
    expect(await refusal({ maxComputeInvocationsPerWorkgroup: 128 })).toMatch(
      /: kernel \w+ runs 256 threads a workgroup, more than the device's 128$/,
    );
    const largest = Math.max(...adam.buffers.map((b) => b.bytes));
    expect(await refusal({ maxStorageBufferBindingSize: largest - 4 })).toMatch(
      new RegExp(`: buffer '[^']+' takes ${largest} bytes, more than the device's ${largest - 4} `),
    );
  });

  it("lets every spec's portable plan run within WebGPU's default limits", () => {
    const plans = readdirSync("specs")
      .map((file) => compile(`specs/${file}`).plan)
      .filter((plan) => plan !== undefined);
    expect(plans.length).toBeGreaterThanOrEqual(8);
    for (const plan of plans) expect([plan.model, limitShortfall(limits(), plan)]).toEqual([plan.model, undefined]);
    // The MLP's grouped optimizer update binds exactly the default 8.
    const mlp = plans.find((plan) => plan.model === "mlp")!;
    expect(limitShortfall(limits({ maxStorageBuffersPerShaderStage: 7 }), mlp)).toMatch(/binds 8 storage buffers/);
  });

  it("counts a vec4's workgroup memory as 16 bytes, lets a dispatch reach the limit, and binds no more than a buffer may hold", () => {
    // A kernel sharing 512 vec4s and 1024 f32s (8192 + 4096 bytes), dispatched 65535 × 2 × 1 times,
    // and a buffer of 4000 bytes.
    const plan = {
      kernels: [
        {
          name: "k",
          code: "var<workgroup> tile: array<vec4f, 512>;\nvar<workgroup> part: array<f32, 1024>;\n@compute @workgroup_size(64)",
        },
      ],
      train: [{ kernel: 0, workgroups: [65535, 2, 1] }],
      evaluate: [],
      predict: [],
      buffers: [{ name: "b", bytes: 4000 }],
    } as unknown as ModelPlan;
    expect(limitShortfall(limits({ maxComputeWorkgroupStorageSize: 12288 }), plan)).toBeUndefined();
    expect(limitShortfall(limits({ maxComputeWorkgroupStorageSize: 12287 }), plan)).toBe(
      "kernel k needs 12288 bytes of workgroup memory, more than the device's 12287",
    );
    expect(limitShortfall(limits({ maxComputeWorkgroupsPerDimension: 65534 }), plan)).toBe(
      "kernel k dispatches 65535 × 2 × 1 workgroups, more than the device's 65534 per dimension",
    );
    // A binding is no larger than the buffer it binds: the smaller of the two limits counts.
    expect(limitShortfall(limits({ maxStorageBufferBindingSize: 4000, maxBufferSize: 4000 }), plan)).toBeUndefined();
    expect(limitShortfall(limits({ maxStorageBufferBindingSize: 8000, maxBufferSize: 3996 }), plan)).toBe(
      "buffer 'b' takes 4000 bytes, more than the device's 3996 (compile for it with a smaller --batch)",
    );
  });
});

/** The unhandled rejections while `run` runs and shortly after (they are reported after the microtasks that could handle them). */
async function unhandledRejectionsOf(run: () => Promise<void>): Promise<unknown[]> {
  const unhandled: unknown[] = [];
  const listener = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", listener);
  try {
    await run();
    await new Promise((resolve) => setTimeout(resolve, 100));
  } finally {
    process.off("unhandledRejection", listener);
  }
  return unhandled;
}
