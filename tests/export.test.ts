// `netc export`: batch norms after convs and linear layers folded into the layers' weights and
// biases. The folded layer alone must compute what the layer and its batch norm compute in
// evaluation (float64 references of both ops), and the exported model predict what the trained one
// does; everything else is copied, and bad input leaves nothing behind.

import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { exportCommand } from "../src/cli/export.js";
import { frontEnd } from "../src/front-end.js";
import { isParam, isState, isOp, type Graph, type OpNode } from "../src/ir/graph.js";
import { family } from "../src/ops/index.js";
import { decodeSafetensors, encodeSafetensors, type TensorToEncode } from "../runtime/safetensors.js";
import { randomFloats } from "./helpers/ops.js";
import { compileSpec, runGraph } from "./reference/executor.js";

const dir = mkdtempSync(join(tmpdir(), "netc-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two conv + bn pairs, the first conv without a bias; a linear + bn pair without a bias; a conv and
// a linear layer without a norm.
const SPEC = `model folding {
  input x: [N, 2, 6, 6]
  out x
    -> conv(3, 3, pad = 1, bias = false) -> bn -> relu
    -> conv(4, 3) -> bn(eps = 0.001)
    -> conv(2, 1) -> flatten -> linear(5, bias = false) -> bn -> sigmoid -> linear(2)
}
`;

function graphOf(spec: string): Graph {
  const file = join(dir, "folding.net");
  writeFileSync(file, spec);
  return frontEnd(file).graph!;
}

/** Random values for every parameter and state tensor; running variances positive. */
function checkpoint(graph: Graph): Map<string, Float32Array> {
  const owned = graph.nodes.filter((n) => isParam(n) || isState(n));
  return new Map(
    owned.map((n, i) => {
      const size = (n.shape as number[]).reduce((a, b) => a * b, 1);
      const values = randomFloats(size, 100 + i);
      return [n.name, n.name.endsWith("running_var") ? values.map((v) => 0.2 + Math.abs(v)) : values];
    }),
  );
}

function encode(graph: Graph, tensors: Map<string, Float32Array>): Uint8Array {
  const byName = new Map(graph.nodes.map((n) => [n.name, n.shape as number[]]));
  return encodeSafetensors(
    new Map<string, TensorToEncode>(
      [...tensors].map(([name, data]) => [name, { dtype: "F32", shape: byName.get(name)!, data }]),
    ),
  );
}

/** The float64 reference of `node` in evaluation on the given inputs. */
function reference(node: OpNode, inputs: Float64Array[], shapes: number[][], output: number[]): Float64Array {
  return family(node.op).reference!({
    id: node.id,
    inputs,
    shapes,
    output,
    attrs: node.attrs,
    mode: "eval",
    seed: 1,
    rows: output[0]!,
  });
}

describe("netc export", () => {
  it("folds each batch norm after a conv or a linear layer into the layer: the layer alone computes both", async () => {
    const graph = graphOf(SPEC);
    const tensors = checkpoint(graph);
    const weights = join(dir, "trained.safetensors");
    const out = join(dir, "folded.safetensors");
    writeFileSync(weights, encode(graph, tensors));
    const report = await exportCommand(join(dir, "folding.net"), { weights, out });
    expect(report.folded).toEqual([
      { layer: "conv1", norm: "bn1" },
      { layer: "conv2", norm: "bn2" },
      { layer: "linear1", norm: "bn3" },
    ]);

    const decoded = decodeSafetensors(new Uint8Array(readFileSync(out)));
    // The file names the model and the norms folded away, for whoever loads it.
    expect(decoded.metadata).toEqual({ model: "folding", folded_batchnorms: "bn1,bn2,bn3" });
    const folded = decoded.tensors;
    const norms = graph.nodes.filter((n): n is OpNode => isOp(n) && n.op === "batchnorm");
    // Batch norm's tensors are gone, the layers have biases, and the rest is copied bit for bit.
    for (const norm of norms)
      for (const id of norm.inputs.slice(1)) expect(folded.has(graph.nodes[id]!.name)).toBe(false);
    const layers = norms.map((norm) => graph.nodes[norm.inputs[0]!] as OpNode);
    for (const layer of layers) expect(folded.get(`${layer.name}.bias`)?.shape).toEqual([layer.shape[1]]);
    const foldedNames = new Set([...layers.flatMap((c) => [`${c.name}.weight`, `${c.name}.bias`])]);
    for (const [name, data] of tensors) {
      if (foldedNames.has(name) || norms.some((norm) => name.startsWith(`${norm.name}.`))) continue;
      expect(folded.get(name)?.data, name).toEqual(data);
    }

    for (const [norm, conv] of norms.map((norm, i) => [norm, layers[i]!] as const)) {
      const x = graph.nodes[conv.inputs[0]!]!;
      const shape = [2, ...(x.shape as number[]).slice(1)];
      const output = [2, ...(conv.shape as number[]).slice(1)];
      const input = Float64Array.from(
        randomFloats(
          shape.reduce((a, b) => a * b, 1),
          7,
        ),
      );
      const value = (name: string) => Float64Array.from(tensors.get(name)!);
      const owned = conv.inputs.slice(1).map((id) => graph.nodes[id]!);
      const convOut = reference(
        conv,
        [input, ...owned.map((n) => value(n.name))],
        [shape, ...owned.map((n) => n.shape as number[])],
        output,
      );
      const normOwned = norm.inputs.slice(1).map((id) => graph.nodes[id]!);
      const expected = reference(
        norm,
        [convOut, ...normOwned.map((n) => value(n.name))],
        [output, ...normOwned.map((n) => n.shape as number[])],
        output,
      );
      const foldedConv = { ...conv, attrs: { ...conv.attrs, bias: true } };
      const weight = folded.get(`${conv.name}.weight`)!;
      const bias = folded.get(`${conv.name}.bias`)!;
      const actual = reference(
        foldedConv,
        [input, Float64Array.from(weight.data as Float32Array), Float64Array.from(bias.data as Float32Array)],
        [shape, weight.shape, bias.shape],
        output,
      );
      const scale = Math.max(...expected.map(Math.abs));
      const error = Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!))) / scale;
      expect(error, conv.name).toBeLessThan(1e-6);
    }
  });

  it("gives the exported BN-LeNet the trained model's predictions: with identity norms, the folded layers alone", async () => {
    const { training } = compileSpec("specs/bn_lenet.net", { batch: 4 });
    const graph = training.graph;
    const tensors = checkpoint(graph);
    const weights = join(dir, "bn_lenet.safetensors");
    const out = join(dir, "bn_lenet-exported.safetensors");
    writeFileSync(weights, encode(graph, tensors));
    const report = await exportCommand("specs/bn_lenet.net", { weights, out });
    expect(report.folded.map((f) => f.layer)).toEqual(["conv1", "conv2", "linear1", "linear2"]);

    // The exported tensors in the unfolded graph, each batch norm made the identity: γ = 1, β = 0,
    // μ = 0, σ² = 1 − ε. The model is then its folded layers alone, run by the same references.
    const exported = new Map(
      [...decodeSafetensors(new Uint8Array(readFileSync(out))).tensors].map(([name, t]) => [
        name,
        t.data as Float32Array,
      ]),
    );
    for (const norm of graph.nodes.filter((n): n is OpNode => isOp(n) && n.op === "batchnorm")) {
      const [gamma, beta, mean, variance] = norm.inputs.slice(1).map((id) => graph.nodes[id]!.name);
      const channels = (graph.nodes[norm.inputs[1]!]!.shape as number[])[0]!;
      const eps = norm.attrs.eps as number;
      exported.set(gamma!, new Float32Array(channels).fill(1));
      exported.set(beta!, new Float32Array(channels));
      exported.set(mean!, new Float32Array(channels));
      exported.set(variance!, new Float32Array(channels).fill(1 - eps));
    }
    const feed = {
      input: Float64Array.from(randomFloats(4 * 28 * 28, 11)),
      target: Float64Array.from([0, 1, 2, 3]),
    };
    const run = { mode: "eval" as const, seed: 1, rows: 4 };
    const expected = runGraph(training, tensors, feed, run)[graph.output]!;
    const actual = runGraph(training, exported, feed, run)[graph.output]!;
    const scale = Math.max(...expected.map(Math.abs));
    expect(Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!))) / scale).toBeLessThan(1e-5);
    // And so the same classes.
    const classes = (logits: Float64Array) =>
      [0, 1, 2, 3].map((r) => {
        const row = [...logits.subarray(r * 10, (r + 1) * 10)];
        return row.indexOf(Math.max(...row));
      });
    expect(classes(actual)).toEqual(classes(expected));
  });

  it("folds no batch norm into a conv whose output another layer reads too: every tensor is copied", async () => {
    // `(bn(c) + c)`: folding the norm into the conv would change what the add reads.
    const spec = "tests/specs/bn_fanout.net";
    const graph = frontEnd(spec).graph!;
    const tensors = checkpoint(graph);
    expect([...tensors.keys()]).toEqual(expect.arrayContaining(["c.conv1.weight", "bn1.running_var"]));
    const weights = join(dir, "fanout.safetensors");
    const out = join(dir, "fanout-exported.safetensors");
    writeFileSync(weights, encode(graph, tensors));
    const report = await exportCommand(spec, { weights, out });
    expect(report.folded).toEqual([]);
    expect(report.tensors).toBe(tensors.size);
    const exported = decodeSafetensors(new Uint8Array(readFileSync(out))).tensors;
    expect(exported.size).toBe(tensors.size);
    for (const [name, data] of tensors) expect(exported.get(name)?.data, name).toEqual(data);
  });

  it("folds no batch norm after a linear layer over images: the norm's channels are not the layer's features", async () => {
    // linear(5) on [N, 2, 3, 4] gives [N, 2, 3, 5]: bn normalises its 2 channels, not the 5 features.
    const graph = graphOf("model images {\n  input x: [N, 2, 3, 4]\n  out x -> linear(5) -> bn\n}\n");
    const tensors = checkpoint(graph);
    const weights = join(dir, "images.safetensors");
    writeFileSync(weights, encode(graph, tensors));
    const report = await exportCommand(join(dir, "folding.net"), {
      weights,
      out: join(dir, "images-exported.safetensors"),
    });
    expect(report.folded).toEqual([]);
    expect(report.tensors).toBe(tensors.size);
  });

  it("refuses a checkpoint of another model, naming the tensor, and writes nothing", async () => {
    const graph = graphOf(SPEC);
    const tensors = checkpoint(graph);
    tensors.delete([...tensors.keys()][0]!);
    const weights = join(dir, "partial.safetensors");
    const out = join(dir, "never.safetensors");
    writeFileSync(weights, encode(graph, tensors));
    await expect(exportCommand(join(dir, "folding.net"), { weights, out })).rejects.toThrow(
      /partial\.safetensors: checkpoint is missing tensor "/,
    );
    await expect(exportCommand(join(dir, "folding.net"), { weights: join(dir, "none"), out })).rejects.toThrow(
      /cannot read weights file .*none \(no such file\)/,
    );
    await expect(exportCommand(join(dir, "folding.net"), { weights: dir, out })).rejects.toThrow(
      /cannot read weights file .* \(a directory\)/,
    );
    expect(existsSync(out)).toBe(false);
  });
});
