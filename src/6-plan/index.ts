// Static schedule and memory plan: the training step as a fixed list of dispatches (forward,
// loss, backward, optimizer), evaluation and prediction as sub-schedules, and every tensor placed
// in a buffer at compile time. Activations and gradients share pooled buffers when their
// lifetimes do not overlap; parameters, their optimizer state and the I/O tensors keep their own.

import type { TrainingGraph } from "../4-autodiff/index.js";
import type { Diagnostics } from "../diagnostics.js";
import {
  isOp,
  isParam,
  isState,
  numel,
  shapeString,
  type Graph,
  type Node,
  type OpNode,
  type TrainConfig,
} from "../ir/graph.js";
import { family } from "../ops/index.js";
import type { BindingRef, Kernel, Mode, Target } from "../ops/family.js";
import { METRICS_PER_SLOT } from "../ops/losses.js";
import { optimizerKernel, optimizerState, parametersPerUpdate, updateFlopsPerElement } from "../ops/optimizers.js";
import { concatSlot, type ConcatSlot } from "../ops/structure.js";
import { MAX_WORKGROUPS_PER_DIM, STEP_BYTES } from "../ops/wgsl.js";
import type { BufferKind, BufferPlan, DispatchPlan, KernelPlan, ModelPlan, TensorPlan } from "../../runtime/plan.js";

/** The device limits a plan must respect (WebGPU's defaults unless an adapter offers more). */
export interface Limits {
  maxStorageBufferBindingSize: number;
  maxBufferSize: number;
  maxStorageBuffersPerShaderStage: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxStorageBufferBindingSize: 128 * 1024 * 1024,
  maxBufferSize: 256 * 1024 * 1024,
  maxStorageBuffersPerShaderStage: 8,
};

/** No device's limits: what a plan needs, for `netc check` and `summary` (compile and train apply an adapter's). */
export const NO_LIMITS: Limits = {
  maxStorageBufferBindingSize: Infinity,
  maxBufferSize: Infinity,
  maxStorageBuffersPerShaderStage: Infinity,
};

/** Steps whose metrics accumulate before the CPU reads them back. */
const METRICS_SLOTS = 16;

