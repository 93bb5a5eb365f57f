// Optimizer updates as kernels: one dispatch per trainable parameter, reading the step's learning
// rate and Adam bias corrections from the Step uniform; per-parameter decay and learning-rate
// multipliers are baked in. The float64 twins serve the tests.

import type { OptimizerConfig } from "../ir/graph.js";
import { f32, perElement } from "./wgsl.js";

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

/** The update kernel; bindings: param, grad, each state tensor, then the Step uniform. */
export function optimizerKernel(
  config: OptimizerConfig,
  p: ParamUpdate,
): { name: string; code: string; workgroups: [number, number, number] } {
  const lr = p.lrMult === 1 ? "step.lr" : `step.lr * ${f32(p.lrMult)}`;
  const state = optimizerState(config);
  // Whole vec4s where the count allows: the same arithmetic on each of four lanes.
  const lanes = p.count % 4 === 0 ? 4 : 1;
  const element = lanes === 4 ? "array<vec4f>" : "array<f32>";
  const bindings = [
    { name: "param", access: "read_write" as const, type: element },
    { name: "grad", access: "read" as const, type: element },
    ...state.map((name) => ({ name, access: "read_write" as const, type: element })),
    { name: "step", access: "uniform" as const, type: "Step" },
  ];
  const decay = p.weightDecay;
  let body: string;
  if (config.kind === "sgd") {
    const d = decay === 0 ? "grad[i]" : `grad[i] + ${f32(decay)} * param[i]`;
    if (config.momentum === 0) {
      body = `param[i] = param[i] - ${lr} * (${d});`;
    } else {
      const mu = f32(config.momentum);
      body = `let d = ${d};
let v = ${mu} * momentum_buffer[i] + d;
momentum_buffer[i] = v;
param[i] = param[i] - ${lr} * ${config.nesterov ? `(d + ${mu} * v)` : "v"};`;
    }
  } else {
    const coupled = config.kind === "adam" && decay !== 0;
    const decoupled = config.kind === "adamw" && decay !== 0;
    body = `let lr = ${lr};
let g = ${coupled ? `grad[i] + ${f32(decay)} * param[i]` : "grad[i]"};
let m = ${f32(config.beta1)} * exp_avg[i] + ${f32(1 - config.beta1)} * g;
let v = ${f32(config.beta2)} * exp_avg_sq[i] + ${f32(1 - config.beta2)} * g * g;
exp_avg[i] = m;
exp_avg_sq[i] = v;
let w = ${decoupled ? `param[i] * (1.0 - lr * ${f32(decay)})` : "param[i]"};
param[i] = w - lr * (m / step.correction1) / (sqrt(v / step.correction2) + ${f32(config.eps)});`;
  }
  const { code, workgroups } = perElement(p.count / lanes, bindings, body);
  return { name: `${p.name.replace(/[^A-Za-z0-9_]/g, "_")}_${config.kind}`, code, workgroups };
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
