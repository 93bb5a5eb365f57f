// `netc summary`: the layer-by-layer table d2l prints, with parameter counts and FLOPs, and what
// the compiled plan costs: dispatches per schedule and GPU memory.

import { concreteShape, isOp, isParam, numel, shapeString, type Dim, type Graph } from "../ir/graph.js";
import { family } from "../ops/index.js";
import type { BufferKind, ModelPlan } from "../../runtime/plan.js";

export interface LayerRow {
  name: string;
  op: string;
  /** With the spec's batch dimension (`N`) where the summary has no batch. */
  outputShape: Dim[];
  params: number;
  flops: number;
}

export interface Summary {
  model: string;
  input: Dim[];
  /**
   * The batch of the shapes and FLOPs (--batch). Absent, the shapes keep the spec's batch dimension
   * as it writes it (`N`) and the FLOPs are one example's.
   */
  batch?: number;
  layers: LayerRow[];
  totalParams: number;
  totalFlops: number;
  /** For specs with a train section: the compiled schedule and memory plan. */
  plan?: PlanSummary;
}

export interface PlanSummary {
  /** The batch the plan is compiled for (the spec's, or --batch). */
  batch: number;
  /** Per step of each schedule; `statistics` where the plan recomputes batch norm's statistics. */
  dispatches: { train: number; evaluate: number; predict: number; statistics?: number };
  memory: MemoryPlanSummary;
}

/**
 * Bytes of the memory plan's buffers. Every buffer lives as long as the model, so the total is
 * also the peak; pooled buffers hold activations and gradients whose lifetimes do not overlap.
 */
export interface MemoryPlanSummary {
  total: number;
  buffers: number;
  parameters: number;
  optimizerState: number;
  activationsAndGradients: number;
  /** Input and target batches, carried state (running statistics), the Step uniform and the metrics ring. */
  other: number;
}

/**
 * Shapes, parameters and FLOPs with every symbolic dimension (the batch) set to `batch`; without
 * one, shapes as the spec writes them and FLOPs of one example.
 */
export function summarize(graph: Graph, batch?: number): Summary {
  const sizes = new Map(symbols(graph).map((s) => [s, batch ?? 1]));
  const concrete = (id: number) => concreteShape(graph.nodes[id]!.shape, sizes);
  const shown = (id: number): Dim[] => (batch === undefined ? [...graph.nodes[id]!.shape] : concrete(id));
  const layers: LayerRow[] = [];
  for (const node of graph.nodes) {
    if (!isOp(node)) continue;
    const opFamily = family(node.op);
    const ownedCount = opFamily.owned?.(node.attrs).length ?? 0;
    const dataInputs = node.inputs.slice(0, node.inputs.length - ownedCount);
    const params = node.inputs
      .slice(dataInputs.length)
      .map((id) => graph.nodes[id]!)
      .filter(isParam)
      .reduce((sum, p) => sum + numel(p.shape as number[]), 0);
    layers.push({
      name: node.name,
      op: node.op,
      outputShape: shown(node.id),
      params,
      flops: opFamily.flops(dataInputs.map(concrete), concrete(node.id), node.attrs),
    });
  }
  return {
    model: graph.model,
    input: shown(graph.inputs[0]!),
    ...(batch === undefined ? {} : { batch }),
    layers,
    totalParams: layers.reduce((sum, l) => sum + l.params, 0),
    totalFlops: layers.reduce((sum, l) => sum + l.flops, 0),
  };
}

/** Dispatch counts and memory of a compiled plan. */
export function summarizePlan(plan: ModelPlan): PlanSummary {
  const bytesOf = (kinds: readonly BufferKind[]) =>
    plan.buffers.filter((b) => kinds.includes(b.kind)).reduce((sum, b) => sum + b.bytes, 0);
  return {
    batch: plan.batch,
    dispatches: {
      train: plan.train.length,
      evaluate: plan.evaluate.length,
      predict: plan.predict.length,
      ...(plan.statistics > 0 ? { statistics: plan.statistics } : {}),
    },
    memory: {
      total: plan.buffers.reduce((sum, b) => sum + b.bytes, 0),
      buffers: plan.buffers.length,
      parameters: bytesOf(["param"]),
      optimizerState: bytesOf(["optimizer"]),
      activationsAndGradients: bytesOf(["pool", "scratch"]),
      other: bytesOf(["input", "target", "state", "step", "metrics"]),
    },
  };
}

function symbols(graph: Graph): string[] {
  return [...new Set(graph.nodes.flatMap((n) => n.shape.filter((d): d is string => typeof d === "string")))];
}

/** The table as text: aligned columns, thousands separators, totals at the bottom. */
export function formatSummary(summary: Summary): string {
  const header = ["layer", "op", "output shape", "params", "FLOPs"];
  const rows = summary.layers.map((l) => [l.name, l.op, shapeString(l.outputShape), count(l.params), count(l.flops)]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c >= 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((a, b) => a + b + 2, -2));
  const batchDims = [...new Set(summary.input.filter((d) => typeof d === "string"))];
  // Which batch the table is at: the plan below states its own, which may differ.
  const [tableBatch, flopsOf] =
    summary.batch !== undefined
      ? [`shapes and FLOPs at batch ${summary.batch}`, "per forward pass"]
      : batchDims.length > 0
        ? [`shapes for any batch ${batchDims.join(", ")}, FLOPs for one example`, "per example"]
        : ["shapes and FLOPs at the input's batch", "per forward pass"];
  return [
    `model ${summary.model}, input ${shapeString(summary.input)}: ${tableBatch}`,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `total params ${count(summary.totalParams)}`,
    `total FLOPs  ${count(summary.totalFlops)} ${flopsOf}`,
    ...(summary.plan ? formatPlan(summary.plan) : []),
  ].join("\n");
}

function formatPlan({ batch, dispatches, memory }: PlanSummary): string[] {
  const parts: [string, number][] = [
    ["parameters", memory.parameters],
    ["optimizer state", memory.optimizerState],
    ["activations and gradients", memory.activationsAndGradients],
    ["other (batch, state, metrics)", memory.other],
  ];
  const labelWidth = Math.max(...parts.map(([label]) => label.length));
  const valueWidth = Math.max(...parts.map(([, bytes]) => count(bytes).length));
  return [
    `dispatches at batch ${batch}: ${dispatches.train} per training step, ${dispatches.evaluate} per evaluation, ${dispatches.predict} per prediction` +
      (dispatches.statistics === undefined
        ? ""
        : `, ${dispatches.statistics} per batch recomputing batch norm's statistics`),
    `GPU memory at batch ${batch}: ${count(memory.total)} bytes (${mebibytes(memory.total)}) in ${memory.buffers} buffers, all live for the model's lifetime`,
    ...parts.map(
      ([label, bytes]) => `  ${label.padEnd(labelWidth)}  ${count(bytes).padStart(valueWidth)}  ${mebibytes(bytes)}`,
    ),
    "(the portable kernels `netc compile` writes; `train` and `profile` run this adapter's, which may differ: `netc compile --tuned --explain`)",
  ];
}

function mebibytes(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
