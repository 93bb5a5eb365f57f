// A layer's GEMM (linear, conv) as a node's kernel, and its epilogue: the bias and, after fusion,
// the activation that follows it and, in evaluation, the batch norm folded into it (see
// src/5-fuse) — one place for the WGSL and for the float64 reference.

import type { Attrs } from "../ir/graph.js";
import { fusedActivation } from "./activations.js";
import {
  epilogueActivation,
  kernelName,
  num,
  type BindingRef,
  type Kernel,
  type KernelContext,
  type Mode,
  type ReferenceContext,
} from "./family.js";
import { f32 } from "./wgsl.js";
import { gemmKernels, type Epilogue, type GemmKernel, type GemmProgram, type GemmSpec } from "./gemm.js";

/**
 * A GEMM as the node's kernels (two where k is split): its output is the node's, and `inputs`
 * names the node input each other binding (dense operands `gemm_a`/`gemm_b`, loaders', epilogue's)
 * reads.
 */
export function gemmAsKernels(
  ctx: KernelContext,
  what: string,
  spec: Omit<GemmSpec, "name">,
  inputs: Record<string, number>,
): Kernel[] {
  const name = kernelName(ctx.node, what, ctx.mode);
  const bindingInputs = layerBindingInputs(ctx, inputs);
  const program = tunedGemm(ctx, name, spec, bindingInputs);
  const split = program.kernels.length > 1;
  return program.kernels.map((built, i) => ({
    // The kernel that stores C (and runs the epilogue) keeps the GEMM's name.
    name: split && i === 0 ? `${name}_slices` : name,
    code: built.code,
    workgroups: built.workgroups,
    bindings: gemmBindingRefs(built, bindingInputs, "out"),
    // The slices do the multiply-adds; adding them up is next to nothing.
    ...(split ? { scratchBytes: program.scratchFloats * 4, flopsShare: i === 0 ? 1 : 0 } : {}),
  }));
}

/** The node input each binding of a layer's kernel reads: `inputs`, and a folded batch norm's. */
export function layerBindingInputs(ctx: KernelContext, inputs: Record<string, number>): Record<string, number> {
  return { ...inputs, ...foldedInputs(ctx.node.attrs, ctx.inputs.length, ctx.mode) };
}

/**
 * The GEMM's kernels with the tile `netc tune` measured for it on the target's adapter, where it
 * has one, else the spec's; `bindingInputs` names the node input each binding besides C reads.
 */
export function tunedGemm(
  ctx: KernelContext,
  name: string,
  spec: Omit<GemmSpec, "name">,
  bindingInputs: Record<string, number>,
): GemmProgram {
  // Element counts of the inputs it binds (a layer without a bias names one it does not bind).
  const sizes = Object.fromEntries(
    Object.entries(bindingInputs).flatMap(([binding, input]) => {
      const shape = ctx.inputs[input];
      return shape ? [[binding, shape.reduce((x, y) => x * y, 1)]] : [];
    }),
  );
  const { workgroupStorage } = ctx.target;
  const full: GemmSpec = { name, ...spec, ...(workgroupStorage ? { workgroupStorage } : {}) };
  const tuned = ctx.target.gemmTiles?.tileFor(full, sizes);
  return gemmKernels({ ...full, ...(tuned ? { tile: tuned } : {}) });
}

/** What each binding of a GEMM kernel binds: C is `c`, the partial sums scratch, the rest inputs. */
export function gemmBindingRefs(
  built: GemmKernel,
  bindingInputs: Record<string, number>,
  c: BindingRef,
): Kernel["bindings"] {
  return built.bindings.map(({ name, access }) => ({
    ref: name === "gemm_c" ? c : name === "gemm_partials" ? "scratch" : { input: bindingInputs[name]! },
    access,
  }));
}

/** A batch norm folded into the layer (evaluation): its four tensors are the layer's last inputs. */
const FOLDED = ["bn_weight", "bn_bias", "bn_mean", "bn_var"] as const;

function folds(attrs: Attrs, mode: Mode): boolean {
  return mode === "eval" && typeof attrs.foldedBatchnorm === "string";
}

function foldedInputs(attrs: Attrs, inputCount: number, mode: Mode): Record<string, number> {
  if (!folds(attrs, mode)) return {};
  return Object.fromEntries(FOLDED.map((name, k) => [name, inputCount - FOLDED.length + k]));
}

/** The activation the epilogue applies: the layer's own, or in evaluation the folded batch norm's. */
function activationOf(attrs: Attrs, mode: Mode) {
  const name = folds(attrs, mode) ? attrs.foldedActivation : epilogueActivation(attrs);
  return typeof name === "string" ? fusedActivation(name) : undefined;
}

/**
 * The GEMM spec's `epilogue` field, to spread into it (none when there is nothing to do):
 * `hasBias` says whether the layer adds a bias, and `feature` where the output feature (channel),
 * which the bias and a folded batch norm's tensors are indexed by, lies in C.
 */
export function layerEpilogue(
  ctx: KernelContext,
  hasBias: boolean,
  feature: Epilogue["feature"],
): { epilogue?: Epilogue } {
  const { attrs } = ctx.node;
  const fold = folds(attrs, ctx.mode);
  const activation = activationOf(attrs, ctx.mode);
  if (!hasBias && activation === undefined && !fold) return {};
  const read = (name: string) => ({ name, access: "read" as const, type: "array<f32>" });
  const epilogue: Epilogue = {
    bindings: [...(hasBias ? [read("bias")] : []), ...(fold ? FOLDED.map(read) : [])],
    ...(activation === undefined ? {} : { wgsl: activation.wgsl }),
    feature,
    apply: (value, at) => {
      let v = hasBias ? `${value} + ${at("bias")}` : value;
      if (fold) {
        // Exactly batch norm's evaluation kernel, so folded and unfolded programs agree.
        const eps = f32(num(attrs, "foldedEps"));
        v = `((${v}) - ${at("bn_mean")}) * (${at("bn_weight")} / sqrt(${at("bn_var")} + ${eps})) + ${at("bn_bias")}`;
      }
      return activation === undefined ? v : activation.call(v);
    },
  };
  return { epilogue };
}

/** The epilogue applied to a reference output in place; `feature` maps an element to its channel. */
export function applyEpilogueReference(
  y: Float64Array,
  ctx: Pick<ReferenceContext, "attrs" | "mode" | "inputs">,
  feature: (i: number) => number,
): Float64Array {
  const { attrs, mode, inputs } = ctx;
  if (folds(attrs, mode)) {
    const [weight, bias, mean, variance] = inputs.slice(-FOLDED.length) as Float64Array[];
    const eps = num(attrs, "foldedEps");
    y.forEach((v, i) => {
      const c = feature(i);
      // As batch norm's own reference computes it, so the two agree exactly.
      y[i] = ((v - mean![c]!) / Math.sqrt(variance![c]! + eps)) * weight![c]! + bias![c]!;
    });
  }
  const activation = activationOf(attrs, mode);
  if (activation !== undefined) y.forEach((v, i) => (y[i] = activation.fn(v)));
  return y;
}
