// Profiling: a timed training step computes what an ordinary one does; the profile has a row per
// dispatch whose times add up to the step; ceilings and `netc profile`'s report; a clear error on
// a device without timestamp queries.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { create } from "webgpu";
import { shuffledIndices, type ImageDataset } from "../runtime/data.js";
import { Model, type Batch } from "../runtime/engine.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { WaitPacer } from "../runtime/pacing.js";
import {
  measureCeilings,
  profileTraining,
  TimestampQueryUnsupportedError,
  type CeilingKernel,
  type Ceilings,
  type KernelProfile,
} from "../runtime/profile.js";
import { imageSource } from "../runtime/trainer.js";
import { formatProfile, profileCommand } from "../src/cli/profile.js";
import { gemmKernels, type GemmKernel } from "../src/ops/gemm.js";
import { useGpu } from "./helpers/gpu.js";
import { compileSpec } from "./reference/executor.js";

const gpu = useGpu();
const liveInstances = new Set<GPU>();
const BATCH = 16;
const { plan } = compileSpec("specs/mlp.net", { batch: BATCH });

let images: ImageDataset;
beforeAll(async () => {
  images = (await loadFashionMnist()).train;
});

function batches(): (step: number) => Batch {
  const source = imageSource(images, BATCH);
  const order = shuffledIndices(source.count, 1, 0);
  return (step) => source.batch(order.subarray(step * BATCH, (step + 1) * BATCH));
}

/** A 128³ GEMM: a quick stand-in for the command's 1024³ one. */
function smallGemm(): CeilingKernel {
  const size = 128;
  const [kernel] = gemmKernels({
    name: "ceiling",
    m: size,
    n: size,
    k: size,
    a: { kind: "dense", transposed: false },
    b: { kind: "dense", transposed: false },
  }).kernels as [GemmKernel];
  return {
    ...kernel,
    description: "128³ GEMM",
    flops: 2 * size ** 3,
    bindingBytes: [size * size * 4, size * size * 4, size * size * 4],
  };
}

describe("timed training steps", () => {
  it("train exactly as ordinary steps do", async () => {
    const device = gpu().device;
    const batch = batches();
    const ordinary = await Model.create(device, plan, { seed: 3 });
    const timed = await Model.create(device, plan, { seed: 3 });
    const querySet = device.createQuerySet({ type: "timestamp", count: 2 * timed.timedDispatches.length });
    try {
      for (let step = 0; step < 3; step++) {
        ordinary.trainStep(batch(step), plan.optimizer.lr);
        timed.timedTrainStep(batch(step), plan.optimizer.lr, querySet);
      }
      expect(await timed.flushMetrics()).toEqual(await ordinary.flushMetrics());
      expect(await timed.readTensors()).toEqual(await ordinary.readTensors());
    } finally {
      querySet.destroy();
      ordinary.destroy();
      timed.destroy();
    }
  });
});

describe("netc profile's paced read-backs", () => {
  it("reads each ceiling round's and timed step's timestamps through one pacer per measurement, timed from the submission", async () => {
    const { device } = gpu();
    const waits = vi.spyOn(WaitPacer.prototype, "wait");
    const model = await Model.create(device, plan);
    try {
      const before = performance.now();
      const ceilings = await measureCeilings(device, smallGemm());
      const measured = performance.now();
      await profileTraining(model, { steps: 3, warmup: 1, lr: plan.optimizer.lr, batch: batches() }, ceilings);
      const calls = waits.mock.calls.map(([kind, units, startedMs], k) => ({
        kind,
        units,
        startedMs,
        pacer: waits.mock.contexts[k] as WaitPacer,
      }));
      const rounds = calls.filter((c) => c.kind === "round");
      const timed = calls.filter((c) => c.kind === "timed step");
      // Three rounds at least of each of the two ceiling kernels, each kernel's through a pacer of its own.
      expect(rounds.length).toBeGreaterThanOrEqual(6);
      const roundPacers = new Set(rounds.map((c) => c.pacer));
      expect(roundPacers.size).toBe(2);
      for (const pacer of roundPacers) expect(rounds.filter((c) => c.pacer === pacer).length).toBeGreaterThanOrEqual(3);
      for (const c of rounds) expect(c.startedMs).toBeGreaterThanOrEqual(before);
      expect(timed.map((c) => c.units)).toEqual([1, 1, 1]);
      expect(new Set(timed.map((c) => c.pacer)).size).toBe(1);
      for (const c of timed) expect(c.startedMs).toBeGreaterThanOrEqual(measured);
      // Each step timed from its own start, after the wait for the one before.
      expect(timed.map((c) => c.startedMs)).toEqual(timed.map((c) => c.startedMs).sort((a, b) => a - b));
      expect(new Set(timed.map((c) => c.startedMs)).size).toBe(3);
    } finally {
      waits.mockRestore();
      model.destroy();
    }
  });
});

