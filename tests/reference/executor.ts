// A float64 reference executor for the IR, for tests only: it runs a training graph node by node
// with each op family's `reference` and applies the optimizer's `referenceUpdate`, so GPU results
// can be compared with an independent, full-precision computation of the same graph.

import { buildTraining, type TrainingGraph } from "../../src/4-autodiff/index.js";
import { compile, type CompileOptions } from "../../src/compile.js";
import { Diagnostics } from "../../src/diagnostics.js";
import { isOp, isParam, type OpNode, type OptimizerConfig, type ParamNode } from "../../src/ir/graph.js";
import type { Mode, ReferenceContext } from "../../src/ops/family.js";
import { family } from "../../src/ops/index.js";
import { optimizerState, referenceUpdate } from "../../src/ops/optimizers.js";
import type { ModelPlan } from "../../runtime/plan.js";

/** A compiled spec with the training graph its plan was built from (same node ids). */
export interface CompiledSpec {
  plan: ModelPlan;
  training: TrainingGraph;
  optimizer: OptimizerConfig;
}

/** Compiles `file`; throws with the diagnostics when it does not compile. */
export function compileSpec(file: string, options: CompileOptions = {}): CompiledSpec {
  const result = compile(file, options);
  if (result.plan === undefined || result.graph?.train === undefined) {
    throw new Error(`${file} does not compile:\n${result.diagnostics.map((d) => d.message).join("\n")}`);
  }
  const train = result.graph.train;
  const diags = new Diagnostics();
  const training = buildTraining(result.graph, result.plan.batch, train.loss, diags);
  if (training === undefined)
    throw new Error(`${file}: autodiff failed: ${diags.list.map((d) => d.message).join("; ")}`);
  return { plan: result.plan, training, optimizer: train.optimizer };
}

/** One batch in float64: the model input and the target (class labels as numbers, or values). */
export interface Feed {
  input: Float64Array;
  target: Float64Array;
}

export interface RunOptions {
  mode: Mode;
  /** The step's random seed (dropout). */
  seed: number;
  /** Valid batch rows (the losses ignore the rest). */
  rows: number;
  /**
   * Applied to every op's output as it is computed: a stand-in for float32's rounding, to measure
   * how much a network magnifies it (tests/network-fuzz.test.ts).
   */
  perturb?: (values: Float64Array) => void;
}

/**
 * Every node's value, indexed by node id: the input and target from `feed`, parameters and state
 * by name from `tensors`, ops from their references. In train mode the gradient nodes run too;
 * in eval mode the values stop at the loss.
 */
export function runGraph(
  training: TrainingGraph,
  tensors: ReadonlyMap<string, ArrayLike<number>>,
  feed: Feed,
  options: RunOptions,
): Float64Array[] {
  const { graph } = training;
  const last = options.mode === "train" ? graph.nodes.length - 1 : training.loss;
  // Inputs, parameters and state first: a layer with a batch norm folded into it (src/5-fuse)
  // reads the norm's tensors, which the graph lists after the layer.
  const values = graph.nodes.map((node): Float64Array | undefined => {
    if (node.id === graph.inputs[0]) return feed.input;
    if (node.id === training.target) return feed.target;
    if (isOp(node)) return undefined;
    const tensor = tensors.get(node.name);
    if (tensor === undefined) throw new Error(`no value given for tensor '${node.name}'`);
    return Float64Array.from(tensor);
  });
  for (const node of graph.nodes.slice(0, last + 1)) {
    if (!isOp(node) || values[node.id] !== undefined) continue;
    // An activation fused into the layer before it: the layer's reference has already applied it.
    const fusedIntoLayer = node.fusedInto !== undefined && node.fusedInto === node.inputs[0];
    values[node.id] = fusedIntoLayer ? values[node.fusedInto!]! : evaluateOp(training, node, values, options);
  }
  return values.slice(0, last + 1) as Float64Array[];
}

