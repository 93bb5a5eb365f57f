// `npm run bench`: compiler speed, netc's matmul against PyTorch on the CPU (Debian's python3-torch,
// where installed), and training throughput of netc against TensorFlow.js-WebGPU on the same Dawn
// adapter, all in the same run. Prints a table; targets are checked here, not in tests.
// Usage: node dist/bench/run.js [--quick] [model ...] (models: softmax_regression mlp lenet bn_lenet
// resnet18; default: all of them, about 10 minutes on a 2-core software adapter, most of it
// ResNet-18).

import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { frontEnd } from "../src/front-end.js";
import { packageRoot } from "../src/package-root.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";
import { targetOf } from "../src/cli/train.js";
import { median } from "../src/tune/steps.js";
import { benchTraining, type Throughput } from "./throughput.js";
import { create } from "webgpu";
import { runTfjsPeer, type PeerModel } from "./tfjs-peer.js";
import { benchGemm, benchMultiplyAdds } from "./gemm.js";
import { defaultGemmTile, describeGemmTile } from "../src/ops/gemm.js";

interface Row {
  what: string;
  netc: number;
  /** What the peer column holds in this row. */
  peerName?: string;
  peer?: number;
  unit: string;
  target?: string;
}

const MATMUL_SIZE = 1024;

/**
 * PyTorch's fp32 matmul at MATMUL_SIZE³ on this machine's CPU cores, best of 5 timings of 10
 * products, in GFLOP/s, and the BLAS library it ran on (Debian's python3-torch uses the system's
 * libblas.so.3: the reference BLAS runs at a few GFLOP/s, OpenBLAS, from libopenblas0-pthread, at
 * about 200 on this machine's 2 cores); undefined where python3-torch is not installed.
 */
function pytorchCpuMatmul(): { gflops: number; blas: string } | undefined {
  const script = [
    "import time, torch",
    `torch.set_num_threads(${availableParallelism()})`,
    `a, b = torch.randn(${MATMUL_SIZE}, ${MATMUL_SIZE}), torch.randn(${MATMUL_SIZE}, ${MATMUL_SIZE})`,
    "for _ in range(3): a @ b",
    "best = float('inf')",
    "for _ in range(5):",
    "    start = time.perf_counter()",
    "    for _ in range(10): a @ b",
    "    best = min(best, (time.perf_counter() - start) / 10)",
    "blas = [line.split()[-1].split('/')[-1] for line in open('/proc/self/maps') if 'blas' in line]",
    `print(2 * ${MATMUL_SIZE} ** 3 / best / 1e9, blas[0] if blas else 'unknown BLAS')`,
  ].join("\n");
  const run = spawnSync("/usr/bin/python3", ["-c", script], { encoding: "utf8" });
  const [figure, blas] = run.stdout.trim().split(" ");
  const gflops = Number(figure);
  return run.status === 0 && Number.isFinite(gflops) ? { gflops, blas: blas ?? "unknown BLAS" } : undefined;
}

const dense: PeerModel[] = ["softmax_regression", "mlp"];
const convolutional: PeerModel[] = ["lenet", "bn_lenet", "resnet18"];
const MODELS = [...dense, ...convolutional];
const quick = process.argv.includes("--quick");
const only = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const unknown = only.filter((m) => !(MODELS as string[]).includes(m));
if (unknown.length > 0) {
  process.stderr.write(`bench: no model "${unknown[0]}"; name any of ${MODELS.join(", ")}, or none for all\n`);
  process.exit(2);
}
const root = packageRoot();
const specs = readdirSync(join(root, "specs"))
  .filter((f) => f.endsWith(".net"))
  .map((f) => join(root, "specs", f));

interface BenchSize {
  batch: number;
  /** Timed netc steps per run, whole metrics windows (TF.js runs half as many). */
  steps: number;
  imageSize?: number;
}

/**
 * Models measured at a reduced input size and batch: a ResNet-18 step at d2l's 96 pixels and batch
 * 256 takes minutes on a software adapter. Both netc and TF.js resize Fashion-MNIST's 28×28 images
 * to the side (netc on the GPU in every step, TF.js once before timing).
 */
const reduced: Partial<Record<PeerModel, BenchSize>> = {
  resnet18: { batch: 16, imageSize: 64, steps: 16 },
};

/**
 * Rounds of fused and unfused training that a CNN's fusion row alternates: on a shared host one
 * run of each decides nothing (ResNet-18's ratio read 0.71× and 1.18× in two such runs), and with
 * four rounds BN-LeNet's ratio of medians still read 1.16–1.56× from run to run, while single
 * rounds ranged from 0.79× to 2.18× within one run of ten.
 */
const FUSION_ROUNDS = 8;

