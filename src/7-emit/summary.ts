// `netc summary`: the layer-by-layer table d2l prints, with parameter counts and FLOPs.

import { concreteShape, isOp, isParam, numel, type Graph } from "../ir/graph.js";
import { family } from "../ops/index.js";

export interface LayerRow {
  name: string;
  op: string;
  outputShape: number[];
  params: number;
  flops: number;
}

export interface Summary {
  model: string;
  input: number[];
  layers: LayerRow[];
  totalParams: number;
  totalFlops: number;
}

/** Shapes, parameters and FLOPs with every symbolic dimension (the batch) set to `batch`. */
export function summarize(graph: Graph, batch: number): Summary {
  const concrete = (id: number) =>
    concreteShape(graph.nodes[id]!.shape, new Map(symbols(graph).map((s) => [s, batch])));
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
    const outputShape = concrete(node.id);
    layers.push({
      name: node.name,
      op: node.op,
      outputShape,
      params,
      flops: opFamily.flops(dataInputs.map(concrete), outputShape, node.attrs),
    });
  }
  return {
    model: graph.model,
    input: concrete(graph.inputs[0]!),
    layers,
    totalParams: layers.reduce((sum, l) => sum + l.params, 0),
    totalFlops: layers.reduce((sum, l) => sum + l.flops, 0),
  };
}

function symbols(graph: Graph): string[] {
  return [...new Set(graph.nodes.flatMap((n) => n.shape.filter((d): d is string => typeof d === "string")))];
}

/** The table as text: aligned columns, thousands separators, totals at the bottom. */
export function formatSummary(summary: Summary): string {
  const header = ["layer", "op", "output shape", "params", "FLOPs"];
  const rows = summary.layers.map((l) => [
    l.name,
    l.op,
    `[${l.outputShape.join(", ")}]`,
    count(l.params),
    count(l.flops),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c >= 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join("  ")
      .trimEnd();
  const rule = "-".repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [
    `model ${summary.model}, input [${summary.input.join(", ")}]`,
    line(header),
    rule,
    ...rows.map(line),
    rule,
    `total params ${count(summary.totalParams)}`,
    `total FLOPs  ${count(summary.totalFlops)} per forward pass`,
  ].join("\n");
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}
