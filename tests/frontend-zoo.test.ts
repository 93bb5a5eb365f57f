// The spec zoo against PyTorch: every spec's layer-by-layer output shapes and parameter count must
// equal those of the same model built as d2l defines it (tests/fixtures/zoo_shapes.json, written by
// tests/fixtures/make_shapes.py), and its FLOPs must follow the counting rules.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatSummary, summarize, type LayerRow } from "../src/7-emit/summary.js";
import { formatDiagnostic } from "../src/diagnostics.js";
import { frontEnd } from "../src/front-end.js";
import { isParam, numel, type Graph } from "../src/ir/graph.js";

interface OracleModel {
  input: number[];
  params: number;
  layers: { kind: string; shape: number[] }[];
}

const oracle = JSON.parse(readFileSync("tests/fixtures/zoo_shapes.json", "utf8")) as Record<string, OracleModel>;
const specs = readdirSync("specs")
  .filter((f) => f.endsWith(".net"))
  .map((f) => `specs/${f}`);

/**
 * The oracle records, in execution order, every leaf module's output and the tensor functions d2l
 * calls in forward methods of its own (F.relu, `Y += X`, torch.cat), so each of netc's layer rows
 * has exactly one counterpart and the two sequences are compared element by element, nothing
 * skipped. Kinds are translated to netc's op names; ReLU module and F.relu are both netc's relu.
 */
const netcOpOf: Record<string, string> = {
  Conv2d: "conv2d",
  BatchNorm1d: "batchnorm",
  BatchNorm2d: "batchnorm",
  ReLU: "relu",
  "F.relu": "relu",
  Sigmoid: "sigmoid",
  MaxPool2d: "maxpool2d",
  AvgPool2d: "avgpool2d",
  AdaptiveAvgPool2d: "global_avgpool",
  Flatten: "flatten",
  Linear: "linear",
  Dropout: "dropout",
  add: "add",
  cat: "concat",
};

function compileSpec(file: string): Graph {
  const result = frontEnd(file);
  const errors = result.diagnostics.map((d) => formatDiagnostic(d, result.sources));
  expect(errors).toEqual([]);
  return result.graph!;
}

/** `conv2d [1, 6, 28, 28]`: one line per layer, so a mismatch shows as a readable diff. */
function netcRows(layers: LayerRow[]): string[] {
  return layers.map((l) => `${l.op} [${l.outputShape.join(", ")}]`);
}

function oracleRows(model: OracleModel): string[] {
  return model.layers.map((l) => {
    const op = netcOpOf[l.kind];
    if (op === undefined) throw new Error(`zoo_shapes.json has a layer kind netc's test does not map: ${l.kind}`);
    return `${op} [${l.shape.join(", ")}]`;
  });
}

describe("spec zoo against PyTorch", () => {
  it("has an oracle entry for every spec", () => {
    const models = specs.map((f) => basename(f, ".net"));
    expect(Object.keys(oracle).sort()).toEqual(models.sort());
  });

  it.each(specs)("%s: layer output shapes and parameter count equal d2l's model", (file) => {
    const expected = oracle[basename(file, ".net")]!;
    const summary = summarize(compileSpec(file), 1);
    expect(summary.input).toEqual(expected.input);
    expect(netcRows(summary.layers)).toEqual(oracleRows(expected));
    expect(summary.totalParams).toBe(expected.params);
  });
});

describe("FLOPs", () => {
  it("counts LeNet's first conv as 2·MACs plus one add per output for the bias", () => {
    const conv1 = summarize(compileSpec("specs/lenet.net"), 1).layers.find((l) => l.name === "features.conv1")!;
    // 6 output channels of 28×28 (padding 2 keeps the size); each output is a 1-channel 5×5 window.
    const outputs = 6 * 28 * 28; // 4,704
    const macs = outputs * 1 * 5 * 5; // 117,600
    expect(conv1.flops).toBe(2 * macs + outputs);
    expect(conv1.flops).toBe(239_904);
  });

  it("counts LeNet's first linear layer as 2·in·out plus out", () => {
    const linear1 = summarize(compileSpec("specs/lenet.net"), 1).layers.find((l) => l.name === "linear1")!;
    expect(linear1.flops).toBe(2 * 400 * 120 + 120);
  });

  it.each(specs)(
    "%s: every conv and linear costs 2 FLOPs per weight use plus its bias adds, and FLOPs scale with the batch",
    (file) => {
      const graph = compileSpec(file);
      const paramSize = new Map(graph.nodes.filter(isParam).map((p) => [p.name, numel(p.shape as number[])]));
      const one = summarize(graph, 1);
      const eight = summarize(graph, 8);
      for (const layer of one.layers.filter((l) => l.op === "conv2d" || l.op === "linear")) {
        // Each weight is used once per output position (conv: per pixel; linear: per row).
        const [, , height, width] = layer.outputShape as number[];
        const positions = layer.op === "conv2d" ? height! * width! : 1;
        const weight = paramSize.get(`${layer.name}.weight`)!;
        const bias = paramSize.get(`${layer.name}.bias`) ?? 0;
        expect(layer.flops, layer.name).toBe(2 * weight * positions + bias * positions);
        expect(layer.params, layer.name).toBe(weight + bias);
      }
      expect(eight.layers.map((l) => l.flops)).toEqual(one.layers.map((l) => 8 * l.flops));
      expect(one.totalFlops).toBe(one.layers.reduce((sum, l) => sum + l.flops, 0));
    },
  );

  it("a model whose input has no batch dimension: its table says it is at the input's batch, FLOPs per forward pass", () => {
    const dir = mkdtempSync(join(tmpdir(), "netc-summary-"));
    try {
      const file = join(dir, "fixed.net");
      writeFileSync(file, "model fixed {\n  input x: [2, 4]\n  out x -> linear(3)\n}\n");
      const lines = formatSummary(summarize(frontEnd(file).graph!)).split("\n");
      expect(lines[0]).toBe("model fixed, input [2, 4]: shapes and FLOPs at the input's batch");
      // 2 rows × (2 FLOPs × 12 weights + 3 bias adds).
      expect(lines.at(-1)).toBe("total FLOPs  54 per forward pass");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