function evaluateOp(
  training: TrainingGraph,
  node: OpNode,
  values: readonly (Float64Array | undefined)[],
  options: RunOptions,
): Float64Array {
  const opFamily = family(node.op);
  if (opFamily.reference === undefined) throw new Error(`op '${node.op}' has no float64 reference`);
  const output = opFamily.reference(referenceContext(training, node, values, options));
  options.perturb?.(output);
  return output;
}

function referenceContext(
  training: TrainingGraph,
  node: OpNode,
  values: readonly (Float64Array | undefined)[],
  options: RunOptions,
): ReferenceContext {
  return {
    id: node.id,
    inputs: node.inputs.map((i) => values[i]!),
    shapes: node.inputs.map((i) => training.graph.nodes[i]!.shape as number[]),
    output: node.shape as number[],
    attrs: node.attrs,
    mode: options.mode,
    seed: options.seed,
    rows: options.rows,
  };
}

/** The loss value of a run. */
export function lossOf(training: TrainingGraph, values: readonly Float64Array[]): number {
  return values[training.loss]![0]!;
}

/** Each trainable parameter's gradient from a train-mode run, by parameter name. */
export function gradientsOf(training: TrainingGraph, values: readonly Float64Array[]): Map<string, Float64Array> {
  return new Map([...training.grads].map(([param, grad]) => [training.graph.nodes[param]!.name, values[grad]!]));
}

/**
 * Training in float64: parameters, optimizer state and the step count, updated by each family's
 * reference and the optimizer's `referenceUpdate` exactly as the engine's schedule orders them,
 * and state (batch norm's running statistics) by each family's `referenceState`.
 */
export class ReferenceTrainer {
  /** Parameter and state values by name. */
  readonly tensors: Map<string, Float64Array>;
  private readonly optimizerBuffers = new Map<string, Float64Array[]>();
  private steps = 0;

  constructor(
    readonly training: TrainingGraph,
    readonly optimizer: OptimizerConfig,
    initial: ReadonlyMap<string, ArrayLike<number>>,
  ) {
    this.tensors = new Map([...initial].map(([name, values]) => [name, Float64Array.from(values)]));
    for (const param of this.trainable()) {
      const count = this.tensors.get(param.name)?.length;
      if (count === undefined) throw new Error(`no initial value given for parameter '${param.name}'`);
      this.optimizerBuffers.set(
        param.name,
        optimizerState(optimizer).map(() => new Float64Array(count)),
      );
    }
  }

  /**
   * One step at learning rate `lr`: forward, loss and gradients, then the update. Returns every
   * node's value from before the update.
   */
  step(feed: Feed, lr: number, options: Omit<RunOptions, "mode">): Float64Array[] {
    this.steps++;
    const run = { ...options, mode: "train" as const };
    const values = runGraph(this.training, this.tensors, feed, run);
    const { nodes } = this.training.graph;
    for (const node of nodes.filter(isOp)) {
      const state = family(node.op).referenceState?.(referenceContext(this.training, node, values, run));
      for (const [input, value] of state ?? []) this.tensors.set(nodes[node.inputs[input]!]!.name, value);
    }
    for (const param of this.trainable()) {
      const grad = values[this.training.grads.get(param.id)!]!;
      const weights = this.tensors.get(param.name)!;
      const update = {
        name: param.name,
        count: weights.length,
        lrMult: param.param.lrMult,
        weightDecay: param.param.decay ? this.optimizer.weightDecay : 0,
      };
      referenceUpdate(this.optimizer, update, weights, grad, this.optimizerBuffers.get(param.name)!, {
        lr,
        index: this.steps,
      });
    }
    return values;
  }

  /** Parameters the optimizer updates: unfrozen, with a gradient. */
  private trainable(): ParamNode[] {
    return this.training.graph.nodes.filter(
      (n): n is ParamNode => isParam(n) && !n.param.frozen && this.training.grads.has(n.id),
    );
  }
}
