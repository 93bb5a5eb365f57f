// Elaboration and shape inference of the language's constructs: blocks, pipelines, loops,
// conditionals, aliases, concat and residual add, shape assertions, imports, the train section and
// parameter rules, and the block-path names that parameters keep.

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic } from "../src/diagnostics.js";
import { frontEnd, type FrontEndOptions, type FrontEndResult } from "../src/front-end.js";
import { globMatcher } from "../src/2-elaborate/train.js";
import { isOp, isParam, type Graph, type Node, type ParamAttrs, type Shape } from "../src/ir/graph.js";

const dir = mkdtempSync(join(tmpdir(), "netc-elaborate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let specCount = 0;

/** Writes `text` as a fresh spec (and `besides`, by path relative to it) and runs the front end. */
function run(text: string, besides: Record<string, string> = {}, options: FrontEndOptions = {}): FrontEndResult {
  const folder = join(dir, `spec${++specCount}`);
  for (const [path, content] of Object.entries({ ...besides, "main.net": text })) {
    mkdirSync(dirname(join(folder, path)), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  return frontEnd(join(folder, "main.net"), options);
}

/** The spec's graph; fails the test with the formatted diagnostics if there are any. */
function compile(text: string, besides: Record<string, string> = {}, options: FrontEndOptions = {}): Graph {
  const result = run(text, besides, options);
  expect(result.diagnostics.map((d) => formatDiagnostic(d, result.sources))).toEqual([]);
  return result.graph!;
}

function node(graph: Graph, name: string): Node {
  const found = graph.nodes.find((n) => n.name === name);
  if (found === undefined) {
    throw new Error(`no node '${name}'; the graph has ${graph.nodes.map((n) => n.name).join(", ")}`);
  }
  return found;
}

function shapeOf(graph: Graph, name: string): Shape {
  return node(graph, name).shape;
}

/** Names of the op nodes (layers, add, concat) in graph order. */
function opNames(graph: Graph): string[] {
  return graph.nodes.filter(isOp).map((n) => n.name);
}

function paramAttrs(graph: Graph, name: string): ParamAttrs {
  const found = node(graph, name);
  if (!isParam(found)) throw new Error(`'${name}' is not a parameter`);
  return found.param;
}

const model = (body: string, input = "[N, 3, 32, 32]") => `model m {\n  input x: ${input}\n${body}\n}\n`;

describe("blocks", () => {
  const stage = `
block stage(x: tensor, channels: int, kernel: int = 3, pad = 1, act: str = "relu") {
  out x -> conv(channels, kernel, pad = pad) -> if act == "relu" { relu } else { sigmoid }
}
`;

  it("bind positional arguments, defaults (typed and inferred) and keyword arguments", () => {
    const graph = compile(
      stage +
        model(`
  a = x -> stage(8)
  b = a -> stage(16, kernel = 5, pad = 0)
  out b -> stage(4, act = "sigmoid")`),
    );
    expect(shapeOf(graph, "a.stage1.conv1")).toEqual(["N", 8, 32, 32]);
    expect(shapeOf(graph, "a.stage1.conv1.weight")).toEqual([8, 3, 3, 3]);
    expect(shapeOf(graph, "b.stage1.conv1")).toEqual(["N", 16, 28, 28]);
    expect(shapeOf(graph, "b.stage1.conv1.weight")).toEqual([16, 8, 5, 5]);
    expect(opNames(graph)).toEqual([
      "a.stage1.conv1",
      "a.stage1.relu1",
      "b.stage1.conv1",
      "b.stage1.relu1",
      "stage1.conv1",
      "stage1.sigmoid1",
    ]);
  });

  it("number repeated instances of a block per statement, and nest their paths", () => {
    const graph = compile(`
block unit(x: tensor, c: int) {
  out x -> conv(c, 3, pad = 1) -> relu
}
block pair(x: tensor, c: int) {
  out x -> unit(c) -> unit(2 * c)
}
${model("  out x -> pair(4) -> pair(8)")}`);
    expect(opNames(graph).filter((n) => n.endsWith("conv1"))).toEqual([
      "pair1.unit1.conv1",
      "pair1.unit2.conv1",
      "pair2.unit1.conv1",
      "pair2.unit2.conv1",
    ]);
    expect(shapeOf(graph, "pair2.unit2.conv1")).toEqual(["N", 16, 32, 32]);
  });

  it("pass lists and tuples to typed parameters and index them", () => {
    const graph = compile(`
block widths(x: tensor, sizes: [int], pair: (int, int)) {
  out x -> flatten -> linear(sizes[0]) -> linear(sizes[-1]) -> linear(pair[0] + pair[1])
}
${model("  out x -> widths([7, 5, 3], (2, 9))", "[N, 4]")}`);
    expect(["widths1.linear1", "widths1.linear2", "widths1.linear3"].map((n) => shapeOf(graph, n))).toEqual([
      ["N", 7],
      ["N", 3],
      ["N", 11],
    ]);
  });
});

describe("pipelines", () => {
  it("feed each stage's output to the next as its first argument", () => {
    const graph = compile(model("  out x -> flatten -> linear(10) -> relu"));
    const [input, flatten, linear, relu] = ["x", "flatten1", "linear1", "relu1"].map((n) => node(graph, n));
    expect(flatten!.inputs).toEqual([input!.id]);
    expect(linear!.inputs[0]).toBe(flatten!.id);
    expect(relu!.inputs).toEqual([linear!.id]);
    expect(graph.output).toBe(relu!.id);
    expect(shapeOf(graph, "linear1")).toEqual(["N", 10]);
  });

  it("take every layer argument by name, the output size included", () => {
    const graph = compile(
      model("  out x -> conv(kernel = 3, channels = 8, pad = 1) -> flatten -> linear(bias = false, features = 5)"),
    );
    expect(shapeOf(graph, "conv1")).toEqual(["N", 8, 32, 32]);
    expect(shapeOf(graph, "conv1.weight")).toEqual([8, 3, 3, 3]);
    expect(shapeOf(graph, "linear1")).toEqual(["N", 5]);
    const names = graph.nodes.map((n) => n.name);
    expect(names).toContain("conv1.bias");
    expect(names).not.toContain("linear1.bias");
  });

  it("bind looser than +, so `a + b -> relu` applies relu to the sum", () => {
    const graph = compile(model("  a = x -> conv(3, 1)\n  out a + x -> relu"));
    const relu = node(graph, "relu1");
    expect(relu.inputs).toEqual([node(graph, "add1").id]);
  });
});

describe("for stages", () => {
  it("repeat over a range, with the loop variable in arguments", () => {
    const graph = compile(model("  out x -> for i in 0..3 { conv(4 * (i + 1), 3, pad = 1) -> relu }"));
    expect(["conv1.weight", "conv2.weight", "conv3.weight"].map((n) => shapeOf(graph, n))).toEqual([
      [4, 3, 3, 3],
      [8, 4, 3, 3],
      [12, 8, 3, 3],
    ]);
    expect(opNames(graph)).toEqual(["conv1", "relu1", "conv2", "relu2", "conv3", "relu3"]);
  });

  it("repeat over a list and over enumerate(...) with nested tuple destructuring", () => {
    const graph = compile(
      model(`
  widths = [6, 2]
  a = x -> for c in widths { conv(c, 1) }
  out a -> for (i, (c, k)) in enumerate([(4, 3), (8, 5)]) { conv(c + i, k) }`),
    );
    expect(shapeOf(graph, "a.conv1")).toEqual(["N", 6, 32, 32]);
    expect(shapeOf(graph, "a.conv2")).toEqual(["N", 2, 32, 32]);
    expect(shapeOf(graph, "conv1.weight")).toEqual([4, 2, 3, 3]);
    expect(shapeOf(graph, "conv2.weight")).toEqual([9, 4, 5, 5]);
    expect(shapeOf(graph, "conv2")).toEqual(["N", 9, 26, 26]);
  });

  it("repeat over zip(...), which stops at the shorter list as Python's does", () => {
    const graph = compile(model("  out x -> for (c, k) in zip([4, 8, 6], [3, 5]) { conv(c, k) }"));
    expect(opNames(graph)).toEqual(["conv1", "conv2"]);
    expect(shapeOf(graph, "conv1.weight")).toEqual([4, 3, 3, 3]);
    expect(shapeOf(graph, "conv2.weight")).toEqual([8, 4, 5, 5]);
  });

  it("pass the tensor through unchanged over an empty range", () => {
    const graph = compile(model("  out x -> for i in 0..0 { relu } -> flatten"));
    expect(opNames(graph)).toEqual(["flatten1"]);
    expect(shapeOf(graph, "flatten1")).toEqual(["N", 3072]);
  });
});

describe("conditionals", () => {
  const block = `
block head(x: tensor, pool: bool, wide: bool = false, depth: int = 1) {
  width = if wide { 64 } else if depth > 1 { 32 } else { 16 }
  out x -> if pool { maxpool(2) } -> if depth == 2 and not wide { relu } else { sigmoid } -> conv(width, 1)
}
`;

  it("choose a stage chain and a value from block parameters", () => {
    const graph = compile(
      block + model("  a = x -> head(true)\n  b = a -> head(false, depth = 2)\n  out b -> head(false, wide = true)"),
    );
    expect(opNames(graph)).toEqual([
      "a.head1.maxpool1",
      "a.head1.sigmoid1",
      "a.head1.conv1",
      "b.head1.relu1",
      "b.head1.conv1",
      "head1.sigmoid1",
      "head1.conv1",
    ]);
    expect(shapeOf(graph, "a.head1.conv1")).toEqual(["N", 16, 16, 16]);
    expect(shapeOf(graph, "b.head1.conv1")).toEqual(["N", 32, 16, 16]);
    expect(shapeOf(graph, "head1.conv1")).toEqual(["N", 64, 16, 16]);
  });

  it("pick a tensor: a projection shortcut or the input itself", () => {
    const graph = compile(`
block skip(x: tensor, project: bool) {
  shortcut = if project { conv(x, 3, 1) } else { x }
  out shortcut -> relu
}
${model("  out x -> skip(true) -> skip(false)")}`);
    expect(node(graph, "skip1.relu1").inputs).toEqual([node(graph, "skip1.shortcut.conv1").id]);
    expect(node(graph, "skip2.relu1").inputs).toEqual([node(graph, "skip1.relu1").id]);
  });
});

describe("operators on values, as in Python", () => {
  it("'//' floors and '%' takes the divisor's sign", () => {
    // Python: -7 // 2 == -4, 7 // -2 == -4, -7 % 3 == 2, 7 % -3 == -2, -7 // -2 == 3, -7 % -3 == -1.
    const graph = compile(
      model(
        "  out x -> linear(20 + (-7 // 2)) -> linear(20 + 7 // -2) -> linear(10 + (-7 % 3)) -> linear(10 + 7 % -3)" +
          " -> linear(10 + (-7 // -2)) -> linear(10 + (-7 % -3)) -> linear(7 // 2 + 7 % 3)",
        "[N, 4]",
      ),
    );
    const names = ["linear1", "linear2", "linear3", "linear4", "linear5", "linear6", "linear7"];
    expect(names.map((n) => shapeOf(graph, n)[1])).toEqual([16, 16, 12, 8, 13, 9, 4]);
  });

  it("'and' and 'or' follow their truth tables", () => {
    // features = 1 + 2·(a or b) + 4·(a and b), for (a, b) = (F, F), (F, T), (T, F), (T, T).
    const graph = compile(`
block gate(x: tensor, a: bool, b: bool) {
  out x -> linear(1 + (if a or b { 2 } else { 0 }) + (if a and b { 4 } else { 0 }))
}
${model("  out x -> gate(false, false) -> gate(false, true) -> gate(true, false) -> gate(true, true)", "[N, 4]")}`);
    expect(["gate1", "gate2", "gate3", "gate4"].map((g) => shapeOf(graph, `${g}.linear1`)[1])).toEqual([1, 3, 3, 7]);
  });

  it("'or' after true and 'and' after false leave their right operand unevaluated", () => {
    // [1][3] is out of range: an error wherever it is evaluated.
    const evaluated = run(model("  out x -> linear(if false or [1][3] == 1 { 3 } else { 4 })", "[N, 4]"));
    expect(evaluated.diagnostics.map((d) => d.message)).toEqual(["index 3 is out of range for a list of 1 items"]);
    const graph = compile(
      model(
        "  out x -> linear(if true or [1][3] == 1 { 3 } else { 4 }) -> linear(if false and [1][3] == 1 { 4 } else { 5 })",
        "[N, 4]",
      ),
    );
    expect([shapeOf(graph, "linear1"), shapeOf(graph, "linear2")]).toEqual([
      ["N", 3],
      ["N", 5],
    ]);
  });
});

describe("'as' aliases", () => {
  it("name layers and blocks in place of their counted names", () => {
    const graph = compile(`
block unit(x: tensor) {
  out x -> conv(4, 3) as inner
}
${model("  y = x -> conv(6, 5) as stem -> relu\n  out y -> unit as first -> unit")}`);
    expect(opNames(graph)).toEqual(["y.stem", "y.relu1", "first.inner", "unit1.inner"]);
    expect(shapeOf(graph, "y.stem.weight")).toEqual([6, 3, 5, 5]);
    expect(shapeOf(graph, "first.inner.weight")).toEqual([4, 6, 3, 3]);
  });
});

describe("joining paths", () => {
  it("concat joins tensors along channels by default", () => {
    const graph = compile(
      model(`
  a = x -> conv(5, 1)
  b = x -> conv(7, 3, pad = 1)
  joined = concat(a, b, x)
  out joined -> conv(3, 1)`),
    );
    expect(shapeOf(graph, "joined.concat1")).toEqual(["N", 15, 32, 32]);
    expect(node(graph, "joined.concat1").inputs).toEqual([
      node(graph, "a.conv1").id,
      node(graph, "b.conv1").id,
      node(graph, "x").id,
    ]);
  });

  it("residual add joins a block's branch with its input", () => {
    const graph = compile(`
block res(x: tensor) {
  y = x -> conv(3, 3, pad = 1) -> relu -> conv(3, 3, pad = 1)
  out relu(y + x)
}
${model("  out x -> res")}`);
    const add = node(graph, "res1.add1");
    expect(add.inputs).toEqual([node(graph, "res1.y.conv2").id, node(graph, "x").id]);
    expect(add.shape).toEqual(["N", 3, 32, 32]);
    expect(node(graph, "res1.relu1").inputs).toEqual([add.id]);
  });

  it("concat along another axis", () => {
    const graph = compile(model("  a = x -> flatten -> linear(3)\n  out concat(a, a, axis = -1)", "[N, 8]"));
    expect(shapeOf(graph, "concat1")).toEqual(["N", 6]);
  });

  // Frozen from NumPy: np.broadcast_shapes(a, b), or the ValueError it raises (undefined).
  const broadcasts: { a: Shape; b: Shape; out: Shape | undefined }[] = [
    { a: [2, 1, 4, 4], b: [2, 3, 4, 4], out: [2, 3, 4, 4] },
    { a: [2, 3, 1, 1], b: [2, 3, 4, 4], out: [2, 3, 4, 4] },
    { a: [2, 3, 4, 1], b: [2, 1, 1, 4], out: [2, 3, 4, 4] },
    { a: [2, 3, 4, 4], b: [4], out: [2, 3, 4, 4] },
    { a: [2, 1, 4, 4], b: [3, 1, 1], out: [2, 3, 4, 4] },
    { a: [1], b: [2, 3], out: [2, 3] },
    { a: [2, 3, 4, 4], b: [2, 2, 4, 4], out: undefined },
    { a: [2, 3, 4, 4], b: [3], out: undefined },
    { a: [2, 1, 4], b: [2, 3, 5], out: undefined },
  ];
  it.each(
    broadcasts.flatMap(({ a, b, out }) =>
      (["+", "*"] as const).flatMap((op) => [
        { a, b, op, out },
        { a: b, b: a, op, out },
      ]),
    ),
  )("a $op b broadcasts $a with $b as NumPy does", ({ a, b, op, out }) => {
    const spec = `model m {\n  input a: [${a.join(", ")}]\n  input b: [${b.join(", ")}]\n  out a ${op} b\n}\n`;
    const result = run(spec);
    const [name, verb] = op === "+" ? ["add1", "add"] : ["mul1", "multiply"];
    if (out === undefined) {
      expect(result.graph).toBeUndefined();
      expect(result.diagnostics.map((d) => d.message)).toEqual([
        `cannot ${verb} tensors of shapes [${a.join(", ")}] and [${b.join(", ")}]`,
      ]);
    } else {
      expect(result.diagnostics.map((d) => formatDiagnostic(d, result.sources))).toEqual([]);
      expect(shapeOf(result.graph!, name)).toEqual(out);
    }
  });
});

describe("shape assertions", () => {
  it("accept a matching shape, with the symbolic batch and arithmetic in dimensions", () => {
    const graph = compile(model("  c = 4\n  y: [N, 2 * c, 30, 30] = x -> conv(8, 3)\n  out y"));
    expect(shapeOf(graph, "y.conv1")).toEqual(["N", 8, 30, 30]);
  });

  it("reject a shape that differs in one dimension", () => {
    const result = run(model("  y: [N, 8, 32, 32] = x -> conv(8, 3)\n  out y"));
    expect(result.graph).toBeUndefined();
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      "shape assertion failed: expected [N, 8, 32, 32], got [N, 8, 30, 30]",
    ]);
  });
});

describe("imports", () => {
  it("load the standard library by its std/ path", () => {
    const graph = compile(`import "std/vision.net"\n${model("  out x -> vgg_block(2, 16)")}`);
    expect(opNames(graph)).toEqual([
      "vgg_block1.conv1",
      "vgg_block1.relu1",
      "vgg_block1.conv2",
      "vgg_block1.relu2",
      "vgg_block1.maxpool1",
    ]);
    expect(shapeOf(graph, "vgg_block1.maxpool1")).toEqual(["N", 16, 16, 16]);
  });

  it("bring in blocks only, warning of a model or train section in the imported file", () => {
    const result = run(`import "lib.net"\n${model("  out x -> unit(2)")}`, {
      "lib.net":
        "block unit(x: tensor, c: int) {\n  out x -> conv(c, 1)\n}\nmodel other {\n  input x: [N, 4]\n  out x -> linear(2)\n}\ntrain {\n  batch = 2\n}\n",
    });
    expect(result.graph?.model).toBe("m");
    expect(result.diagnostics.map((d) => [d.severity, d.loc.line, d.message])).toEqual([
      ["warning", 4, "an import brings in blocks only: this model 'other' is not part of main.net"],
      ["warning", 8, "an import brings in blocks only: this train section is not part of main.net"],
    ]);
  });

  it("resolve relative paths from the importing file and load a file imported twice once", () => {
    const graph = compile(`import "lib/wide.net"\nimport "lib/common.net"\n${model("  out x -> wide -> unit(2)")}`, {
      "lib/common.net": "block unit(x: tensor, c: int) {\n  out x -> conv(c, 1)\n}\n",
      "lib/wide.net": 'import "common.net"\nblock wide(x: tensor) {\n  out x -> unit(32)\n}\n',
    });
    expect(shapeOf(graph, "wide1.unit1.conv1")).toEqual(["N", 32, 32, 32]);
    expect(shapeOf(graph, "unit1.conv1")).toEqual(["N", 2, 32, 32]);
  });
});

describe("the train section", () => {
  const net = model("  out x -> conv(4, 3) -> bn -> flatten -> linear(10)", "[N, 1, 28, 28]");

  it("turns settings into the training configuration, with each constructor's defaults", () => {
    const graph = compile(`${model("  out x -> conv(4, 3) -> bn -> flatten -> linear(10)", "[N, 1, 32, 32]")}
train {
  data = fashion_mnist(resize = 32)
  loss = cross_entropy
  optimizer = adam(lr = 0.002, beta2 = 0.99)
  schedule = cosine(warmup = 2)
  bn_statistics = recomputed
  batch = 64
  epochs = 3
  seed = 7
}
`);
    expect(graph.train).toEqual({
      data: { source: "fashion_mnist", resize: 32 },
      loss: "cross_entropy",
      optimizer: { kind: "adam", lr: 0.002, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0 },
      schedule: { kind: "cosine", warmup: 2, minLr: 0 },
      bnStatistics: { kind: "recomputed", batches: 50 },
      batch: 64,
      epochs: 3,
      seed: 7,
      locs: {
        data: expect.objectContaining({ line: 7, col: 10 }),
        loss: expect.objectContaining({ line: 8, col: 10 }),
      },
    });
  });

  it("takes a run's own learning rate, epochs and seed in place of the spec's", () => {
    const spec = `${net}\ntrain {\n  data = fashion_mnist()\n  loss = cross_entropy\n  optimizer = sgd(lr = 0.1, momentum = 0.9)\n  batch = 32\n  epochs = 3\n  seed = 7\n}\n`;
    const train = compile(spec, {}, { run: { lr: 0.5, epochs: 2, seed: 11 } }).train!;
    expect([train.optimizer, train.epochs, train.seed, train.batch]).toEqual([
      { kind: "sgd", lr: 0.5, momentum: 0.9, weightDecay: 0, nesterov: false },
      2,
      11,
      32,
    ]);
    expect(compile(spec, {}, { run: {} }).train!.optimizer.lr).toBe(0.1);
  });

  it("gives adam and adamw PyTorch's defaults: adamw decays weights by 0.01, adam not at all", () => {
    const optimizer = (call: string) =>
      compile(
        `${net}\ntrain {\n  data = fashion_mnist()\n  loss = cross_entropy\n  optimizer = ${call}\n  batch = 32\n  epochs = 1\n}\n`,
      ).train!.optimizer;
    const defaults = { lr: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
    expect(optimizer("adam()")).toEqual({ kind: "adam", ...defaults, weightDecay: 0 });
    expect(optimizer("adamw()")).toEqual({ kind: "adamw", ...defaults, weightDecay: 0.01 });
    expect(optimizer("sgd(lr = 0.1)")).toEqual({ kind: "sgd", lr: 0.1, momentum: 0, weightDecay: 0, nesterov: false });
  });

  it("reads sgd's options and synthetic data (ints widen to floats)", () => {
    const graph = compile(`${model("  out x -> linear(1)", "[N, 2]")}
train {
  optimizer = sgd(lr = 1, momentum = 0.9, weight_decay = 5e-4, nesterov = true)
  data = synthetic_linear(w = [2, -3.4], b = 4.2)
  loss = mse
  epochs = 1
  batch = 10
  schedule = step(every = 5)
}
`);
    expect(graph.train).toMatchObject({
      optimizer: { kind: "sgd", lr: 1, momentum: 0.9, weightDecay: 5e-4, nesterov: true },
      data: { source: "synthetic_linear", w: [2, -3.4], b: 4.2, noise: 0.01, examples: 1000 },
      loss: "mse",
      schedule: { kind: "step", every: 5, gamma: 0.1 },
      bnStatistics: { kind: "running" },
      seed: 0,
    });
  });

  it("applies param rules in order, a later match overriding an earlier one attribute by attribute", () => {
    const graph = compile(`${net}
train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 8
  epochs = 1
  param "*" { lr_mult = 2  init = normal(0, 0.02) }
  param "*.bias" { decay = false  lr_mult = 0.5  init = zeros }
  param "bn?.*" { frozen = true }
  param "conv1.weight" { init = kaiming_normal }
}
`);
    expect(paramAttrs(graph, "conv1.weight")).toMatchObject({
      role: "weight",
      init: { kind: "kaiming_normal" },
      decay: true,
      lrMult: 2,
      frozen: false,
    });
    expect(paramAttrs(graph, "conv1.bias")).toMatchObject({
      role: "bias",
      init: { kind: "zeros" },
      decay: false,
      lrMult: 0.5,
      frozen: false,
    });
    expect(paramAttrs(graph, "bn1.weight")).toMatchObject({
      role: "weight",
      init: { kind: "normal", mean: 0, std: 0.02 },
      decay: true,
      lrMult: 2,
      frozen: true,
    });
    expect(paramAttrs(graph, "bn1.bias")).toMatchObject({ init: { kind: "zeros" }, decay: false, frozen: true });
    expect(paramAttrs(graph, "linear1.weight")).toMatchObject({
      role: "weight",
      init: { kind: "normal", mean: 0, std: 0.02 },
      decay: true,
      lrMult: 2,
      frozen: false,
    });
  });

  it("takes the ends of the documented ranges: min_lr equal to lr, lr_mult 0, seed 0, and normal's default std 0.01", () => {
    const graph = compile(`${net}
train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  schedule = cosine(min_lr = 0.1)
  batch = 8
  epochs = 2
  seed = 0
  param "conv1.*" { lr_mult = 0 }
  param "linear1.weight" { init = normal }
}
`);
    expect(graph.train).toMatchObject({ schedule: { kind: "cosine", warmup: 0, minLr: 0.1 }, seed: 0 });
    expect(paramAttrs(graph, "conv1.weight").lrMult).toBe(0);
    expect(paramAttrs(graph, "conv1.bias").lrMult).toBe(0);
    // docs/language.md: normal(mean = 0, std = 0.01).
    expect(paramAttrs(graph, "linear1.weight").init).toEqual({ kind: "normal", mean: 0, std: 0.01 });
  });

  it("reads a param pattern's '.' as itself, '*' as any run of characters and '?' as one", () => {
    const graph = compile(`${net}
train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 8
  epochs = 1
  param "*" { lr_mult = 3 }
  param "bn1.bias" { lr_mult = 2 }
}
`);
    expect(["bn1.weight", "bn1.bias"].map((n) => paramAttrs(graph, n).lrMult)).toEqual([3, 2]);
    const match = (pattern: string, name: string) => globMatcher(pattern).test(name);
    expect(match("bn1.bias", "bn1.bias")).toBe(true);
    expect(match("bn1.bias", "bn1_bias")).toBe(false);
    expect(match("conv?.weight", "conv1xweight")).toBe(false);
    expect(match("conv?.weight", "conv1.weight")).toBe(true);
    expect(match("conv?.weight", "conv12.weight")).toBe(false);
    expect(match("*.weight", "block1.conv2.weight")).toBe(true);
    expect(match("a+b", "aab")).toBe(false);
    expect(match("a+b", "a+b")).toBe(true);
  });

  it("unfreezes by a later rule what an earlier one froze", () => {
    const graph = compile(`${model("  out x -> flatten -> linear(8) -> linear(10)", "[N, 1, 28, 28]")}
train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 8
  epochs = 1
  param "*" { frozen = true }
  param "linear2.*" { frozen = false }
}
`);
    const names = ["linear1.weight", "linear1.bias", "linear2.weight", "linear2.bias"];
    expect(names.map((n) => paramAttrs(graph, n).frozen)).toEqual([true, true, false, false]);
  });

  it("leaves parameters without a rule at their layer's default initialiser", () => {
    const graph = compile(`${net}
train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 8
  epochs = 1
  param "linear1.weight" { init = xavier_uniform }
}
`);
    expect(paramAttrs(graph, "conv1.weight")).toMatchObject({
      role: "weight",
      init: { kind: "default" },
      decay: true,
      lrMult: 1,
      frozen: false,
    });
    expect(paramAttrs(graph, "bn1.weight").init).toEqual({ kind: "ones" });
    expect(paramAttrs(graph, "bn1.bias").init).toEqual({ kind: "zeros" });
    expect(paramAttrs(graph, "linear1.weight").init).toEqual({ kind: "xavier_uniform" });
  });
});

describe("stable block-path names", () => {
  function specGraph(file: string): Graph {
    const result = frontEnd(file);
    expect(result.diagnostics).toEqual([]);
    return result.graph!;
  }

  it("name GoogLeNet's parameters by stage, block instance, path and layer", () => {
    const graph = specGraph("specs/googlenet.net");
    expect(shapeOf(graph, "b3.inception1.p2.conv2.weight")).toEqual([128, 96, 3, 3]);
    expect(shapeOf(graph, "b4.inception5.p3.conv2.weight")).toEqual([128, 32, 5, 5]);
    expect(shapeOf(graph, "b5.inception2.p4.conv1.weight")).toEqual([128, 832, 1, 1]);
    expect(shapeOf(graph, "linear1.weight")).toEqual([10, 1024]);
  });

  it("name ResNet-18's parameters through for stages, if stages and conditional shortcuts", () => {
    const graph = specGraph("specs/resnet18.net");
    expect(shapeOf(graph, "body.resnet_stage2.residual1.y.conv1.weight")).toEqual([128, 64, 3, 3]);
    expect(shapeOf(graph, "body.resnet_stage2.residual1.shortcut.conv1.weight")).toEqual([128, 64, 1, 1]);
    expect(graph.nodes.some((n) => n.name === "body.resnet_stage1.residual1.shortcut.conv1.weight")).toBe(false);
    expect(shapeOf(graph, "body.resnet_stage4.residual2.y.bn2.running_var")).toEqual([512]);
  });

  it("give every node of every spec a distinct name", () => {
    for (const file of ["specs/googlenet.net", "specs/resnet18.net", "specs/vgg11.net", "specs/nin.net"]) {
      const names = specGraph(file).nodes.map((n) => n.name);
      expect(new Set(names).size, file).toBe(names.length);
    }
  });
});