export function plan(
  training: TrainingGraph,
  train: TrainConfig,
  source: string,
  limits: Limits,
  target: Target,
  diags: Diagnostics,
): ModelPlan | undefined {
  const { graph } = training;
  const buffers: BufferPlan[] = [];
  const newBuffer = (name: string, bytes: number, kind: BufferKind) => buffers.push({ name, bytes, kind }) - 1;
  const storage = new Map<number, number>();
  const errorsBefore = diags.list.length;

  // A tensor too large for one binding cannot be used by any kernel: name the largest, at compile time.
  const largest = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const tooLarge = graph.nodes.filter((node) => bytesOf(node) > largest).sort((a, b) => bytesOf(b) - bytesOf(a));
  if (tooLarge.length > 0) {
    const worst = tooLarge[0]!;
    const others = tooLarge.length > 1 ? ` (${tooLarge.length - 1} more too large)` : "";
    diags.error(
      worst.loc,
      `tensor '${worst.name}' ${shapeString(worst.shape)} needs ${bytesOf(worst).toLocaleString("en-US")} bytes, more than the largest storage buffer binding this device allows (${largest.toLocaleString("en-US")} bytes)${others}: reduce the layer or the batch size`,
      worst.calledFrom,
    );
  }
  if (diags.list.length > errorsBefore) return undefined;

  // Persistent tensors: inputs, parameters and state, each in its own buffer.
  const inputNode = graph.nodes[graph.inputs[0]!]!;
  storage.set(inputNode.id, newBuffer(inputNode.name, bytesOf(inputNode), "input"));
  storage.set(training.target, newBuffer("target", bytesOf(graph.nodes[training.target]!), "target"));
  const tensors: TensorPlan[] = [];
  for (const node of graph.nodes) {
    if (!isParam(node) && !isState(node)) continue;
    const buffer = newBuffer(node.name, bytesOf(node), isParam(node) ? "param" : "state");
    storage.set(node.id, buffer);
    // A bias's fan-in is its layer's weight's, as PyTorch's default initialiser uses it.
    const owner = node.name.slice(0, node.name.lastIndexOf("."));
    const weight =
      isParam(node) && node.param.role === "bias" ? graph.nodes.find((n) => n.name === `${owner}.weight`) : undefined;
    const [fanIn, fanOut] = fans((weight ?? node).shape as number[]);
    const trainable = isParam(node) && !node.param.frozen;
    tensors.push({
      name: node.name,
      shape: node.shape as number[],
      buffer,
      kind: isParam(node) ? "param" : "state",
      role: isParam(node) ? node.param.role : node.name.slice(node.name.lastIndexOf(".") + 1),
      init: isParam(node) ? node.param.init : { kind: "default" },
      fill: isState(node) ? node.fill : 0,
      fanIn,
      fanOut,
      trainable,
      optimizerBuffers: trainable
        ? optimizerState(train.optimizer).map((state) => newBuffer(`${node.name}.${state}`, bytesOf(node), "optimizer"))
        : [],
    });
  }
  const stepBuffer = newBuffer("step", STEP_BYTES, "step");
  const metricsBuffer = newBuffer("metrics", METRICS_SLOTS * METRICS_PER_SLOT * 4, "metrics");

  assignPools(training, storage, newBuffer, buffers);

  const kernels: KernelPlan[] = [];
  const kernelIndex = new Map<string, number>();
  const kernelNames = new Set<string>();
  /** Identical kernels are compiled once; a name taken by other code gets the mode (`bn1_forward_eval`). */
  const addKernel = (kernel: { name: string; code: string }, mode: Mode = "train") => {
    let index = kernelIndex.get(kernel.code);
    if (index === undefined) {
      let name = kernelNames.has(kernel.name) ? `${kernel.name}_${mode}` : kernel.name;
      for (let k = 2; kernelNames.has(name); k++) name = `${kernel.name}_${mode}${k}`;
      kernelNames.add(name);
      index = kernels.push({ name, code: kernel.code }) - 1;
      kernelIndex.set(kernel.code, index);
    }
    return index;
  };
  const bufferOf = (id: number, mode: Mode): number => storage.get(root(graph, id, mode))!;
  // One scratch buffer, as large as the most any kernel asks: what passes through it lives only
  // between the kernels of one node, which run back to back.
  let scratchBuffer: number | undefined;
  const scratchFor = (kernel: Kernel): number => {
    const bytes = kernel.scratchBytes ?? 0;
    scratchBuffer ??= newBuffer("scratch", bytes, "scratch");
    const buffer = buffers[scratchBuffer]!;
    buffer.bytes = Math.max(buffer.bytes, bytes);
    return scratchBuffer;
  };
  // The nodes each node's kernels compute besides its own in each mode (labels and FLOPs): written
  // nodes (Node.writtenBy) only in training.
  const fusedIn = (mode: Mode): Map<number, OpNode[]> => {
    const writer = (id: number) => (mode === "train" ? graph.nodes[id]!.writtenBy : undefined);
    const fused = new Map<number, OpNode[]>();
    for (const node of graph.nodes) {
      let host = node.fusedInto ?? writer(node.id);
      while (host !== undefined && writer(host) !== undefined) host = writer(host);
      if (host !== undefined && isOp(node)) fused.set(host, [...(fused.get(host) ?? []), node]);
    }
    return fused;
  };
  const fusedNodes = { train: fusedIn("train"), eval: fusedIn("eval") };

  // In evaluation a layer's kernel also computes the batch norm folded into it, and its activation.
  const foldedNodes = (node: OpNode, mode: Mode): OpNode[] => {
    const name = node.attrs.foldedBatchnorm;
    if (mode !== "eval" || typeof name !== "string") return [];
    const norm = graph.nodes.find((n) => n.name === name) as OpNode;
    return [norm, ...(fusedNodes.eval.get(norm.id) ?? [])];
  };

  const reportedKernelErrors = new Set<string>();
  const dispatchesOf = (node: OpNode, mode: Mode): DispatchPlan[] => {
    const opFamily = family(node.op);
    if (hasNoBuffer(node, mode) || (node.writtenBy !== undefined && mode === "train")) return [];
    if (opFamily.kernels === undefined) {
      diags.error(node.loc, `'${node.name}' (${node.op}) has no WGSL kernel yet`);
      return [];
    }
    const kernelList: Kernel[] = opFamily.kernels({
      node,
      inputs: node.inputs.map((i) => graph.nodes[i]!.shape as number[]),
      output: node.shape as number[],
      mode,
      target,
    });
    const fused = [...(fusedNodes[mode].get(node.id) ?? []), ...foldedNodes(node, mode)];
    // A node computed by several kernels shares its FLOPs among them as they say, else evenly
    // (concat: one kernel per input).
    const flops = [node, ...fused].reduce((sum, n) => sum + nodeFlops(graph, n), 0);
    const given = kernelList.filter((k) => k.flopsShare !== undefined);
    const evenShare =
      (1 - given.reduce((sum, k) => sum + k.flopsShare!, 0)) / Math.max(1, kernelList.length - given.length);
    return kernelList.map((kernel) => {
      // Evaluation and prediction share kernels: each one's errors are reported once.
      for (const error of kernelLimitErrors(kernel, limits)) {
        if (!reportedKernelErrors.has(error)) diags.error(node.loc, error);
        reportedKernelErrors.add(error);
      }
      const resolve = (ref: BindingRef): number =>
        ref === "out"
          ? bufferOf(node.id, mode)
          : ref === "step"
            ? stepBuffer
            : ref === "metrics"
              ? metricsBuffer
              : ref === "scratch"
                ? scratchFor(kernel)
                : bufferOf("written" in ref ? ref.written : node.inputs[ref.input]!, mode);
      return {
        label: [node, ...fused].map((n) => n.name).join(" + ") + intoConcat(graph, node),
        kernel: addKernel(kernel, mode),
        bindings: kernel.bindings.map((b) => resolve(b.ref)),
        workgroups: kernel.workgroups,
        flops: Math.round(flops * (kernel.flopsShare ?? evenShare)),
        bytes: kernel.bindings.reduce((sum, b) => sum + boundBytes(graph, node, b.ref, kernel, mode), 0),
      };
    });
  };

  const forward = graph.nodes.slice(0, training.forwardCount).filter(isOp);
  const lossNode = graph.nodes[training.loss] as OpNode;
  const backward = graph.nodes.slice(training.loss + 1).filter(isOp);
  const forwardTrain = forward.map((n) => dispatchesOf(n, "train"));
  // Where the spec recomputes batch norm's statistics: as far as the last node that updates state.
  const lastStateful = forward.map((n) => n.inputs.some((i) => isState(graph.nodes[i]!))).lastIndexOf(true);
  const statistics =
    train.bnStatistics.kind === "recomputed" ? forwardTrain.slice(0, lastStateful + 1).flat().length : 0;
  const trainSchedule = [...forwardTrain.flat(), ...[lossNode, ...backward].flatMap((n) => dispatchesOf(n, "train"))];
  const evaluate = [...forward, lossNode].flatMap((n) => dispatchesOf(n, "eval"));
  const predict = forward.flatMap((n) => dispatchesOf(n, "eval"));
  // The updates, several parameters a dispatch: as many as WebGPU's guaranteed storage bindings
  // allow, so that every device (and `netc summary`) gets the same kernels.
  const updates = tensors
    .filter((t) => t.trainable)
    .flatMap((tensor) => {
      const paramId = graph.nodes.findIndex((n) => n.name === tensor.name && isParam(n));
      const param = graph.nodes[paramId]!;
      const grad = training.grads.get(paramId);
      return grad === undefined || !isParam(param) ? [] : [{ tensor, param, grad }];
    });
  const perDispatch = parametersPerUpdate(train.optimizer, DEFAULT_LIMITS.maxStorageBuffersPerShaderStage);
  const optimizerDispatches: DispatchPlan[] = [];
  for (let first = 0; first < updates.length; first += perDispatch) {
    const group = updates.slice(first, first + perDispatch);
    const kernel = optimizerKernel(
      train.optimizer,
      group.map(({ tensor, param }) => ({
        name: tensor.name,
        count: numel(tensor.shape),
        lrMult: param.param.lrMult,
        weightDecay: param.param.decay ? train.optimizer.weightDecay : 0,
      })),
    );
    let flops = 0;
    let bytes = STEP_BYTES;
    for (const { tensor, param } of group) {
      flops += numel(tensor.shape) * updateFlopsPerElement(train.optimizer, param.param.decay);
      bytes += (2 + tensor.optimizerBuffers.length) * bytesOf(param);
    }
    optimizerDispatches.push({
      label: `${group.map(({ tensor }) => tensor.name).join(" + ")} update`,
      kernel: addKernel(kernel),
      bindings: [
        ...group.flatMap(({ tensor, grad }) => [tensor.buffer, bufferOf(grad, "train"), ...tensor.optimizerBuffers]),
        stepBuffer,
      ],
      workgroups: kernel.workgroups,
      flops,
      bytes,
    });
  }

  if (diags.list.length > errorsBefore) return undefined;

  const output = graph.nodes[graph.output]!;
  return {
    model: graph.model,
    source,
    batch: train.batch,
    input: { name: inputNode.name, buffer: storage.get(inputNode.id)!, shape: inputNode.shape as number[] },
    target: {
      buffer: storage.get(training.target)!,
      shape: graph.nodes[training.target]!.shape as number[],
      kind: train.loss === "cross_entropy" ? "class" : "value",
    },
    output: { buffer: bufferOf(output.id, "eval"), shape: output.shape as number[] },
    loss: train.loss,
    buffers,
    stepBuffer,
    metricsBuffer,
    metricsSlots: METRICS_SLOTS,
    tensors,
    kernels,
    train: [...trainSchedule, ...optimizerDispatches],
    evaluate,
    predict,
    statistics,
    optimizer: train.optimizer,
    schedule: train.schedule,
    bnStatistics: train.bnStatistics,
    epochs: train.epochs,
    seed: train.seed,
    data: train.data,
  };
}

