// Fusion on the training graph: passes that let one kernel compute several IR nodes, each saving
// dispatches and full reads and writes of tensors.
//
// Activation epilogues: an activation that follows a linear, conv or batch-norm layer or a residual
// add is computed by that op's kernel (the GEMM epilogue, or as the op writes each element) when
// nothing else reads the op's raw output. The activation node keeps its place (its gradient still reads
// its value) but has no kernel of its own: its value is the layer's output buffer.
//
// Inlined activation gradients: where every reader of an activation's gradient is a per-channel
// gradient kernel (batch norm's dx and dweight, a bias gradient) or a sum of gradients, each reader
// computes dy·f'(y) as it loads dy, so the gradient is never stored (see gradientReader in
// src/ops/activations.ts).
//
// Inlined average-pool gradients: where every reader of an average pool's gradient is such a
// per-channel gradient kernel or an activation's gradient, and the pool's windows tile its input
// (LeNet's), the reader expands the pooled gradient as it loads it (see tilingAvgpoolGradient), so
// the expanded gradient — as large as the pool's input — is never written or read.
//
// Dropout gradients in activation gradients: where a dropout follows an activation, the
// activation's gradient kernel applies the dropout's mask to dy as it reads it (the mask is a
// function of the step's seed and the element, see src/ops/activations.ts), so the dropout's
// gradient is never written or read.
//
// Activation gradients in max-pool gradients: where an activation's output is read by a max pool
// whose windows tile rows of vec4s or vec2s (see tilingMaxpool), and the pool's gradient has no
// other reader, the pool's gradient kernel, which has loaded that output to find each window's
// maximum, writes the activation's gradient directly: one pass over the pool's input instead of two.
//
// Batch norm's backward in one pass group: in training, dx needs the sums that are also the weight
// and bias gradients (Σdy·x̂ and Σdy) and the batch statistics (Σx, Σx²); unfused, the three
// gradient nodes read dy and x seven times in seven dispatches. Fused, dx's kernels compute all the
// sums in one pass, write both parameter gradients as they total them, then write dx: three
// dispatches, each reading dy and x once at most. The gradient of a bias before the norm, Σdx,
// comes from the same sums.
//
// Average pools in batch norm's element pass: in training, where a pool's windows tile the norm's
// output exactly, the norm's last pass writes each window's average as it writes the window's
// elements, so the pool's input is not read back. The pool keeps its kernel in evaluation, where
// the norm may be folded into the conv before it.
//
// Activations recomputed instead of stored: where batch norm writes its pool and every kernel that
// still reads its activation's output is the norm's own backward, the norm keeps only each
// channel's scale and shift in its output buffer in training, and the backward recomputes the
// activation from x as it reads it. The output is then neither written in the forward nor read
// back, cold, in the backward (on lavapipe that read cost as much as the pass's other work).
//
// Batch statistics from the conv before the norm: in training, where the conv runs as a direct
// kernel on the target (stride 1, on adapters with subgroups, see src/ops/conv-direct.ts), that
// kernel also writes partial statistics of what it stores, and the norm's totals pass merges them
// instead of reading the conv's output once more in a pass of its own. No kernel runs between the
// two, so the partials pass through the scratch memory.
//
// Bias gradients in weight gradients: where a conv's weight gradient runs as the direct kernel laid
// out over images on the target (one input channel: LeNet's first conv), that kernel loads all of dy
// once and also sums it per output channel into the conv's bias gradient, which then has no pass of
// its own reading dy again.
//
// Batch norm folded for evaluation: a batch norm whose input only it reads, from a conv layer, is
// applied by that layer's epilogue in evaluation and prediction (with its running statistics, and
// the activation fused into it), so inference runs one kernel for all three. The layer takes the
// norm's four tensors as extra inputs; being parameters and state, they exist before any op runs.
//
// Concat in place: see ./concat.ts.

