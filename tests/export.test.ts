// `netc export`: batch norms after convs folded into the convs' weights and biases. The folded
// conv alone must compute what the conv and its batch norm compute in evaluation (float64
// references of both ops); everything else is copied, and bad input leaves nothing behind.

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

const dir = mkdtempSync(join(tmpdir(), "netc-export-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two conv + bn pairs, the first conv without a bias; a conv and a linear layer without one.
const SPEC = `model folding {
  input x: [N, 2, 6, 6]
  out x
    -> conv(3, 3, pad = 1, bias = false) -> bn -> relu
    -> conv(4, 3) -> bn(eps = 0.001)
    -> conv(2, 1) -> flatten -> linear(2)
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
  it("folds each batch norm after a conv into the conv: the conv alone computes both", async () => {
    const graph = graphOf(SPEC);
    const tensors = checkpoint(graph);
    const weights = join(dir, "trained.safetensors");
    const out = join(dir, "folded.safetensors");
    writeFileSync(weights, encode(graph, tensors));
    const report = await exportCommand(join(dir, "folding.net"), { weights, out });
    expect(report.folded.map((f) => f.conv)).toHaveLength(2);

    const folded = decodeSafetensors(new Uint8Array(readFileSync(out))).tensors;
    const norms = graph.nodes.filter((n): n is OpNode => isOp(n) && n.op === "batchnorm");
    // Batch norm's tensors are gone, the convs have biases, and the rest is copied bit for bit.
    for (const norm of norms)
      for (const id of norm.inputs.slice(1)) expect(folded.has(graph.nodes[id]!.name)).toBe(false);
    const convs = norms.map((norm) => graph.nodes[norm.inputs[0]!] as OpNode);
    for (const conv of convs) expect(folded.get(`${conv.name}.bias`)?.shape).toEqual([conv.shape[1]]);
    const foldedNames = new Set([...convs.flatMap((c) => [`${c.name}.weight`, `${c.name}.bias`])]);
    for (const [name, data] of tensors) {
      if (foldedNames.has(name) || norms.some((norm) => name.startsWith(`${norm.name}.`))) continue;
      expect(folded.get(name)?.data, name).toEqual(data);
    }

    for (const [norm, conv] of norms.map((norm, i) => [norm, convs[i]!] as const)) {
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
