// `netc export`: trained weights for inference, with every batch norm that follows a conv or a
// linear layer folded into the layer's weight and bias — the pairs src/5-fuse folds into the
// conv's kernel in evaluation, and those after linear layers, which evaluation does not fold.
// Each such layer's weight is scaled per output channel (feature), it gets a bias where it had
// none, and the batch norm's four tensors are left out: what a runtime that runs the layer alone
// needs. The other tensors are copied unchanged.

import { stat } from "node:fs/promises";
import { EVALUATION_FOLD_LAYERS, foldableBatchnorms } from "../5-fuse/index.js";
import { frontEnd } from "../front-end.js";
import type { Graph, OpNode } from "../ir/graph.js";
import { num } from "../ops/family.js";
import { writeFileAtomic } from "../../runtime/node/files.js";
import { encodeSafetensors, type TensorToEncode } from "../../runtime/safetensors.js";
import { CommandError, readCheckpoint, specError, writingTo } from "./train.js";

export interface ExportOptions {
  weights: string;
  out: string;
}

export interface ExportReport {
  /** The folded pairs, by node name. */
  folded: { layer: string; norm: string }[];
  /** Tensors written. */
  tensors: number;
}

export async function exportCommand(file: string, options: ExportOptions): Promise<ExportReport> {
  const front = frontEnd(file);
  if (front.graph === undefined) throw specError(file, front);
  const graph = front.graph;
  const tensors = await readCheckpoint(options.weights, graph);
  if (await sameFile(options.out, options.weights))
    throw new CommandError(
      `-o ${options.out} is the checkpoint --weights reads, which export would replace: pass -o another file`,
    );
  const folded = foldableBatchnorms(graph.nodes, graph.nodes.length, EXPORT_FOLD_LAYERS).map(({ layer, norm }) => {
    foldInto(tensors, graph, layer, norm);
    return { layer: layer.name, norm: norm.name };
  });
  // Each tensor keeps its node's shape; a bias the export adds is [channels].
  const shapes = new Map(graph.nodes.map((n) => [n.name, n.shape as number[]]));
  const encoded = new Map<string, TensorToEncode>(
    [...tensors].map(([name, data]) => [name, { dtype: "F32", shape: shapes.get(name) ?? [data.length], data }]),
  );
  const encodedFile = encodeSafetensors(encoded, {
    model: graph.model,
    folded_batchnorms: folded.map((f) => f.norm).join(","),
  });
  await writingTo(options.out, "-o", () => writeFileAtomic(options.out, encodedFile));
  return { folded, tensors: encoded.size };
}

/** Whether both paths name one file (through links, or spelt differently); false where `a` does not exist. */
async function sameFile(a: string, b: string): Promise<boolean> {
  const [first, second] = await Promise.all([stat(a).catch(() => undefined), stat(b)]);
  return first !== undefined && first.dev === second.dev && first.ino === second.ino;
}

/** Evaluation's, and linear layers too: here folding costs no kernel. */
const EXPORT_FOLD_LAYERS: ReadonlySet<string> = new Set([...EVALUATION_FOLD_LAYERS, "linear"]);

/**
 * y = γ·(layer(x) + b − μ)/√(σ² + ε) + β = layer'(x) + b', with layer' = the layer scaled by
 * s = γ/√(σ² + ε) per output channel and b' = (b − μ)·s + β. A conv's weight is [out, in, kh, kw]
 * and a linear layer's [out, in]: output channel o's weights are the o-th run of in·kh·kw or in.
 */
function foldInto(tensors: Map<string, Float32Array>, graph: Graph, layer: OpNode, norm: OpNode): void {
  const nameOf = (id: number) => graph.nodes[id]!.name;
  const [weightName, biasName] = [
    nameOf(layer.inputs[1]!),
    layer.inputs[2] === undefined ? undefined : nameOf(layer.inputs[2]),
  ];
  const [gamma, beta, mean, variance] = norm.inputs.slice(1).map((id) => tensors.get(nameOf(id))!) as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
  ];
  const eps = num(norm.attrs, "eps");
  const weight = tensors.get(weightName)!;
  const channels = gamma.length;
  const perChannel = weight.length / channels;
  const folded = new Float32Array(weight.length);
  const bias = new Float32Array(channels);
  const oldBias = biasName === undefined ? undefined : tensors.get(biasName)!;
  for (let o = 0; o < channels; o++) {
    const scale = gamma[o]! / Math.sqrt(variance[o]! + eps);
    for (let i = 0; i < perChannel; i++) folded[o * perChannel + i] = weight[o * perChannel + i]! * scale;
    bias[o] = ((oldBias?.[o] ?? 0) - mean[o]!) * scale + beta[o]!;
  }
  tensors.set(weightName, folded);
  tensors.set(biasName ?? `${layer.name}.bias`, bias);
  for (const id of norm.inputs.slice(1)) tensors.delete(nameOf(id));
}