function bytesOf(node: Node): number {
  return Math.max(4, numel(node.shape as number[]) * 4);
}

/** The FLOPs of one op node at its concrete shapes, by its family's cost rule (data inputs only). */
function nodeFlops(graph: Graph, node: OpNode): number {
  const opFamily = family(node.op);
  const dataInputs = node.inputs.slice(0, node.inputs.length - (opFamily.owned?.(node.attrs).length ?? 0));
  return opFamily.flops(
    dataInputs.map((id) => graph.nodes[id]!.shape as number[]),
    node.shape as number[],
    node.attrs,
  );
}

/**
 * Bytes a kernel binding names: its tensor, the Step uniform, the one metrics slot a step adds
 * into, or the scratch memory the kernel uses.
 */
function boundBytes(graph: Graph, node: OpNode, ref: BindingRef, kernel: Kernel, mode: Mode): number {
  if (ref === "step") return STEP_BYTES;
  if (ref === "metrics") return METRICS_PER_SLOT * 4;
  if (ref === "scratch") return kernel.scratchBytes ?? 0;
  if (ref === "out") return storedBytes(graph, node, mode);
  return storedBytes(graph, graph.nodes["written" in ref ? ref.written : node.inputs[ref.input]!]!, mode);
}

/**
 * Bytes a node's value takes in its buffer in `mode`: its size, unless the node whose kernel
 * computes it stores something else there (OpFamily.storedBytes).
 */