import type { TrainingGraph } from "../4-autodiff/index.js";
import { isOp, type Node, type OpNode } from "../ir/graph.js";
import { fusedActivation, outputGradient } from "../ops/activations.js";
import { GRAD_INPUT } from "../ops/batchnorm.js";
import { directForwardStatisticsSlots, weightGradientWritesBias } from "../ops/conv.js";
import type { Target } from "../ops/family.js";
import { tilingAvgpoolGradient, tilingMaxpool, windowsOfVec4Rows } from "../ops/pool.js";
import { concatInPlace } from "./concat.js";

/** Ops whose kernels can apply an activation to each element they write. */
const HOSTS = new Set(["linear", "conv2d", "batchnorm", "add"]);

/** Kernels that can read their dy (input 0) through an inlined activation gradient. */
const GRADIENT_READERS = new Set(["batchnorm_grad_input", "batchnorm_grad_weight", "channel_sum"]);

/** Kernels that can read their dy (input 0) through an inlined average-pool gradient. */
const POOL_GRADIENT_READERS = new Set([...GRADIENT_READERS, "activation_grad"]);

/**
 * Fused ops, each named after the nodes it computes: for `--explain` and the plan's labels. Some
 * fusions depend on the kernels `target` runs.
 */
export function fuse(training: TrainingGraph, target: Target): TrainingGraph {
  return concatInPlace(
    foldBatchnorms(
      biasGradientsInWeightGradients(
        target,
        statisticsInConvs(
          target,
          recomputedActivations(
            poolsInNormalization(
              batchnormBackward(
                dropoutGradientsInActivationGradients(
                  inlinePoolGradients(
                    activationGradientsInPoolGradients(inlineActivationGradients(activationEpilogues(training))),
                  ),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}

function sameShape(shapes: readonly (readonly unknown[])[]): boolean {
  return shapes.every((shape) => shape.length === shapes[0]!.length && shape.every((d, k) => d === shapes[0]![k]));
}

function readersOf(nodes: readonly Node[]): Map<number, number[]> {
  const readers = new Map<number, number[]>();
  for (const node of nodes)
    for (const input of node.inputs) readers.set(input, [...(readers.get(input) ?? []), node.id]);
  return readers;
}

function activationEpilogues(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
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

function inlineActivationGradients(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
  for (const node of nodes) {
    if (!isOp(node) || node.op !== "activation_grad") continue;
    const users = (readers.get(node.id) ?? []).map((id) => nodes[id] as OpNode);
    // A sum of gradients reads dy at either input: it is commutative, so its inputs may swap.
    const position = (user: OpNode) =>
      user.op === "add" && sameShape(user.inputs.map((i) => nodes[i]!.shape)) ? user.inputs.indexOf(node.id) : 0;
    const inlinable = users.every(
      (user) =>
        (GRADIENT_READERS.has(user.op) || user.op === "add") &&
        user.attrs.gradActivation === undefined &&
        user.attrs.activation === undefined &&
        user.inputs.indexOf(node.id) === position(user) &&
        user.inputs.lastIndexOf(node.id) === position(user),
    );
    if (users.length === 0 || !inlinable) continue;
    const [dy, saved] = node.inputs as [number, number];
    for (const user of users) {
      const others = user.inputs.filter((input) => input !== node.id);
      user.inputs = [dy, ...others, saved];
      user.attrs = { ...user.attrs, gradActivation: String(node.attrs.fn) };
    }
    // Computed where it is read; the first reader's label names it.
    node.fusedInto = users[0]!.id;
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

/**
 * The gradient of an activation whose output a max pool reads, computed by the pool's gradient
 * kernel as it writes (where that kernel takes bands of rows, see tilingMaxpool): the pool's
 * gradient has no other reader, and the kernel has already loaded the activation's output.
 */
function activationGradientsInPoolGradients(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
  for (const node of nodes) {
    if (!isOp(node) || node.op !== "activation_grad" || node.fusedInto !== undefined) continue;
    const [dy, saved] = node.inputs as [number, number];
    const pool = nodes[dy]!;
    const fusable =
      isOp(pool) &&
      pool.op === "maxpool2d_grad" &&
      pool.inputs[1] === saved &&
      pool.attrs.activationGradient === undefined &&
      readers.get(pool.id)?.length === 1 &&
      outputGradient(String(node.attrs.fn)) !== undefined &&
      tilingMaxpool(pool.attrs, pool.shape as number[]) !== undefined;
    if (!fusable) continue;
    (pool as OpNode).attrs = { ...pool.attrs, activationGradient: String(node.attrs.fn) };
    node.fusedInto = pool.id;
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

function inlinePoolGradients(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
  for (const node of nodes) {
    if (!isOp(node) || node.op !== "avgpool2d_grad") continue;
    const gradPool = tilingAvgpoolGradient(node.attrs);
    // Readers that are computed elsewhere (an inlined activation gradient) read nothing themselves.
    const users = (readers.get(node.id) ?? [])
      .map((id) => nodes[id] as OpNode)
      .filter((u) => u.fusedInto === undefined);
    const inlinable = users.every(
      (user) =>
        POOL_GRADIENT_READERS.has(user.op) &&
        user.attrs.gradPool === undefined &&
        user.inputs.indexOf(node.id) === 0 &&
        user.inputs.lastIndexOf(node.id) === 0,
    );
    if (gradPool === undefined || users.length === 0 || !inlinable) continue;
    for (const user of users) {
      user.inputs = [node.inputs[0]!, ...user.inputs.slice(1)];
      user.attrs = { ...user.attrs, gradPool };
    }
    node.fusedInto = users[0]!.id;
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

/**
 * The gradient of a dropout after an activation (d2l's linear → relu → dropout), inlined into the
 * activation's gradient, whose kernel regenerates the mask as it reads dy: one elementwise pass
 * over the tensor instead of two. Only where that gradient is the dropout gradient's one reader
 * and reads nothing else through its dy.
 */
function dropoutGradientsInActivationGradients(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
  for (const node of nodes.slice(training.forwardCount)) {
    if (!isOp(node) || node.op !== "dropout") continue;
    const [reader, ...others] = readers.get(node.id) ?? [];
    if (reader === undefined || others.length > 0) continue;
    const user = nodes[reader]!;
    const inlinable =
      isOp(user) &&
      user.op === "activation_grad" &&
      user.fusedInto === undefined &&
      user.inputs.indexOf(node.id) === 0 &&
      user.inputs.lastIndexOf(node.id) === 0 &&
      user.attrs.gradPool === undefined &&
      user.attrs.gradDropout === undefined;
    if (!inlinable) continue;
    const forward = nodes[node.attrs.stream as number]!;
    user.inputs = [node.inputs[0]!, ...user.inputs.slice(1)];
    user.attrs = {
      ...user.attrs,
      gradDropout: node.attrs.p as number,
      gradDropoutStream: node.attrs.stream as number,
      dropoutNode: forward.name.slice(forward.name.lastIndexOf(".") + 1),
    };
    node.fusedInto = user.id;
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

function batchnormBackward(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
  const sameInputs = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((input, k) => input === b[k]);
  for (const dx of nodes) {
    if (!isOp(dx) || dx.op !== "batchnorm_grad_input") continue;
    const at = (position: number) => dx.inputs[position]!;
    const gradWeight = nodes[at(GRAD_INPUT.gradWeight)] as OpNode;
    const gradBias = nodes[at(GRAD_INPUT.gradBias)] as OpNode;
    const [dy, x] = [at(GRAD_INPUT.dy), at(GRAD_INPUT.x)];
    // The saved activation is the last input where an activation's gradient is inlined.
    const saved = dx.attrs.gradActivation === undefined ? [] : [dx.inputs[dx.inputs.length - 1]!];
    const running = [at(GRAD_INPUT.runningMean), at(GRAD_INPUT.runningVar)];
    const written =
      gradWeight.op === "batchnorm_grad_weight" &&
      gradBias.op === "channel_sum" &&
      sameInputs(gradWeight.inputs, [dy, x, ...running, ...saved]) &&
      sameInputs(gradBias.inputs, [dy, ...saved]) &&
      [gradWeight, gradBias].every(
        (grad) =>
          grad.attrs.gradActivation === dx.attrs.gradActivation &&
          String(grad.attrs.gradPool) === String(dx.attrs.gradPool) &&
          grad.fusedInto === undefined &&
          (readers.get(grad.id) ?? []).every((reader) => reader === dx.id),
      );
    if (!written) continue;
    gradWeight.writtenBy = dx.id;
    gradBias.writtenBy = dx.id;
    dx.attrs = { ...dx.attrs, writesParamGradients: true };
    // The gradient of a bias before the norm (a conv's): Σdx, from the same sums.
    const biasGradient = (readers.get(dx.id) ?? [])
      .map((id) => nodes[id] as OpNode)
      .find(
        (reader) =>
          reader.op === "channel_sum" &&
          sameInputs(reader.inputs, [dx.id]) &&
          reader.attrs.gradActivation === undefined &&
          reader.attrs.gradPool === undefined,
      );
    if (biasGradient !== undefined) {
      biasGradient.writtenBy = dx.id;
      dx.attrs = { ...dx.attrs, inputGradientSum: biasGradient.id };
    }
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

function poolsInNormalization(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  for (const pool of nodes.slice(0, training.forwardCount)) {
    if (!isOp(pool) || pool.op !== "avgpool2d") continue;
    // The norm, or the activation fused into it.
    const input = nodes[pool.inputs[0]!]!;
    const norm = nodes[input.fusedInto ?? input.id]!;
    if (!isOp(norm) || norm.op !== "batchnorm" || norm.shape.length !== 4) continue;
    const windows = windowsOfVec4Rows(pool.attrs, norm.shape as number[]);
    if (windows === undefined || norm.attrs.writesPool !== undefined) continue;
    pool.writtenBy = norm.id;
    const poolNode = pool.name.slice(pool.name.lastIndexOf(".") + 1);
    (norm as OpNode).attrs = { ...norm.attrs, writesPool: pool.id, poolWindows: windows, poolNode };
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

function recomputedActivations(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
  for (const norm of nodes.slice(0, training.forwardCount)) {
    if (!isOp(norm) || norm.op !== "batchnorm" || typeof norm.attrs.writesPool !== "number") continue;
    // The value stored: the fused activation's, or the norm's own.
    const activation = (readers.get(norm.id) ?? []).map((id) => nodes[id]!).find((n) => n.fusedInto === norm.id);
    const stored = activation ?? norm;
    const kernelReaders = (readers.get(stored.id) ?? [])
      .map((id) => nodes[id] as OpNode)
      .filter((reader) => reader.fusedInto === undefined && reader.writtenBy === undefined);
    const recomputable = (reader: OpNode) =>
      reader.op === "batchnorm_grad_input" &&
      reader.attrs.writesParamGradients === true &&
      reader.attrs.gradActivation === (activation as OpNode | undefined)?.op &&
      reader.inputs[GRAD_INPUT.x] === norm.inputs[0] &&
      reader.inputs.indexOf(stored.id) === reader.inputs.length - 1;
    if (!kernelReaders.every(recomputable)) continue;
    (norm as OpNode).attrs = { ...norm.attrs, savesStatistics: true };
    for (const reader of kernelReaders) reader.attrs = { ...reader.attrs, recomputesActivation: true };
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

function statisticsInConvs(target: Target, training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const forwardReaders = readersOf(nodes.slice(0, training.forwardCount));
  for (const norm of nodes.slice(0, training.forwardCount)) {
    if (!isOp(norm) || norm.op !== "batchnorm" || norm.shape.length !== 4) continue;
    const conv = nodes[norm.inputs[0]!]!;
    if (!isOp(conv) || conv.op !== "conv2d" || conv.attrs.activation !== undefined) continue;
    // No kernel runs between the two: the nodes between are the norm's parameters and state.
    const adjacent = nodes.slice(conv.id + 1, norm.id).every((n) => !isOp(n));
    if (!adjacent || forwardReaders.get(conv.id)?.length !== 1) continue;
    const slots = directForwardStatisticsSlots(conv.attrs, nodes[conv.inputs[0]!]!.shape, conv.shape, target);
    if (slots === undefined) continue;
    (conv as OpNode).attrs = { ...conv.attrs, batchStatistics: true };
    (norm as OpNode).attrs = { ...norm.attrs, statisticsFromConv: slots };
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

function biasGradientsInWeightGradients(target: Target, training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  const readers = readersOf(nodes);
  for (const gradWeight of nodes) {
    if (!isOp(gradWeight) || gradWeight.op !== "conv2d_grad_weight") continue;
    const [dy, x] = gradWeight.inputs.map((i) => nodes[i]!) as [Node, Node];
    if (!weightGradientWritesBias(gradWeight.attrs, dy.shape, x.shape, target)) continue;
    // The conv's bias gradient: Σ of the same dy, read as it is stored (no gradient inlined).
    const gradBias = (readers.get(dy.id) ?? [])
      .map((id) => nodes[id]!)
      .find(
        (n): n is OpNode =>
          isOp(n) &&
          n.op === "channel_sum" &&
          n.inputs.length === 1 &&
          n.inputs[0] === dy.id &&
          n.attrs.gradActivation === undefined &&
          n.attrs.gradPool === undefined &&
          n.fusedInto === undefined &&
          n.writtenBy === undefined,
      );
    if (gradBias === undefined) continue;
    gradBias.writtenBy = gradWeight.id;
    (gradWeight as OpNode).attrs = { ...gradWeight.attrs, writesBiasGradient: gradBias.id };
  }
  return { ...training, graph: { ...training.graph, nodes } };
}

/**
 * The layers evaluation folds a batch norm into. Not linear layers: lavapipe compiles their GEMM
 * tiles with the folded epilogue slowly (BN-LeNet's first prediction at batch 256 took 15 s
 * instead of 0.14 s). `netc export` folds after both, in the weights.
 */
export const EVALUATION_FOLD_LAYERS: ReadonlySet<string> = new Set(["conv2d"]);

/**
 * The batch norms that can be folded into the layer before them (an op of `layers`), which nothing
 * else reads and whose kernel has no activation of its own: in the forward nodes
 * `nodes[0, forwardCount)`. A linear layer's output features must be the norm's channels: [N, F].
 */
export function foldableBatchnorms(
  nodes: readonly Node[],
  forwardCount: number,
  layers: ReadonlySet<string>,
): { norm: OpNode; layer: OpNode }[] {
  const forwardReaders = readersOf(nodes.slice(0, forwardCount));
  return nodes.slice(0, forwardCount).flatMap((norm) => {
    if (!isOp(norm) || norm.op !== "batchnorm") return [];
    const layer = nodes[norm.inputs[0]!]!;
    if (!isOp(layer) || !layers.has(layer.op) || (layer.op === "linear" && layer.shape.length !== 2)) return [];
    const onlyReader = forwardReaders.get(layer.id)?.length === 1;
    if (!onlyReader || layer.attrs.activation !== undefined) return [];
    return [{ norm, layer }];
  });
}

function foldBatchnorms(training: TrainingGraph): TrainingGraph {
  const nodes = training.graph.nodes.map((n) => ({ ...n }));
  for (const { norm, layer } of foldableBatchnorms(nodes, training.forwardCount, EVALUATION_FOLD_LAYERS)) {
    const { activation, activationNode } = norm.attrs;
    layer.inputs = [...layer.inputs, ...norm.inputs.slice(1)];
    layer.attrs = {
      ...layer.attrs,
      foldedBatchnorm: norm.name,
      foldedEps: norm.attrs.eps!,
      ...(activation === undefined ? {} : { foldedActivation: activation, foldedActivationNode: activationNode! }),
    };
    norm.attrs = { ...norm.attrs, folded: true };
  }
  return { ...training, graph: { ...training.graph, nodes } };
}
