// A model against its train section: the input its data feeds and the output its loss reads. Where
// `netc train` feeds the spec's data, a model that does not fit it is an error at the place to fix,
// before any plan or GPU; elsewhere (`check`, `compile`: an app may feed its own data) a warning.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { compile } from "../src/compile.js";
import { formatDiagnostic } from "../src/diagnostics.js";
import { frontEnd } from "../src/front-end.js";

const dir = mkdtempSync(join(tmpdir(), "netc-training-data-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(text: string): string {
  const file = join(dir, "spec.net");
  writeFileSync(file, text);
  return file;
}

/** The front end's diagnostics for `text` as `netc train` prints them, without the temp folder. */
function diagnose(text: string): string {
  const result = frontEnd(write(text), { feedsSpecData: true });
  expect(result.graph).toBeUndefined();
  return result.diagnostics.map((d) => formatDiagnostic(d, result.sources).replaceAll(`${dir}/`, "")).join("\n");
}

const classifier = (input: string, layers: string, data = "fashion_mnist()", loss = "cross_entropy") =>
  `model m {
  input x: ${input}
  out x -> ${layers}
}
train {
  data = ${data}
  loss = ${loss}
  optimizer = sgd(lr = 0.1)
  batch = 4
  epochs = 1
}
`;

const regression = (input: string, layers: string, loss = "mse", w = "[2, -3.4]") =>
  classifier(input, layers, `synthetic_linear(w = ${w}, b = 4.2)`, loss);

describe("Fashion-MNIST", () => {
  it("an output that does not score its 10 classes is an error at the model's last layer", () => {
    expect(diagnose(classifier("[N, 1, 28, 28]", "flatten -> linear(2)"))).toBe(
      `spec.net:3:23: error: the model's output [N, 2] does not score Fashion-MNIST's 10 classes: end the model with 10 outputs, e.g. linear(10)
3 |   out x -> flatten -> linear(2)
                          ^^^^^^
spec.net:6:10: note: Fashion-MNIST: [1, 28, 28] images in 10 classes
6 |   data = fashion_mnist()
             ^^^^^^^^^^^^^`,
    );
    expect(diagnose(classifier("[N, 1, 28, 28]", "conv(10, 28)"))).toContain(
      "error: the model's output [N, 10, 1, 1] does not score Fashion-MNIST's 10 classes: it must be [N, 10]; flatten it",
    );
  });

  it("its labels need cross-entropy", () => {
    expect(diagnose(classifier("[N, 1, 28, 28]", "flatten -> linear(10)", "fashion_mnist()", "mse"))).toContain(
      "spec.net:7:10: error: Fashion-MNIST's targets are class labels: use loss = cross_entropy",
    );
  });

  it("an input that does not hold its images says how to resize them", () => {
    expect(diagnose(classifier("[N, 1, 5, 5]", "flatten -> linear(10)"))).toContain(
      "spec.net:2:9: error: the input [N, 1, 5, 5] does not hold Fashion-MNIST images of [1, 28, 28]: resize them with `fashion_mnist(resize = 5)` (or --image-size 5), or make the input [N, 1, 28, 28]",
    );
    // Three channels of a square: resizing cannot make them Fashion-MNIST's one, so no resize is offered.
    expect(diagnose(classifier("[N, 3, 5, 5]", "flatten -> linear(10)"))).toContain(
      "spec.net:2:9: error: the input [N, 3, 5, 5] does not hold Fashion-MNIST images of [1, 28, 28]: make the input [N, 1, 28, 28]",
    );
    expect(diagnose(classifier("[N, 4]", "linear(10)"))).toContain(
      "error: the input [N, 4] does not hold Fashion-MNIST images of [1, 28, 28]: make the input [N, 1, 28, 28]",
    );
    expect(diagnose(classifier("[N, 1, 28, 28]", "flatten -> linear(10)", "fashion_mnist(resize = 32)"))).toContain(
      "error: the input [N, 1, 28, 28] does not hold Fashion-MNIST images of [1, 32, 32]",
    );
  });

  it("an input of the resized images' size must match their side in both rows and columns", () => {
    // 2·16·32 = 2·32·16 = 32·32 values: the size fits, one side does not.
    for (const input of ["[N, 2, 16, 32]", "[N, 2, 32, 16]"]) {
      expect(diagnose(classifier(input, "flatten -> linear(10)", "fashion_mnist(resize = 32)"))).toContain(
        `spec.net:2:9: error: the data is resized to 32×32 but the input is ${input}: make them the same size`,
      );
    }
  });

  it("images flattened in the input are fine", () => {
    expect(frontEnd(write(classifier("[N, 784]", "linear(10)")), { feedsSpecData: true }).diagnostics).toEqual([]);
  });

  it("a misfit is a warning where the caller does not feed the spec's data, and the model still compiles", () => {
    const file = write(classifier("[N, 6]", "linear(3)"));
    const result = compile(file);
    expect(result.plan).toBeDefined();
    expect(result.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual([
      "warning: the input [N, 6] does not hold Fashion-MNIST images of [1, 28, 28]: make the input [N, 1, 28, 28]",
      "warning: the model's output [N, 3] does not score Fashion-MNIST's 10 classes: end the model with 10 outputs, e.g. linear(10)",
    ]);
  });
});

describe("synthetic linear regression", () => {
  it("the input holds its features, the output its one target, and the loss is mse", () => {
    expect(diagnose(regression("[N, 3]", "linear(1)"))).toContain(
      "spec.net:2:9: error: the input [N, 3] does not hold the data's rows: make it [N, 2]",
    );
    expect(diagnose(regression("[N, 2]", "linear(3)"))).toContain(
      "spec.net:3:12: error: the model's output [N, 3] does not predict the data's one target per row: end the model with linear(1)",
    );
    // Rows of the right first size but of rank 2 are not the data's rows, nor is a rank-3 output one target.
    expect(diagnose(regression("[N, 2, 1]", "flatten -> linear(1)"))).toContain(
      "spec.net:2:9: error: the input [N, 2, 1] does not hold the data's rows: make it [N, 2]",
    );
    expect(diagnose(regression("[N, 1, 2]", "linear(1)"))).toContain(
      "spec.net:3:12: error: the model's output [N, 1, 1] does not predict the data's one target per row: end the model with linear(1)",
    );
    expect(diagnose(regression("[N, 2]", "linear(10)", "cross_entropy"))).toContain(
      "spec.net:7:10: error: synthetic_linear's targets are real numbers: use loss = mse",
    );
    expect(diagnose(regression("[N, 2]", "linear(1)", "mse", "[]"))).toContain(
      "error: 'w' of 'synthetic_linear' needs at least one weight, e.g. w = [2, -3.4]",
    );
  });
});

describe("the loss", () => {
  /** The diagnostics of a spec that has no errors, as `netc train` prints them. */
  const warnings = (text: string) => {
    const result = frontEnd(write(text), { feedsSpecData: true });
    expect(result.graph).toBeDefined();
    return result.diagnostics.map((d) => formatDiagnostic(d, result.sources).replaceAll(`${dir}/`, "")).join("\n");
  };

  it("cross_entropy after a softmax that ends the model is a warning at the softmax: it would be applied twice", () => {
    expect(warnings(classifier("[N, 784]", "linear(10) -> softmax"))).toBe(
      `spec.net:3:26: warning: cross_entropy takes logits and applies softmax itself: drop this softmax
3 |   out x -> linear(10) -> softmax
                             ^^^^^^^
spec.net:7:10: note: the loss is set here
7 |   loss = cross_entropy
             ^^^^^^^^^^^^^`,
    );
    const inBlock = `block head(x: tensor) {\n  out x -> linear(10) -> softmax\n}\n${classifier("[N, 784]", "head")}`;
    expect(warnings(inBlock)).toContain("spec.net:6:12: note: in block 'head' called here");
  });

  it("a softmax that does not end the model, or mse after one, is no concern of the loss", () => {
    expect(warnings(classifier("[N, 784]", "softmax -> linear(10)"))).toBe("");
    expect(warnings(regression("[N, 2]", "linear(1) -> softmax"))).toBe("");
  });
});

describe("the input", () => {
  it("starts with the batch dimension the train section sets", () => {
    expect(diagnose(classifier("[1, 1, 28, 28]", "flatten -> linear(10)"))).toContain(
      "spec.net:2:9: error: the input's first dimension is the batch, which the train section sets: write [N, 1, 28, 28]",
    );
  });

  it("is one tensor", () => {
    const text = classifier("[N, 1, 28, 28]\n  input y: [N, 1, 28, 28]", "flatten -> linear(10)").replace(
      "out x ->",
      "out (x + y) ->",
    );
    expect(diagnose(text)).toContain(
      "spec.net:3:9: error: a trainable model takes one input tensor, which the data feeds",
    );
  });
});

it("batch norm with one value per channel at the spec's batch is an error at the norm, not a crash", () => {
  const text = classifier("[N, 1, 28, 28]", "flatten -> linear(16) -> bn -> relu -> linear(10)").replace(
    "batch = 4",
    "batch = 1",
  );
  const result = compile(write(text));
  expect(result.plan).toBeUndefined();
  expect(result.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`)).toEqual([
    "3:37: bn in training needs more than one value per channel, but its input [N, 16] has one at batch 1: use a batch of at least 2",
  ]);
  expect(compile(write(text.replace("batch = 1", "batch = 2"))).plan).toBeDefined();
});