function storedBytes(graph: Graph, node: Node, mode: Mode): number {
  const host = node.fusedInto === undefined ? node : graph.nodes[node.fusedInto]!;
  const stored = isOp(host) ? family(host.op).storedBytes?.(mode, host.attrs, host.shape as number[]) : undefined;
  return stored ?? bytesOf(node);
}

/** Bytes a node's buffer needs: the most it holds in any mode in which it owns the buffer. */
function bufferBytes(graph: Graph, node: Node): number {
  const modes = (["train", "eval"] as const).filter((mode) => !hasNoBuffer(node, mode));
  return Math.max(...modes.map((mode) => storedBytes(graph, node, mode)));
}

/** PyTorch's fan-in and fan-out: [out, in, ...kernel] weights count the receptive field. */
function fans(shape: number[]): [number, number] {
  if (shape.length < 2) return [shape[0] ?? 1, shape[0] ?? 1];
  const receptive = numel(shape.slice(2));
  return [shape[1]! * receptive, shape[0]! * receptive];
}

/** The node whose buffer holds this node's output in `mode` (following views and in-place writes). */
function root(graph: Graph, id: number, mode: Mode): number {
  let node = graph.nodes[id]!;
  for (;;) {
    if (node.fusedInto !== undefined) node = graph.nodes[node.fusedInto]!;
    else if (isOp(node) && family(node.op).aliases?.(mode, node.attrs)) node = graph.nodes[node.inputs[0]!]!;
    else if (slotOf(node) !== undefined) node = graph.nodes[slotOf(node)!.concat]!;
    else return node.id;
  }
}

/** Where a layer writes its output in place: its channels of a concat's output (src/5-fuse/concat.ts). */
function slotOf(node: Node): ConcatSlot | undefined {
  return isOp(node) ? concatSlot(node.attrs) : undefined;
}

/** ` (into <concat>)` in the label of a layer that writes into a concat's output in place. */
function intoConcat(graph: Graph, node: Node): string {
  const slot = slotOf(node);
  return slot === undefined ? "" : ` (into ${graph.nodes[slot.concat]!.name})`;
}

