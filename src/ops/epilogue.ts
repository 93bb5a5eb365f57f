// A layer's GEMM (linear, conv) as a node's kernel, and its epilogue: the bias and, after fusion,
// the activation that follows it — one place for the WGSL and for the float64 reference.

import type { Attrs } from "../ir/graph.js";
import { fusedActivation } from "./activations.js";
import { epilogueActivation, kernelName, type Kernel, type KernelContext } from "./family.js";
import { gemmKernel, type Epilogue, type GemmSpec } from "./gemm.js";

/**
 * A GEMM as the node's kernel: its output is the node's, and `inputs` names the node input each
 * other binding (dense operands `gemm_a`/`gemm_b`, loaders', epilogue's) reads.
 */
export function gemmAsKernel(
  ctx: KernelContext,
  what: string,
  spec: Omit<GemmSpec, "name">,
  inputs: Record<string, number>,
): Kernel {
  const name = kernelName(ctx.node, what);
  const built = gemmKernel({ name, ...spec });
  return {
    name,
    code: built.code,
    workgroups: built.workgroups,
    bindings: built.bindings.map((b) =>
      b.name === "gemm_c" ? { ref: "out", access: "read_write" } : { ref: { input: inputs[b.name]! }, access: "read" },
    ),
  };
}

/**
 * The GEMM spec's `epilogue` field, to spread into it (none when there is nothing to do); `bias`
 * indexes the bias for an output element (WGSL), undefined for a layer without one.
 */
export function layerEpilogue(
  attrs: Attrs,
  bias: ((row: string, col: string) => string) | undefined,
): { epilogue?: Epilogue } {
  const name = epilogueActivation(attrs);
  const activation = name === undefined ? undefined : fusedActivation(name);
  if (bias === undefined && activation === undefined) return {};
  const epilogue: Epilogue = {
    bindings: bias === undefined ? [] : [{ name: "bias", access: "read", type: "array<f32>" }],
    ...(activation === undefined ? {} : { wgsl: activation.wgsl }),
    apply: (value, row, col) => {
      const biased = bias === undefined ? value : `${value} + bias[${bias(row, col)}]`;
      return activation === undefined ? biased : activation.call(biased);
    },
  };
  return { epilogue };
}

/** The fused activation applied to a reference output in place. */
export function applyEpilogueReference(y: Float64Array, attrs: Attrs): Float64Array {
  const name = epilogueActivation(attrs);
  const activation = name === undefined ? undefined : fusedActivation(name);
  if (activation !== undefined) y.forEach((v, i) => (y[i] = activation.fn(v)));
  return y;
}
