// The epilogue of a layer's GEMM (linear, conv): its bias and, after fusion, the activation that
// follows it — one place for the WGSL and for the float64 reference.

import type { Attrs } from "../ir/graph.js";
import { fusedActivation } from "./activations.js";
import { epilogueActivation } from "./family.js";
import type { Epilogue } from "./gemm.js";

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
