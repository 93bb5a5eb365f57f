// Which kernels should a convolution run on this adapter? Times the kernels of one conv's forward,
// input gradient and weight gradient as compiled for two targets (this adapter's GEMMs, direct
// kernels turned off; and the software adapter's choice, where stride-1 convs and their gradients
// run as direct kernels: src/ops/conv-direct.ts), interleaved round by round in one process so
// that a host whose speed drifts affects both alike. Reports the best round of each
// in wall-clock and process CPU milliseconds per run. Shapes: ResNet-18's stride-1 stages at 64×64
// pixels, VGG-11's at 32, and GoogLeNet's at 96, at batch 16; LeNet's and BN-LeNet's at batch 256;
// depthwise and dilated convs (bench/specs/separable.net's, and others).
// Run: `npx tsc -p tsconfig.json && node dist/bench/conv.js [LABEL ...]` (the cases whose labels
// start with one of LABELs; default: all).

import { BufferUsage } from "../runtime/gpu.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { targetOf } from "../src/cli/train.js";
import type { Attrs, OpNode } from "../src/ir/graph.js";
import type { Kernel, Target } from "../src/ops/family.js";
import { family } from "../src/ops/index.js";
import { STEP_BYTES } from "../src/ops/wgsl.js";
import { dispatch, prepareKernel, type Prepared } from "../src/tune/measure.js";

interface ConvCase {
  label: string;
  /** Input [N, C, H, W]. */
  x: [number, number, number, number];
  out: number;
  kernel: number;
  /** Default: dilation · (kernel − 1) / 2, which keeps the size. */
  pad?: number;
  groups?: number;
  dilation?: number;
}

const CASES: ConvCase[] = [
  { label: "resnet stage 1", x: [16, 64, 16, 16], out: 64, kernel: 3 },
  { label: "resnet stage 2", x: [16, 128, 8, 8], out: 128, kernel: 3 },
  { label: "resnet stage 3", x: [16, 256, 4, 4], out: 256, kernel: 3 },
  { label: "vgg block 2", x: [16, 64, 16, 16], out: 128, kernel: 3 },
  { label: "vgg block 3", x: [16, 256, 8, 8], out: 256, kernel: 3 },
  { label: "googlenet b2 1×1", x: [16, 64, 24, 24], out: 64, kernel: 1 },
  { label: "googlenet b2 3×3", x: [16, 64, 24, 24], out: 192, kernel: 3 },
  { label: "googlenet b3 3×3", x: [16, 96, 12, 12], out: 128, kernel: 3 },
  { label: "googlenet b3 5×5", x: [16, 16, 12, 12], out: 32, kernel: 5 },
  // Rows that are not whole vec4s: ResNet-18's stage 4 at 64×64, its stages 3 and 4 at 96×96, a
  // 14-wide layer, and AlexNet's 13-wide conv3 at batch 4.
  { label: "resnet 64 stage 4", x: [16, 512, 2, 2], out: 512, kernel: 3 },
  { label: "resnet 96 stage 3", x: [16, 256, 6, 6], out: 256, kernel: 3 },
  { label: "resnet 96 stage 4", x: [16, 512, 3, 3], out: 512, kernel: 3 },
  { label: "14 wide", x: [16, 64, 14, 14], out: 64, kernel: 3 },
  { label: "alexnet conv3", x: [4, 256, 13, 13], out: 384, kernel: 3 },
  // 5×5 kernels over more channels: AlexNet's conv2 (27 wide) at batch 4, and 24 channels to 64
  // (as in bench/specs/nin_quarter.net) over rows of whole vec4s.
  { label: "alexnet conv2", x: [4, 96, 27, 27], out: 256, kernel: 5 },
  { label: "5×5 24 to 64", x: [16, 24, 16, 16], out: 64, kernel: 5 },
  // Few input channels: LeNet's two convs (the first padded by 2) and BN-LeNet's.
  { label: "lenet conv1", x: [256, 1, 28, 28], out: 6, kernel: 5 },
  { label: "lenet conv2", x: [256, 6, 14, 14], out: 16, kernel: 5, pad: 0 },
  { label: "bn-lenet conv1", x: [256, 1, 28, 28], out: 6, kernel: 5, pad: 0 },
  { label: "bn-lenet conv2", x: [256, 6, 12, 12], out: 16, kernel: 5, pad: 0 },
  // Depthwise 3×3 convs and one of 8 groups at batch 128 (bench/specs/separable.net's), and dilated
  // ones: few channels at batch 128, 64 channels over rows of whole vec4s at batch 16, and depthwise.
  { label: "depthwise 28", x: [128, 32, 28, 28], out: 32, kernel: 3, groups: 32 },
  { label: "depthwise 14", x: [128, 64, 14, 14], out: 64, kernel: 3, groups: 64 },
  { label: "8 groups 7", x: [128, 64, 7, 7], out: 128, kernel: 3, groups: 8 },
  { label: "dilated 16", x: [128, 16, 28, 28], out: 16, kernel: 3, dilation: 2 },
  { label: "dilated 64", x: [16, 64, 16, 16], out: 64, kernel: 3, dilation: 2 },
  { label: "dilated depthwise", x: [128, 32, 28, 28], out: 32, kernel: 3, groups: 32, dilation: 2 },
];

const ROUNDS = 5;
/** Runs of the op per round: about a second of work. */
const RUNS_PER_ROUND = 8;

/** One conv pass compiled for a target: its kernels, and the shapes of its inputs and output. */
interface ConvPass {
  kernels: Kernel[];
  inputs: number[][];
  output: number[];
}

