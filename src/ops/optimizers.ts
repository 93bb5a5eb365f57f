// Optimizer updates as kernels: one dispatch for a group of trainable parameters (as many as one
// kernel's storage bindings allow), reading the step's learning rate and Adam bias corrections
// from the Step uniform; per-parameter decay and learning-rate multipliers are baked in. The
// float64 twins serve the tests.

import type { OptimizerConfig } from "../ir/graph.js";
import { f32, indent, perElement, type BindingDecl } from "./wgsl.js";

export interface ParamUpdate {
  /** Kernel name stem, from the parameter's name. */
  name: string;
  count: number;
  lrMult: number;
  /** The optimizer's weight decay, or 0 where the spec turns decay off. */
  weightDecay: number;
}

/** Per-parameter optimizer state, named as PyTorch names it. */
export function optimizerState(config: OptimizerConfig): string[] {
  if (config.kind === "sgd") return config.momentum > 0 ? ["momentum_buffer"] : [];
  return ["exp_avg", "exp_avg_sq"];
}

/**
 * FLOPs per element of one parameter update, as the optimizer kernels compute it (a weight decay
 * term adds a multiply-add): SGD d = g (+ λw), w -= lr·d; momentum v = μv + d; Nesterov d + μv;
 * Adam's two moment updates and its bias-corrected step.
 */
export function updateFlopsPerElement(optimizer: OptimizerConfig, decay: boolean): number {
  const decayFlops = decay && optimizer.weightDecay !== 0 ? 2 : 0;
  if (optimizer.kind !== "sgd") return 14 + decayFlops;
  if (optimizer.momentum === 0) return 2 + decayFlops;
  return (optimizer.nesterov ? 6 : 4) + decayFlops;
}

/**
 * How many parameters one update kernel takes within `storageBindings` storage buffers: each binds
 * itself, its gradient and its optimizer state (optimizerKernel).
 */
export function parametersPerUpdate(config: OptimizerConfig, storageBindings: number): number {
  return Math.max(1, Math.floor(storageBindings / (2 + optimizerState(config).length)));
}

/**
 * One update kernel for a group of parameters: each parameter's elements (vec4s where its size
 * allows) are a range of the threads, so one dispatch updates them all. Bindings per parameter j:
 * `param<j>`, `grad<j>` and each state tensor (`momentum_buffer<j>`, …), then the Step uniform.
 */
export function optimizerKernel(
  config: OptimizerConfig,
  params: readonly ParamUpdate[],
): { name: string; code: string; workgroups: [number, number, number] } {
  const state = optimizerState(config);
  const bindings: BindingDecl[] = [];
  const branches: { end: number; body: string }[] = [];
  let first = 0;
  for (const [j, p] of params.entries()) {
    // Whole vec4s where the count allows: the same arithmetic on each of four lanes.
    const lanes = p.count % 4 === 0 ? 4 : 1;
    const element = lanes === 4 ? "array<vec4f>" : "array<f32>";
    bindings.push(
      { name: `param${j}`, access: "read_write", type: element },
      { name: `grad${j}`, access: "read", type: element },
      ...state.map((name): BindingDecl => ({ name: `${name}${j}`, access: "read_write", type: element })),
    );
    const end = first + p.count / lanes;
    const index = `let k = i${first === 0 ? "" : ` - ${first}u`};`;
    const body = [`// ${p.name}`, index, updateBody(config, p, (tensor) => `${tensor}${j}[k]`)].join("\n");
    branches.push({ end, body });
    first = end;
  }
  bindings.push({ name: "step", access: "uniform", type: "Step" });
  // Each parameter's range in turn: the last needs no test (perElement stops threads past the end).
  const block = (body: string) => ["{", indent(body, 2), "}"].join("\n");
  const code = branches
    .map(({ end, body }, j) => {
      if (j < branches.length - 1) return `if (i < ${end}u) ${block(body)} else `;
      return j === 0 ? body : block(body);
    })
    .join("");
  const { code: kernel, workgroups } = perElement(first, bindings, code);
  // Named after its parameters, the first to the last, as the schedule lists them.
  const stems = [params[0]!, params.at(-1)!].map((p) => p.name.replace(/[^A-Za-z0-9_]/g, "_"));
  const name = params.length === 1 ? stems[0] : stems.join("_to_");
  return { name: `${name}_${config.kind}`, code: kernel, workgroups };
}

/** The update of one element `at(tensor)` of a parameter (`param`, `grad` or a state tensor). */
function updateBody(config: OptimizerConfig, p: ParamUpdate, at: (tensor: string) => string): string {
  const lr = p.lrMult === 1 ? "step.lr" : `step.lr * ${f32(p.lrMult)}`;
  const decay = p.weightDecay;
  const [param, grad] = [at("param"), at("grad")];
  if (config.kind === "sgd") {
    const d = decay === 0 ? grad : `${grad} + ${f32(decay)} * ${param}`;
    if (config.momentum === 0) return `${param} = ${param} - ${lr} * (${d});`;
    const mu = f32(config.momentum);
    const buffer = at("momentum_buffer");
    return `let d = ${d};
let v = ${mu} * ${buffer} + d;
${buffer} = v;
${param} = ${param} - ${lr} * ${config.nesterov ? `(d + ${mu} * v)` : "v"};`;
  }
  const coupled = config.kind === "adam" && decay !== 0;
  const decoupled = config.kind === "adamw" && decay !== 0;
  const [m, v] = [at("exp_avg"), at("exp_avg_sq")];
  return `let lr = ${lr};
let g = ${coupled ? `${grad} + ${f32(decay)} * ${param}` : grad};
let m = ${f32(config.beta1)} * ${m} + ${f32(1 - config.beta1)} * g;
let v = ${f32(config.beta2)} * ${v} + ${f32(1 - config.beta2)} * g * g;
${m} = m;
${v} = v;
let w = ${decoupled ? `${param} * (1.0 - lr * ${f32(decay)})` : param};
${param} = w - lr * (m / step.correction1) / (sqrt(v / step.correction2) + ${f32(config.eps)});`;
}

export interface ReferenceStep {
  lr: number;
  /** Optimizer step, from 1. */
  index: number;
}

/** One update in float64, in place on `param` and `state` (PyTorch's formulas). */
export function referenceUpdate(
  config: OptimizerConfig,
  p: ParamUpdate,
  param: Float64Array,
  grad: Float64Array,
  state: Float64Array[],
  step: ReferenceStep,
): void {
  const lr = step.lr * p.lrMult;
  const decay = p.weightDecay;
  for (let i = 0; i < param.length; i++) {
    if (config.kind === "sgd") {
      const d = grad[i]! + decay * param[i]!;
      if (config.momentum === 0) {
        param[i] = param[i]! - lr * d;
        continue;
      }
      const v = config.momentum * state[0]![i]! + d;
      state[0]![i] = v;
      param[i] = param[i]! - lr * (config.nesterov ? d + config.momentum * v : v);
    } else {
      const g = config.kind === "adam" ? grad[i]! + decay * param[i]! : grad[i]!;
      const m = config.beta1 * state[0]![i]! + (1 - config.beta1) * g;
      const v = config.beta2 * state[1]![i]! + (1 - config.beta2) * g * g;
      state[0]![i] = m;
      state[1]![i] = v;
      const w = config.kind === "adamw" ? param[i]! * (1 - lr * decay) : param[i]!;
      const c1 = 1 - config.beta1 ** step.index;
      const c2 = 1 - config.beta2 ** step.index;
      param[i] = w - (lr * (m / c1)) / (Math.sqrt(v / c2) + config.eps);
    }
  }
}
