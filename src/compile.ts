// The whole compiler as one call: front end, training graph with autodiff, schedule and memory
// plan. Emitters (src/7-emit) turn the resulting plan into files.

import { plan as makePlan, DEFAULT_LIMITS, type Limits } from "./6-plan/index.js";
import { buildTraining, type TrainingGraph } from "./4-autodiff/index.js";
import { fuse } from "./5-fuse/index.js";
import { Diagnostics, type Diagnostic } from "./diagnostics.js";
import { frontEnd, type FrontEndOptions } from "./front-end.js";
import { numel, shapeString, type Graph, type TrainConfig } from "./ir/graph.js";
import type { Target } from "./ops/family.js";
import type { ModelPlan } from "../runtime/plan.js";

export interface CompileOptions extends FrontEndOptions {
  /** Overrides the spec's training batch size. */
  batch?: number;
  limits?: Limits;
  /** The adapter to generate kernels for (default: any WebGPU device). */
  target?: Target;
  /** Run the fusion passes (default true; `--no-fuse` compares). */
  fuse?: boolean;
}

export interface CompileResult {
  graph?: Graph;
  plan?: ModelPlan;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export function compile(file: string, options: CompileOptions = {}): CompileResult {
  const front = frontEnd(file, options);
  if (front.graph === undefined) return front;
  const graph = front.graph;
  const diags = new Diagnostics();
  diags.list.push(...front.diagnostics);
  const plan = planGraph(graph, file, options, diags);
  return { graph, ...(plan ? { plan } : {}), diagnostics: diags.list, sources: front.sources };
}

/** The training graph, fusion and static plan of a graph from the front end; errors go to `diags`. */
export function planGraph(
  graph: Graph,
  file: string,
  options: CompileOptions,
  diags: Diagnostics,
): ModelPlan | undefined {
  const training = trainingGraph(graph, file, options, diags);
  if (training === undefined) return undefined;
  const target = options.target ?? {};
  const fused = options.fuse === false ? training.graph : fuse(training.graph, target);
  return makePlan(fused, training.train, file, options.limits ?? DEFAULT_LIMITS, target, diags);
}

/**
 * The training graph (target, loss, gradients) of a graph from the front end at the run's batch:
 * every error of a training setup that does not depend on a device. Errors go to `diags`.
 */
export function trainingGraph(
  graph: Graph,
  file: string,
  options: Pick<CompileOptions, "batch">,
  diags: Diagnostics,
): { graph: TrainingGraph; train: TrainConfig } | undefined {
  const where = { file, line: 1, col: 1, length: 1 };
  if (graph.train === undefined) {
    diags.error(
      where,
      `'${graph.model}' has no train section: add \`train { data = ... loss = ... optimizer = ... batch = ... epochs = ... }\``,
    );
    return undefined;
  }
  const train = { ...graph.train, batch: options.batch ?? graph.train.batch };
  // Training-mode batch norm normalises each channel over batch × height × width values: one has no variance.
  for (const node of graph.nodes) {
    if (node.op === "batchnorm" && train.batch * numel(node.shape.slice(2) as number[]) < 2) {
      diags.error(
        node.loc,
        `bn in training needs more than one value per channel, but its input ${shapeString(node.shape)} has one at batch ${train.batch}: use a batch of at least 2`,
      );
    }
  }
  if (diags.hasErrors) return undefined;
  const training = buildTraining(graph, train.batch, train.loss, diags);
  return training && { graph: training, train };
}