describe("profileTraining", () => {
  let ceilings: Ceilings;
  beforeAll(async () => {
    ceilings = await measureCeilings(gpu().device, smallGemm());
  });

  it("measures positive ceilings", () => {
    expect(ceilings.matmul.gflops).toBeGreaterThan(0);
    expect(ceilings.copy.gbps).toBeGreaterThan(0);
    expect(ceilings.matmul.description).toBe("128³ GEMM");
  });

  it("times every dispatch of the step, the batch conversion first; the rows add up to the step", async () => {
    const model = await Model.create(gpu().device, plan);
    try {
      const batch = batches();
      const requested: number[] = [];
      const profile = await profileTraining(
        model,
        { steps: 3, warmup: 2, lr: plan.optimizer.lr, batch: (step) => (requested.push(step), batch(step)) },
        ceilings,
      );
      // Warm-up, timed, then as many ordinary steps, each on the next batch.
      expect(requested).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      expect(profile.stepMs).toBeGreaterThan(0);
      expect(profile.kernels.map((k) => k.label)).toEqual(["batch conversion", ...plan.train.map((d) => d.label)]);
      expect(profile.kernels.slice(1).map((k) => k.flops)).toEqual(plan.train.map((d) => d.flops));
      expect(profile.kernels.every((k) => k.ms > 0)).toBe(true);
      expect(profile.kernels.reduce((sum, k) => sum + k.ms, 0)).toBeCloseTo(profile.kernelMs, 9);
      expect(profile.kernels.reduce((sum, k) => sum + k.share, 0)).toBeCloseTo(1, 9);
      expect(profile.spanMs).toBeGreaterThanOrEqual(profile.kernelMs);
      const forward = profile.kernels.find((k) => k.label === "linear1 + relu1")!;
      expect(forward.gflops).toBeCloseTo(forward.flops / (forward.ms * 1e6), 9);
      expect(forward.matmulFraction).toBeCloseTo(forward.gflops / ceilings.matmul.gflops, 9);
      expect(forward.copyFraction).toBeCloseTo(forward.gbps / ceilings.copy.gbps, 9);
      // Every row's bandwidth: its bytes over its milliseconds, in GB/s.
      for (const k of profile.kernels) {
        expect(k.bytes, k.label).toBeGreaterThan(0);
        expect(k.gbps, k.label).toBeCloseTo(k.bytes / (k.ms * 1e6), 6);
      }

      expect(profile.plannedBytes).toBe(plan.buffers.reduce((sum, b) => sum + b.bytes, 0));
      // Besides the plan: 4 staging slots of u8 pixels and labels, the pixel table, 4 Step uniforms
      // and one metrics readback.
      const staging = 4 * (BATCH * 784 + BATCH) + 256 * 4 + 4 * 32 + plan.metricsSlots * 16;
      expect(profile.allocatedBytes).toBe(profile.plannedBytes + staging);
    } finally {
      model.destroy();
    }
  });

  it("times the untimed steps per step, the warm-up left out", async () => {
    const model = await Model.create(gpu().device, plan);
    try {
      const batch = batches();
      const warmup = 8;
      const steps = 2;
      // The untimed steps (after warm-up and timed ones) each spend at least 25 ms preparing their batch.
      const profile = await profileTraining(
        model,
        {
          steps,
          warmup,
          lr: plan.optimizer.lr,
          batch: (step) => {
            if (step >= warmup + steps) for (const start = performance.now(); performance.now() - start < 25;);
            return batch(step);
          },
        },
        ceilings,
      );
      expect(profile.stepMs).toBeGreaterThanOrEqual(25);
    } finally {
      model.destroy();
    }
  });

  it("derives the ceilings from the fastest run's time: the copy counts its 64 MiB read and written", async () => {
    // A device whose timestamp readbacks say every run took exactly 1 ms.
    const device = gpu().device;
    const oneMs = (bytes: number) => {
      const times = new BigInt64Array(bytes / 8);
      for (let run = 0; run < times.length / 2; run++) {
        times[2 * run] = BigInt(run * 10_000_000);
        times[2 * run + 1] = BigInt(run * 10_000_000 + 1_000_000);
      }
      return times.buffer;
    };
    const timed = new Proxy(device, {
      get(target, prop) {
        if (prop === "createBuffer") {
          return (descriptor: GPUBufferDescriptor) => {
            const buffer = target.createBuffer(descriptor);
            if (descriptor.usage & GPUBufferUsage.MAP_READ) buffer.getMappedRange = () => oneMs(descriptor.size);
            return buffer;
          };
        }
        const value: unknown = Reflect.get(target, prop);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const fixed = await measureCeilings(timed, smallGemm());
    expect(fixed.matmul.gflops).toBeCloseTo((2 * 128 ** 3) / 1e6, 9);
    expect(fixed.copy.gbps).toBeCloseTo((2 * 64 * 2 ** 20) / 1e6, 9);
    expect(fixed.copy.description).toBe("64 MiB vec4 copy kernel");
  });

  it("refuses a device without timestamp queries with an error that says so", async () => {
    // A device of a fresh adapter, requested without optional features. Dawn's objects die with
    // the instance create() returns, so it stays referenced until the device is destroyed.
    const instance = create([]);
    liveInstances.add(instance);
    const plain = await (await instance.requestAdapter())!.requestDevice();
    const model = await Model.create(plain, plan);
    try {
      await expect(measureCeilings(plain, smallGemm())).rejects.toThrow(TimestampQueryUnsupportedError);
      await expect(
        profileTraining(model, { steps: 1, warmup: 0, lr: 0.1, batch: batches() }, ceilings),
      ).rejects.toThrow("this WebGPU device has no 'timestamp-query' feature, which profiling needs");
    } finally {
      model.destroy();
      plain.destroy();
      liveInstances.delete(instance);
    }
  });
});

describe("netc profile", () => {
  it("prints a row per dispatch, slowest first, and the step and memory totals", async () => {
    const report = await profileCommand("specs/softmax_regression.net", { steps: 2, batch: 32 });
    const text = formatProfile(report);
    const lines = text.split("\n");
    expect(lines[0]).toMatch(
      /^softmax_regression, batch 32, on .+: 2 timed training steps after 2 untimed, on Fashion-MNIST training batches$/,
    );
    expect(lines[1]).toMatch(
      /^ceilings: matmul [\d.]+ GFLOP\/s \(1024×1024×1024 GEMM, \w+ tile \d+×\d+\), copy [\d.]+ GB\/s/,
    );
    const header = lines.findIndex((l) => /^\s*ms\s+share\s+GFLOP\/s\s+of matmul\s+GB\/s\s+of copy  kernel$/.test(l));
    expect(header).toBeGreaterThan(1);
    const rows = lines.slice(header + 2, header + 2 + report.profile.kernels.length);
    const cells = rows.map((r) => r.trim().split(/\s{2,}/));
    expect(cells.map((c) => c[6]).sort()).toEqual(report.profile.kernels.map((k) => k.label).sort());
    const ms = cells.map((c) => Number(c[0]));
    expect(ms).toEqual([...ms].sort((a, b) => b - a));
    expect(text).toContain(`ms in ${report.plan.train.length + 1} dispatches`);
    expect(text).toContain(
      `untimed: ${report.profile.stepMs.toFixed(3)} ms per step, wall-clock, over 2 ordinary steps`,
    );
    expect(text).toMatch(/memory: [\d,]+ bytes \([\d.]+ MiB\) in the memory plan; [\d,]+ bytes/);
  });
});

describe("netc profile on a small data set", () => {
  const folder = mkdtempSync(join(tmpdir(), "netc-profile-data-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("starts again from the first batch after the last whole one (40 images: one batch of 32 per epoch)", async () => {
    const idx = (shape: number[], data: Uint8Array) => {
      const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
      header.setUint8(2, 8);
      header.setUint8(3, shape.length);
      shape.forEach((size, axis) => header.setUint32(4 + 4 * axis, size));
      return Buffer.concat([new Uint8Array(header.buffer), data]);
    };
    const labels = Uint8Array.from({ length: 40 }, (_, i) => i % 10);
    for (const split of ["train", "t10k"]) {
      writeFileSync(join(folder, `${split}-images-idx3-ubyte`), idx([40, 28, 28], new Uint8Array(40 * 784).fill(7)));
      writeFileSync(join(folder, `${split}-labels-idx1-ubyte`), idx([40], labels));
    }
    // 2 warm-up, 2 timed and 2 untimed steps: steps 1 to 5 take rows 0 to 31 again, never rows 32 to 63.
    const report = await profileCommand("specs/softmax_regression.net", { steps: 2, batch: 32, data: folder });
    expect(report.profile.steps).toBe(2);
    expect(report.profile.kernels.every((k) => k.ms >= 0)).toBe(true);
  });
});

describe("formatProfile", () => {
  it("prints each kernel's figures as written, a shared label with its kernel, '-' for a kernel too short to time", () => {
    const kernel = (label: string, name: string, ms: number, share: number, gflops: number, gbps: number) =>
      ({
        label,
        kernel: name,
        flops: 0,
        bytes: 0,
        ms,
        share,
        gflops,
        gbps,
        matmulFraction: gflops / 100,
        copyFraction: gbps / 100,
      }) satisfies KernelProfile;
    const text = formatProfile({
      plan,
      adapterName: "test adapter",
      ceilings: { matmul: { description: "a GEMM", gflops: 100 }, copy: { description: "a copy", gbps: 100 } },
      profile: {
        steps: 3,
        // In dispatch order; printed slowest first.
        kernels: [
          kernel("dense1", "gemm_a", 0.25, 0.2, 8, 4.5),
          kernel("dense1", "gemm_b", 0.75, 0.6, 80 / 3, 1.24),
          kernel("relu", "relu", 0, 0, NaN, NaN),
        ],
        kernelMs: 1,
        spanMs: 1.25,
        stepMs: 2.5,
        plannedBytes: 3 * 2 ** 20,
        allocatedBytes: 1_600_000,
      },
    });
    const lines = text.split("\n");
    expect(lines[0]).toBe(
      `${plan.model}, batch ${BATCH}, on test adapter: 3 timed training steps after 2 untimed, on Fashion-MNIST training batches`,
    );
    expect(lines[1]).toBe("ceilings: matmul 100.0 GFLOP/s (a GEMM), copy 100.0 GB/s read + written (a copy)");
    expect(lines.slice(5, 8).map((row) => row.trim().split(/\s{2,}/))).toEqual([
      ["0.750", "60.0%", "26.67", "26.7%", "1.24", "1.2%", "dense1 [gemm_b]"],
      ["0.250", "20.0%", "8.00", "8.0%", "4.50", "4.5%", "dense1 [gemm_a]"],
      ["0.000", "0.0%", "-", "-", "-", "-", "relu"],
    ]);
    expect(text).toContain(
      "step: 1.000 ms in 3 dispatches (sum of kernel times); 1.250 ms from the first kernel's start",
    );
    expect(text).toContain("memory: 3,145,728 bytes (3.0 MiB) in the memory plan; 1,600,000 bytes (1.5 MiB) allocated");
  });
});