type Pass = "forward" | "grad_input" | "grad_weight";

/** The conv's forward, input gradient or weight gradient as kernels for `target`. */
function convPass(c: ConvCase, what: Pass, target: Target): ConvPass {
  const [n, channels, h, w] = c.x;
  const [groups, dilation] = [c.groups ?? 1, c.dilation ?? 1];
  const pad = c.pad ?? (dilation * (c.kernel - 1)) / 2;
  const geometry = {
    kernel: [c.kernel, c.kernel],
    stride: [1, 1],
    pad: [pad, pad],
    dilation: [dilation, dilation],
    groups,
  };
  const span = dilation * (c.kernel - 1) + 1;
  const y = [n, c.out, h + 2 * pad - span + 1, w + 2 * pad - span + 1];
  const weight = [c.out, channels / groups, c.kernel, c.kernel];
  const passes: Record<Pass, [string, Attrs, number[][], number[]]> = {
    forward: ["conv2d", { ...geometry, out: c.out, bias: true }, [[...c.x], weight, [c.out]], y],
    grad_input: ["conv2d_grad_input", { ...geometry, shape: [...c.x] }, [y, weight], [...c.x]],
    grad_weight: ["conv2d_grad_weight", geometry, [y, [...c.x]], weight],
  };
  const [op, attrs, inputs, output] = passes[what];
  const loc = { file: "bench", line: 1, col: 1, length: 1 };
  const node: OpNode = { id: 0, name: "conv1", op, inputs: [], shape: output, loc, calledFrom: [], attrs };
  return { kernels: family(op).kernels!({ node, inputs, output, mode: "train", target }), inputs, output };
}

/** The pass's kernels over buffers of random values, and those buffers. */
async function preparePass(device: GPUDevice, pass: ConvPass): Promise<{ prepared: Prepared; buffers: GPUBuffer[] }> {
  const buffers: GPUBuffer[] = [];
  const storage = (elements: number) => {
    const buffer = device.createBuffer({
      size: Math.max(16, elements * 4),
      usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(
      buffer,
      0,
      Float32Array.from({ length: elements }, () => Math.random() - 0.5),
    );
    buffers.push(buffer);
    return buffer;
  };
  const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
  const inputs = pass.inputs.map((shape) => storage(size(shape)));
  const out = storage(size(pass.output));
  const scratch = storage(Math.max(4, ...pass.kernels.map((k) => (k.scratchBytes ?? 0) / 4)));
  const step = device.createBuffer({ size: STEP_BYTES, usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST });
  const words = new Uint32Array(STEP_BYTES / 4);
  words[3] = pass.output[0]!; // the valid rows: all of the batch
  device.queue.writeBuffer(step, 0, words);
  buffers.push(step);
  const own: Record<string, GPUBuffer> = { out, scratch, step };
  const prepared = await Promise.all(
    pass.kernels.map((kernel) =>
      prepareKernel(
        device,
        kernel,
        kernel.bindings.map(({ ref }) => {
          const buffer = typeof ref === "string" ? own[ref] : "input" in ref ? inputs[ref.input] : undefined;
          if (buffer === undefined) throw new Error(`${kernel.name} binds ${JSON.stringify(ref)}`);
          return buffer;
        }),
      ),
    ),
  );
  return { prepared, buffers };
}

async function main(): Promise<void> {
  const gpu = await requestNodeGpu();
  const adapter = targetOf(gpu);
  if (adapter.subgroupMinSize === undefined)
    throw new Error("this adapter has no subgroups: every conv runs as a GEMM");
  const targets: [string, Target][] = [
    ["GEMM", { ...adapter, directConvs: false }],
    ["software's choice", { ...adapter, software: true }],
  ];
  console.log(
    `${gpu.adapter.info.description}: best of ${ROUNDS} interleaved rounds, ms per run (wall-clock / process CPU)`,
  );
  const only = process.argv.slice(2);
  for (const c of CASES.filter((c) => only.length === 0 || only.some((label) => c.label.startsWith(label)))) {
    for (const what of ["forward", "grad_input", "grad_weight"] as const) {
      const passes = targets.map(([, target]) => convPass(c, what, target));
      const runs = await Promise.all(passes.map((pass) => preparePass(gpu.device, pass)));
      for (const { prepared } of runs) await dispatch(gpu.device, prepared); // compiles on software adapters
      const best = targets.map(() => ({ ms: Infinity, cpuMs: Infinity }));
      for (let round = 0; round < ROUNDS; round++) {
        for (const [i, { prepared }] of runs.entries()) {
          const t = await dispatch(gpu.device, prepared, RUNS_PER_ROUND);
          best[i] = { ms: Math.min(best[i]!.ms, t.ms), cpuMs: Math.min(best[i]!.cpuMs, t.cpuMs) };
        }
      }
      const cells = targets.map(([name], i) => `${name} ${best[i]!.ms.toFixed(2)} / ${best[i]!.cpuMs.toFixed(2)}`);
      const chosen = passes[1]!.kernels[0]!.code.includes("// gemm ") ? "gemm" : "direct";
      console.log(
        `${c.label.padEnd(18)} ${what.padEnd(11)} ${cells.join("   ")}   (${chosen}) ratio ${(best[0]!.cpuMs / best[1]!.cpuMs).toFixed(2)}`,
      );
      for (const { buffers } of runs) for (const b of buffers) b.destroy();
    }
  }
  gpu.destroy();
}

await main();