/** Median of `runs` timings of `fn`, in milliseconds. */
function timeMs(fn: () => void, runs: number): number {
  return median(
    Array.from({ length: runs }, () => {
      const start = performance.now();
      fn();
      return performance.now() - start;
    }),
  );
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const checkMs = timeMs(() => specs.forEach((s) => frontEnd(s)), 5);
  rows.push({
    what: `netc check specs/*.net (${specs.length} specs, compiler time)`,
    netc: checkMs,
    unit: "ms",
    target: "< 1000 ms",
  });

  const gpu = await requestNodeGpu();
  const target = targetOf(gpu);
  const square = { m: MATMUL_SIZE, n: MATMUL_SIZE, k: MATMUL_SIZE };
  const tile = defaultGemmTile(square, target);
  const [matmul] = await benchGemm(gpu.device, [{ label: `${MATMUL_SIZE}³`, ...square, tile }]);
  const torch = pytorchCpuMatmul();
  rows.push({
    what: `matmul ${MATMUL_SIZE}³ fp32 (${describeGemmTile(tile)}; wall-clock)`,
    netc: matmul!.gflops,
    peerName: torch === undefined ? "PyTorch CPU (not installed)" : `PyTorch CPU, ${torch.blas}`,
    ...(torch === undefined ? {} : { peer: torch.gflops }),
    unit: "GFLOP/s",
    // Issue 6's target on a software adapter; PyTorch on the same cores is the ceiling to compare with.
    target: gpu.adapterName.startsWith("llvmpipe") ? "≥ 30 GFLOP/s" : "",
  });
  // How near the matmul comes to what the adapter's arithmetic allows at all on this host: on
  // lavapipe the same kernel read 58.3 and 12.6 GFLOP/s on two hosts (bench/RESULTS.md).
  const multiplyAdds = await benchMultiplyAdds(gpu.device);
  rows.push({
    what: `matmul ${MATMUL_SIZE}³ against multiply-adds alone (no memory traffic; wall-clock)`,
    netc: matmul!.gflops,
    peerName: "multiply-add ceiling",
    peer: multiplyAdds.gflops,
    unit: "GFLOP/s",
  });
  // TF.js takes its own device from a Dawn instance of its own, on the same adapter.
  const peerGpu = create([]);
  process.stderr.write(`adapter: ${gpu.adapterName}\n`);
  const { train } = await loadFashionMnist();
  const models = MODELS.filter((m) => only.length === 0 || only.includes(m));
  for (const model of models) {
    const spec = join(root, "specs", `${model}.net`);
    const cnn = convolutional.includes(model);
    const { batch, imageSize, steps }: BenchSize = reduced[model] ?? { batch: 256, steps: quick || cnn ? 16 : 96 };
    const prepare = (fuse: boolean) =>
      benchTraining(gpu.device, spec, train, { batch, ...(imageSize ? { imageSize } : {}), target, fuse });
    // The CNNs alternate fused and unfused runs, swapping which goes first each round (the second
    // of a round has gained a few percent); each column is its median.
    const fusedBench = await prepare(true);
    const unfusedBench = cnn ? await prepare(false) : undefined;
    const fused: Throughput[] = [];
    const unfused: Throughput[] = [];
    try {
      for (let round = 0; round < (unfusedBench ? FUSION_ROUNDS : 1); round++) {
        if (unfusedBench && round % 2 === 1) unfused.push(await unfusedBench.measure(steps));
        fused.push(await fusedBench.measure(steps));
        if (unfusedBench && round % 2 === 0) unfused.push(await unfusedBench.measure(steps));
      }
    } finally {
      fusedBench.destroy();
      unfusedBench?.destroy();
    }
    const netc = median(fused.map((t) => t.imagesPerSecond));
    const peer = await runTfjsPeer(peerGpu, model, {
      batch,
      steps: Math.ceil(steps / 2),
      ...(imageSize ? { inputSize: imageSize } : {}),
    });
    rows.push({
      what: `train ${model}${imageSize ? ` at ${imageSize}×${imageSize}` : ""}, batch ${batch}`,
      netc,
      peerName: "TF.js-WebGPU",
      peer: peer.imagesPerSecond,
      unit: "img/s",
      target: "netc ≥ 2× TF.js",
    });
    if (cnn) {
      rows.push({
        what: `${model}: fusion on (netc column) vs off, medians of ${FUSION_ROUNDS} runs in alternating order`,
        netc,
        peerName: "netc, fusion off",
        peer: median(unfused.map((t) => t.imagesPerSecond)),
        unit: "img/s",
        // Issue 4 sets it for BN-LeNet and ResNet-18.
        target: model === "lenet" ? "" : "≥ 1.3×",
      });
      // A software adapter's kernels run on this process's threads: its CPU time is the work of a
      // step, which the host's other load (that moves wall-clock rates run to run) leaves alone.
      if (target.software)
        rows.push({
          what: `${model}: the same runs by this process's CPU time`,
          netc: median(fused.map((t) => t.imagesPerCpuSecond)),
          peerName: "netc, fusion off",
          peer: median(unfused.map((t) => t.imagesPerCpuSecond)),
          unit: "img/CPU-s",
        });
    }
  }
  gpu.destroy();

  const width = Math.max(...rows.map((r) => r.what.length));
  const peerWidth = Math.max(...rows.map((r) => (r.peerName ?? "").length));
  console.log(
    `${"benchmark".padEnd(width)}  ${"netc".padStart(15)}  ${"peer".padEnd(peerWidth)}  ${"peer figure".padStart(15)}  ${"ratio".padStart(6)}  target`,
  );
  for (const r of rows) {
    // Three significant figures at least: ResNet-18 trains a few images per second on a software adapter.
    const fmt = (v: number) => `${v < 100 ? v.toPrecision(3) : Math.round(v).toLocaleString("en-US")} ${r.unit}`;
    const ratio = r.peer === undefined ? "" : `${(r.netc / r.peer).toFixed(2)}×`;
    console.log(
      `${r.what.padEnd(width)}  ${fmt(r.netc).padStart(15)}  ${(r.peerName ?? "").padEnd(peerWidth)}  ${(r.peer === undefined ? "" : fmt(r.peer)).padStart(15)}  ${ratio.padStart(6)}  ${r.target ?? ""}`,
    );
  }
}

await main();
