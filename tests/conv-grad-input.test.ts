// The input gradient of strided convolutions, computed per phase (input positions with the same
// h mod stride, w mod stride): every phase's values, the phases that no tap reaches (exact
// zeros), phases with fewer positions at odd sizes, and phase GEMMs whose k is split. The conv2d
// tests in ops-cnn.test.ts tie the float64 reference to finite differences and PyTorch; here the
// GPU is also checked against the forward reference alone, through ⟨conv(x), dy⟩ = ⟨x, dx⟩.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Attrs, OpNode } from "../src/ir/graph.js";
import type { Target } from "../src/ops/family.js";
import { family } from "../src/ops/index.js";
import type { GpuContext } from "../runtime/gpu.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { randomFloats, relativeError, runOnGpu, runReference, type OpInput } from "./helpers/ops.js";

let gpu: GpuContext;
let deviceTarget: Target;
beforeAll(async () => {
  gpu = await requestNodeGpu();
  deviceTarget = gpu.features.has("subgroups") ? { subgroupMinSize: gpu.adapter.info.subgroupMinSize } : {};
});
afterAll(() => gpu.destroy());

const TOLERANCE = 1e-4;

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const random = (shape: number[], seed: number): OpInput => ({ data: randomFloats(size(shape), seed), shape });

interface Geometry {
  kernel: [number, number];
  stride: [number, number];
  pad?: [number, number];
  dilation?: [number, number];
  groups?: number;
}

interface Case {
  name: string;
  x: number[];
  out: number;
  geometry: Required<Geometry>;
  /** Some input positions are read by no tap: their gradient must be exactly zero. */
  unreached?: boolean;
}

const conv = (name: string, x: number[], out: number, g: Geometry, unreached = false): Case => ({
  name,
  x,
  out,
  geometry: { pad: [0, 0], dilation: [1, 1], groups: 1, ...g },
  unreached,
});

const cases: Case[] = [
  conv("3×3 stride 2 pad 1 (phases of 1, 2, 2 and 4 taps)", [2, 3, 8, 8], 4, {
    kernel: [3, 3],
    stride: [2, 2],
    pad: [1, 1],
  }),
  conv("3×3 stride 2 pad 1, odd sizes (phases of fewer positions)", [2, 3, 9, 7], 5, {
    kernel: [3, 3],
    stride: [2, 2],
    pad: [1, 1],
  }),
  conv("3×3 stride 3 pad 1 (one tap per phase)", [1, 2, 10, 11], 3, { kernel: [3, 3], stride: [3, 3], pad: [1, 1] }),
  conv("5×5 stride 3 pad 2", [1, 2, 11, 8], 3, { kernel: [5, 5], stride: [3, 3], pad: [2, 2] }),
  conv("3×2 stride (2, 3) pad (1, 0)", [2, 3, 9, 10], 4, { kernel: [3, 2], stride: [2, 3], pad: [1, 0] }),
  conv(
    "3×3 stride 2 dilation 2 pad 2 (odd rows and columns unreached)",
    [1, 2, 9, 9],
    3,
    { kernel: [3, 3], stride: [2, 2], pad: [2, 2], dilation: [2, 2] },
    true,
  ),
  conv("3×3 stride 2 dilation 3 pad 1", [1, 2, 12, 11], 3, {
    kernel: [3, 3],
    stride: [2, 2],
    pad: [1, 1],
    dilation: [3, 3],
  }),
  conv("3×3 stride 2 pad 1, 2 groups", [2, 4, 7, 7], 6, { kernel: [3, 3], stride: [2, 2], pad: [1, 1], groups: 2 }),
  conv("3×3 stride 2 pad 1, depthwise", [2, 4, 8, 8], 4, { kernel: [3, 3], stride: [2, 2], pad: [1, 1], groups: 4 }),
  conv("3×3 stride 3, 3 groups", [1, 6, 8, 8], 6, { kernel: [3, 3], stride: [3, 3], groups: 3 }),
  conv("1×1 stride 2, odd sizes (three phases unreached)", [2, 4, 7, 7], 8, { kernel: [1, 1], stride: [2, 2] }, true),
  conv(
    "1×1 stride 2 pad 1 (even positions unreached)",
    [1, 2, 3, 3],
    3,
    { kernel: [1, 1], stride: [2, 2], pad: [1, 1] },
    true,
  ),
  conv("2×3 stride 3 on 2 rows (a phase with no positions)", [1, 2, 2, 7], 3, { kernel: [2, 3], stride: [3, 3] }),
  // 128 output channels × 4 taps: the 4-tap phase's k splits where the target wants many threads.
  conv("3×3 stride 2 pad 1 to 128 channels", [1, 8, 6, 6], 128, { kernel: [3, 3], stride: [2, 2], pad: [1, 1] }),
];

const TARGETS: [string, () => Target][] = [
  ["the adapter's tiles", () => deviceTarget],
  ["any adapter (k split for a large GPU)", () => ({})],
  ["k never split", () => ({ ...deviceTarget, minThreads: 1 })],
];