/** Whether the node's value lives in another node's buffer in `mode` (a view or a fused node). */
function hasNoBuffer(node: Node, mode: Mode): boolean {
  return node.fusedInto !== undefined || (isOp(node) && family(node.op).aliases?.(mode, node.attrs) === true);
}

/**
 * Places activations and gradients in shared buffers by liveness over the training schedule:
 * a buffer is reused once the last reader of its tensor has run. Views extend their source's
 * lifetime in every mode (dropout is a view in evaluation only), so one placement serves all
 * three schedules.
 */
function assignPools(
  training: TrainingGraph,
  storage: Map<number, number>,
  newBuffer: (name: string, bytes: number, kind: BufferKind) => number,
  buffers: BufferPlan[],
): void {
  const { graph } = training;
  const end = graph.nodes.length;
  const lastUse = new Array<number>(graph.nodes.length).fill(-1);
  for (const node of graph.nodes) for (const input of node.inputs) lastUse[input] = Math.max(lastUse[input]!, node.id);
  for (const grad of training.grads.values()) lastUse[grad] = end;
  // The readers of a view or a fused node keep its source's buffer alive.
  const isView = (node: Node) => (["train", "eval"] as const).some((mode) => hasNoBuffer(node, mode));
  for (let id = graph.nodes.length - 1; id >= 0; id--) {
    const node = graph.nodes[id]!;
    const source = node.fusedInto ?? node.inputs[0];
    if (isView(node) && source !== undefined) lastUse[source] = Math.max(lastUse[source]!, lastUse[id]!);
  }
  // A node another one writes is live from that one's kernels.
  const firstWrite = graph.nodes.map((node) => Math.min(node.id, node.writtenBy ?? node.id));
  // A concat's output is live from the first layer that writes into it in place, and as long as
  // any reader of those layers' values.
  for (const node of graph.nodes) {
    const slot = slotOf(node);
    if (slot === undefined) continue;
    firstWrite[slot.concat] = Math.min(firstWrite[slot.concat]!, node.id);
    lastUse[slot.concat] = Math.max(lastUse[slot.concat]!, lastUse[node.id]!);
  }
  const owners = graph.nodes
    .filter((node) => isOp(node) && !hasNoBuffer(node, "train") && slotOf(node) === undefined)
    .sort((a, b) => firstWrite[a.id]! - firstWrite[b.id]!);

  const free: number[] = [];
  const live: { buffer: number; until: number }[] = [];
  for (const node of owners) {
    for (let k = live.length - 1; k >= 0; k--) {
      if (live[k]!.until < firstWrite[node.id]!) free.push(live.splice(k, 1)[0]!.buffer);
    }
    const bytes = bufferBytes(graph, node);
    // Best fit among free buffers; else grow the largest free one; else a new buffer.
    const fits = free.filter((b) => buffers[b]!.bytes >= bytes).sort((a, b) => buffers[a]!.bytes - buffers[b]!.bytes);
    let buffer = fits[0] ?? free.sort((a, b) => buffers[b]!.bytes - buffers[a]!.bytes)[0];
    if (buffer === undefined) {
      buffer = newBuffer(node.name, bytes, "pool");
    } else {
      free.splice(free.indexOf(buffer), 1);
      const b = buffers[buffer]!;
      b.bytes = Math.max(b.bytes, bytes);
      b.name = `${b.name}, ${node.name}`;
    }
    storage.set(node.id, buffer);
    live.push({ buffer, until: Math.max(lastUse[node.id]!, node.id) });
  }
}

/** What about `kernel` exceeds the device's limits, one message each. */
function kernelLimitErrors(kernel: Kernel, limits: Limits): string[] {
  const errors: string[] = [];
  if ((kernel.scratchBytes ?? 0) > Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize)) {
    errors.push(
      `kernel '${kernel.name}' needs ${kernel.scratchBytes} bytes of scratch memory, more than one buffer binding of this device holds`,
    );
  }
  if (kernel.workgroups.some((w) => w > MAX_WORKGROUPS_PER_DIM)) {
    errors.push(
      `kernel '${kernel.name}' needs ${kernel.workgroups.join("×")} workgroups, more than ${MAX_WORKGROUPS_PER_DIM} per dimension`,
    );
  }
  const storageBindings = kernel.bindings.filter((b) => b.access !== "uniform").length;
  if (storageBindings > limits.maxStorageBuffersPerShaderStage) {
    errors.push(
      `kernel '${kernel.name}' binds ${storageBindings} storage buffers, more than this device allows (${limits.maxStorageBuffersPerShaderStage})`,
    );
  }
  return errors;
}
