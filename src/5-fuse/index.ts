// Fusion on the training graph. An activation that follows a linear, conv or batch-norm layer is
// computed by that layer's kernel (the GEMM epilogue, or as batch norm writes each element) when
// nothing else reads the layer's raw output: the activation node keeps
// its place (its gradient still reads its value) but has no kernel of its own — its value is the
// layer's output buffer. This saves a dispatch and a full read and write of the tensor, forward,
// in every mode.

import type { TrainingGraph } from "../4-autodiff/index.js";
import { isOp, type OpNode } from "../ir/graph.js";
import { fusedActivation } from "../ops/activations.js";

/** Layers whose kernels can apply an activation to each element they write. */
const HOSTS = new Set(["linear", "conv2d", "batchnorm"]);

/** Fused ops, each named after the nodes it computes: for `--explain` and the plan's labels. */
export function fuse(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = new Map<number, number[]>();
  for (const node of nodes)
    for (const input of node.inputs) readers.set(input, [...(readers.get(input) ?? []), node.id]);

  for (const node of nodes.slice(0, training.forwardCount)) {
    if (!isOp(node) || fusedActivation(node.op) === undefined) continue;
    const layer = nodes[node.inputs[0]!]!;
    const onlyReader = readers.get(layer.id)?.length === 1;
    if (!isOp(layer) || !HOSTS.has(layer.op) || !onlyReader || layer.attrs.activation !== undefined) continue;
    const short = node.name.slice(node.name.lastIndexOf(".") + 1);
    (layer as OpNode).attrs = { ...layer.attrs, activation: node.op, activationNode: short };
    node.fusedInto = layer.id;
  }
  return { ...training, graph: { ...training.graph, nodes } };
}
