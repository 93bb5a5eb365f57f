// Failures that must be reported clearly: a diverging loss stops training with the step and the
// last finite loss, an oversized tensor is a compile-time error naming it, and a checkpoint that
// does not fit the model is refused without touching the weights.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/compile.js";
import { DEFAULT_LIMITS } from "../src/6-plan/index.js";
import { shuffledIndices, type ImageDataset } from "../runtime/data.js";
import { Model, type StepMetrics } from "../runtime/engine.js";
import { decodeSafetensors, encodeSafetensors, SafetensorsError, type TensorToEncode } from "../runtime/safetensors.js";
import { imageSource, NonFiniteLossError, trainModel } from "../runtime/trainer.js";
import { useGpu } from "./helpers/gpu.js";
import { randomFloats } from "./helpers/ops.js";
import { compileSpec } from "./reference/executor.js";

const gpu = useGpu();

const SPEC = "tests/specs/diverging.net";
const { plan } = compileSpec(SPEC);

/** 4×4 images of noise with labels 0–2. */
const images: ImageDataset = {
  images: Uint8Array.from(randomFloats(64 * 16, 1), (v) => Math.round((v + 1) * 127.5)),
  labels: Uint8Array.from({ length: 64 }, (_, i) => i % 3),
  count: 64,
  rows: 4,
  cols: 4,
  classes: ["a", "b", "c"],
};

/** Per-step losses of one epoch over `images` in the seed's order, stepped by hand on a fresh model. */
async function lossesByHand(seed: number): Promise<number[]> {
  const model = await Model.create(gpu().device, plan, { seed });
  try {
    const source = imageSource(images, plan.batch);
    const order = shuffledIndices(images.count, seed, 0);
    const windows: Promise<StepMetrics[]>[] = [];
    for (let start = 0; start < images.count; start += plan.batch) {
      const window = model.trainStep(source.batch(order.subarray(start, start + plan.batch)), plan.optimizer.lr);
      if (window !== undefined) windows.push(window);
    }
    windows.push(model.flushMetrics());
    return (await Promise.all(windows)).flat().map((m) => m.loss);
  } finally {
    model.destroy();
  }
}

describe("a diverging loss", () => {
  it("stops trainModel with NonFiniteLossError naming the step and the last finite loss", async () => {
    const seed = 3;
    const losses = await lossesByHand(seed);
    const firstBad = losses.findIndex((loss) => !Number.isFinite(loss));
    expect(firstBad, `losses ${losses.join(", ")}`).toBeGreaterThan(0);

    const model = await Model.create(gpu().device, plan, { seed });
    try {
      const error = await trainModel(model, imageSource(images, plan.batch), undefined, { epochs: 1, seed }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NonFiniteLossError);
      const { step, lastFiniteLoss, message } = error as NonFiniteLossError;
      expect(step).toBe(firstBad + 1);
      expect(lastFiniteLoss).toBe(losses[firstBad - 1]);
      expect(message).toContain(`at step ${step} (last finite loss ${lastFiniteLoss!.toPrecision(5)})`);
      expect(message).toContain("lower the learning rate");
    } finally {
      model.destroy();
    }
  });
});

describe("a tensor larger than a storage buffer binding", () => {
  it("is a compile-time error naming the tensor and its layer's line", () => {
    const limits = { ...DEFAULT_LIMITS, maxStorageBufferBindingSize: 3000 };
    const result = compile(SPEC, { limits });
    expect(result.plan).toBeUndefined();
    const weight = result.diagnostics.find((d) => d.message.includes("'linear1.weight'"));
    expect(weight?.severity).toBe("error");
    expect(weight?.message).toContain("4,096 bytes");
    expect(weight?.message).toContain("3,000 bytes");
    expect(weight?.loc).toMatchObject({ file: SPEC, line: 6 });
    // One error names the largest offender and counts the rest: linear1's gradient is as large.
    expect(result.diagnostics.filter((d) => d.severity === "error")).toHaveLength(1);
    expect(weight?.message).toContain("(1 more too large)");
  });
});

describe("a kernel with more workgroups than a dimension allows", () => {
  it("is one error per kernel, though evaluation and prediction share it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "netc-workgroups-")), "wide.net");
    writeFileSync(file, readFileSync(SPEC, "utf8").replace("linear(64)", "linear(1000000000000000)"));
    const unlimited = {
      maxStorageBufferBindingSize: Infinity,
      maxBufferSize: Infinity,
      maxStorageBuffersPerShaderStage: 8,
    };
    const errors = compile(file, { limits: unlimited }).diagnostics.filter((d) => d.severity === "error");
    const messages = errors.map((d) => d.message);
    expect(messages.filter((m) => m.startsWith("kernel 'linear1_relu1_forward' needs"))).toHaveLength(1);
    expect(new Set(messages).size).toBe(messages.length);
  });
});

describe("Model.load", () => {
  /** A checkpoint of the given tensors (F32). */
  function checkpoint(tensors: ReadonlyMap<string, { shape: readonly number[]; data: Float32Array }>): Uint8Array {
    return encodeSafetensors(
      new Map<string, TensorToEncode>([...tensors].map(([name, t]) => [name, { dtype: "F32", ...t }])),
    );
  }

  /** The model's own tensors with every value doubled: loading any of them would show. */
  function doubled(saved: Uint8Array): Map<string, { shape: readonly number[]; data: Float32Array }> {
    const { tensors } = decodeSafetensors(saved);
    return new Map(
      [...tensors].map(([name, t]) => [name, { shape: t.shape, data: Float32Array.from(t.data, (v) => 2 * v) }]),
    );
  }

  const refusals: { what: string; corrupt: (saved: Uint8Array) => Uint8Array; error: RegExp }[] = [
    {
      what: "a missing tensor",
      corrupt: (saved) => {
        const tensors = doubled(saved);
        tensors.delete("linear2.bias");
        return checkpoint(tensors);
      },
      error: /missing tensor "linear2\.bias"/,
    },
    {
      what: "a wrong shape",
      corrupt: (saved) => {
        const tensors = doubled(saved);
        const weight = tensors.get("linear1.weight")!;
        tensors.set("linear1.weight", { shape: [16, 64], data: weight.data });
        return checkpoint(tensors);
      },
      error: /"linear1\.weight" has shape \[16, 64\] in the checkpoint but the model expects \[64, 16\]/,
    },
    {
      what: "truncated bytes",
      corrupt: (saved) => {
        const whole = checkpoint(doubled(saved));
        return whole.subarray(0, whole.length - 10);
      },
      error: /run past/,
    },
  ];

  it.each(refusals)("refuses $what and leaves the weights untouched", async ({ corrupt, error }) => {
    const model = await Model.create(gpu().device, plan);
    try {
      const saved = await model.save();
      const before = await model.readTensors();
      const bad = corrupt(saved);
      expect(() => model.load(bad)).toThrow(SafetensorsError);
      expect(() => model.load(bad)).toThrow(error);
      expect(await model.readTensors()).toEqual(before);
    } finally {
      model.destroy();
    }
  });

  it("loads a well-formed checkpoint (the readback above would see a change)", async () => {
    const model = await Model.create(gpu().device, plan);
    try {
      const tensors = doubled(await model.save());
      model.load(checkpoint(tensors));
      const after = await model.readTensors();
      for (const [name, t] of tensors) expect(after.get(name), name).toEqual(t.data);
    } finally {
      model.destroy();
    }
  });
});