function gradInputAttrs(c: Case): Attrs {
  return { ...c.geometry, shape: c.x };
}

function forwardAttrs(c: Case): Attrs {
  return { ...c.geometry, out: c.out, bias: false };
}

/** dy and the weight of a case. */
function gradInputs(c: Case, seed: number): OpInput[] {
  const y = family("conv2d").infer([c.x], forwardAttrs(c)).shape as number[];
  const { kernel, groups } = c.geometry;
  return [random(y, seed), random([c.out, c.x[1]! / groups, ...kernel], seed + 1)];
}

function gradInputNode(c: Case, dy: number[], weight: number[]): { node: OpNode; inputs: number[][] } {
  return {
    node: {
      id: 2,
      op: "conv2d_grad_input",
      name: "net.conv1.grad_input",
      inputs: [0, 1],
      attrs: gradInputAttrs(c),
      shape: c.x,
      loc: { file: "test", line: 1, col: 1, length: 1 },
      calledFrom: [],
    },
    inputs: [dy, weight],
  };
}

const kernelsOf = (c: Case, target: Target) => {
  const [dy, weight] = gradInputs(c, 1);
  const { node, inputs } = gradInputNode(c, dy!.shape, weight!.shape);
  return family("conv2d_grad_input").kernels!({ node, inputs, output: c.x, mode: "train", target });
};

describe("conv2d input gradient of strided convolutions", () => {
  describe.each(TARGETS)("compiled for %s", (_, target) => {
    it.each(cases)("$name: matches the reference and ⟨conv(x), dy⟩ = ⟨x, dx⟩", async (c) => {
      const inputs = gradInputs(c, 31);
      const dx = (await runOnGpu(gpu.device, "conv2d_grad_input", gradInputAttrs(c), inputs, { target: target() }))
        .output;
      const expected = runReference("conv2d_grad_input", gradInputAttrs(c), inputs);
      expect(relativeError(dx, expected)).toBeLessThanOrEqual(TOLERANCE);

      const [dy, weight] = inputs as [OpInput, OpInput];
      const x = random(c.x, 37);
      const y = runReference("conv2d", forwardAttrs(c), [x, weight]);
      let forward = 0;
      let backward = 0;
      let scale = 0;
      y.forEach((v, i) => {
        forward += v * dy.data[i]!;
        scale += Math.abs(v * dy.data[i]!);
      });
      x.data.forEach((v, i) => (backward += v * dx[i]!));
      expect(Math.abs(forward - backward)).toBeLessThanOrEqual(TOLERANCE * scale);

      // Positions no tap reads: written (the output starts as NaN), and exactly zero.
      const unreached = [...expected.keys()].filter((i) => expected[i] === 0);
      if (c.unreached) expect(unreached.length).toBeGreaterThan(0);
      expect(unreached.filter((i) => dx[i] !== 0)).toEqual([]);
    });
  });

  it("keeps one GEMM writing dx for a stride of 1", () => {
    const kernels = kernelsOf(conv("3×3 pad 1", [2, 3, 8, 8], 4, { kernel: [3, 3], stride: [1, 1], pad: [1, 1] }), {});
    expect(kernels.map((k) => k.name)).toEqual(["net_conv1_grad_input_grad_input"]);
    expect(kernels[0]!.bindings[0]!.ref).toBe("out");
  });

  it("names each phase's kernels, zero-fills phases no tap reaches and gives the FLOPs to the GEMMs", () => {
    const kernels = kernelsOf(
      cases.find((c) => c.name.startsWith("1×1 stride 2, odd"))!,
      deviceTarget,
    );
    expect(kernels.map((k) => k.name.replace("net_conv1_grad_input_grad_input_", ""))).toEqual([
      "phase0",
      "phase0_store",
      "phase1_zero",
      "phase2_zero",
      "phase3_zero",
    ]);
    expect(kernels.map((k) => k.flopsShare)).toEqual([1, 0, 0, 0, 0]);
  });

  it("shares the FLOPs among the phase GEMMs by their taps and positions", () => {
    const kernels = kernelsOf(cases[0]!, deviceTarget);
    const gemms = kernels.filter((k) => !k.name.endsWith("_store"));
    // 4×4 positions per phase; 1, 2, 2 and 4 taps.
    expect(gemms.map((k) => k.flopsShare)).toEqual([1 / 9, 2 / 9, 2 / 9, 4 / 9]);
    expect(new Set(kernels.map((k) => k.name)).size).toBe(kernels.length);
  });

  it("adds up a split phase GEMM's slices as it stores them", () => {
    const c = cases.at(-1)!;
    const phaseFloats = c.x[0]! * c.x[1]! * 3 * 3;
    const scratch = (target: Target) => kernelsOf(c, target).find((k) => k.name.endsWith("phase3_store"))!.scratchBytes;
    expect(scratch({})).toBe(2 * 4 * phaseFloats);
    expect(scratch({ minThreads: 1 })).toBe(4 * phaseFloats);
  });
});
