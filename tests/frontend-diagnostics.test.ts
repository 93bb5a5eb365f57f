// Diagnostics for specs that parse but are wrong: names, arguments, blocks, shapes and the train
// section. Each case pins the exact text users see: location, message, source line, caret, notes.

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { didYouMean, formatDiagnostic, inReadingOrder, suggestion } from "../src/diagnostics.js";
import { frontEnd } from "../src/front-end.js";

const dir = mkdtempSync(join(tmpdir(), "netc-diagnostics-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` as the spec `<name>.net`; returns its path. */
function writeSpec(name: string, text: string): string {
  const file = join(dir, `${name}.net`);
  writeFileSync(file, text);
  return file;
}

/** Every diagnostic for the spec `<name>.net` as the CLI prints it, without the temp folder. */
function diagnose(name: string, text: string): string {
  const result = frontEnd(writeSpec(name, text));
  expect(result.graph).toBeUndefined();
  return result.diagnostics.map((d) => formatDiagnostic(d, result.sources).replaceAll(`${dir}/`, "")).join("\n");
}

/** The lines of `diagnose` that state an error (without source lines, carets and notes). */
function errorLines(name: string, text: string): string[] {
  return diagnose(name, text)
    .split("\n")
    .filter((line) => line.includes(": error: "));
}

const model = (body: string) => `model m {\n  input x: [N, 1, 28, 28]\n${body}\n}\n`;

/** A valid train section with `extra` lines before its closing brace. */
const train = (extra: string) => `train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 8
  epochs = 1
${extra}
}
`;

describe("layer arguments out of range", () => {
  it.each([
    ["conv(0, 3)", "conv needs at least 1 output channel, got 0"],
    ["conv(8, 0)", "conv's kernel must be at least 1, got (0, 0)"],
    ["conv(8, 3, stride = 0)", "conv's stride must be at least 1, got (0, 0)"],
    ["conv(8, 3, pad = -1)", "conv's padding must not be negative"],
    ["conv(8, 3, groups = 3)", "conv with groups=3 needs input channels (1) and output channels (8) divisible by it"],
    ["dropout(1.0)", "dropout's p must be in [0, 1), got 1"],
    ["maxpool(0)", "maxpool's window and stride must be at least 1"],
    ["maxpool(2, pad = 2)", "maxpool's padding (2) must be between 0 and half its window of 2 (1)"],
    ["bn(eps = 0)", "bn's eps must be above 0, got 0"],
    ["bn(momentum = 2)", "bn's momentum must be from 0 to 1, got 2"],
    ["flatten -> linear(0)", "linear needs at least 1 output feature, got 0"],
    // Each part of a compound rule on its own: the input channels divide, the output channels do not.
    [
      "conv(6, 3) -> conv(9, 3, groups = 2)",
      "conv with groups=2 needs input channels (6) and output channels (9) divisible by it",
    ],
    ["conv(8, 3, pad = (0, -1))", "conv's padding must not be negative"],
    ["maxpool(2, stride = 0)", "maxpool's window and stride must be at least 1"],
    ["avgpool(2, stride = (1, 0))", "avgpool's window and stride must be at least 1"],
  ])("%s", (layer, message) => {
    const first = errorLines("range", model(`  out x -> ${layer}`))[0];
    expect(first).toMatch(/^range\.net:3:\d+: error: /);
    expect(first!.replace(/^range\.net:3:\d+: error: /, "")).toBe(message);
  });
});

describe("names and calls", () => {
  it("unknown layer, with the closest layer suggested", () => {
    expect(diagnose("unknown-layer", model("  out x -> flatten -> lienar(10)"))).toBe(
      `unknown-layer.net:3:23: error: unknown layer or block 'lienar' (did you mean 'linear'?)
3 |   out x -> flatten -> lienar(10)
                          ^^^^^^`,
    );
  });

  it("unknown keyword argument, with the closest parameter suggested", () => {
    expect(diagnose("unknown-keyword", model("  out x -> conv(6, 5, strides = 2)"))).toBe(
      `unknown-keyword.net:3:23: error: layer 'conv' has no parameter 'strides' (did you mean 'stride'?)
3 |   out x -> conv(6, 5, strides = 2)
                          ^^^^^^^`,
    );
  });

  it("too many arguments, pointing at the first extra one", () => {
    expect(diagnose("arity", model("  out x -> flatten -> linear(10, true, 3)"))).toBe(
      `arity.net:3:40: error: layer 'linear' takes at most 2 arguments after the piped tensor, got 3
3 |   out x -> flatten -> linear(10, true, 3)
                                           ^`,
    );
  });

  it.each([
    ["y -> linear(10, true, 3)", "layer 'linear' takes at most 2 arguments after the piped tensor, got 3"],
    ["linear(y, 10, true, 3)", "layer 'linear' takes at most 3 arguments, got 4"],
    ["y -> b(8, 3, 4)", "block 'b' takes at most 2 arguments after the piped tensor, got 3"],
    ["b(y, 8, 3, 4)", "block 'b' takes at most 3 arguments, got 4"],
    // relu takes its tensor and nothing else: one argument, singular.
    ["relu(y, 3)", "layer 'relu' takes at most 1 argument, got 2"],
  ])("too many arguments: %s counts them as written between the parentheses", (call, message) => {
    const block = "block b(x: tensor, c: int, k: int) {\n  out x -> linear(c)\n}\n";
    const spec = block + model(`  y = x -> flatten\n  out ${call}`);
    expect(diagnose("arity-written", spec)).toContain(`error: ${message}\n`);
  });

  it("an argument given by position and again by name, for a layer and for a block, at the keyword", () => {
    // linear's first argument after the piped tensor is `features`: 10 by position, then 20 by name.
    expect(diagnose("twice-layer", model("  out x -> flatten -> linear(10, features = 20)"))).toBe(
      `twice-layer.net:3:34: error: layer 'linear' got 'features' twice
3 |   out x -> flatten -> linear(10, features = 20)
                                     ^^^^^^^^`,
    );
    // b's second parameter is `n`: 3 by position, then 4 by name.
    const block = `block b(x: tensor, n: int, k: int = 1) {\n  out x -> conv(n, k)\n}\n`;
    expect(diagnose("twice-block", block + model("  out b(x, 3, n = 4)"))).toBe(
      `twice-block.net:6:15: error: block 'b' got 'n' twice
6 |   out b(x, 3, n = 4)
                  ^`,
    );
  });

  it("argument of the wrong type, for a layer and for a block", () => {
    expect(diagnose("layer-type", model("  out x -> flatten -> linear(2.5)"))).toBe(
      `layer-type.net:3:30: error: argument 'features' of layer 'linear' must be an int, got a float (2.5)
3 |   out x -> flatten -> linear(2.5)
                                 ^^^`,
    );
    expect(
      diagnose(
        "block-type",
        `block a(x: tensor, c: int) {\n  out x -> conv(c, 1)\n}\n${model("  out x -> a(c = true)")}`,
      ),
    ).toBe(
      `block-type.net:6:18: error: argument 'c' of block 'a' must be an int, got a bool (true)
6 |   out x -> a(c = true)
                     ^^^^`,
    );
  });

  it.each([
    ["conv(6, 5, padding = 2)", "layer 'conv' has no parameter 'padding' (PyTorch's 'padding' is 'pad' here)"],
    [
      "conv(6, kernel_size = 5)",
      "layer 'conv' has no parameter 'kernel_size' (PyTorch's 'kernel_size' is 'kernel' here)",
    ],
    [
      "maxpool(3, ceil_mode = true)",
      "layer 'maxpool' has no parameter 'ceil_mode' (PyTorch's 'ceil_mode' is 'ceil' here)",
    ],
    [
      "avgpool(3, count_include_pad = false)",
      "layer 'avgpool' has no parameter 'count_include_pad' (PyTorch's 'count_include_pad' is 'count_pad' here)",
    ],
    // Given already by position: nothing to suggest.
    ["conv(6, 5, 1, 2, padding = 2)", "layer 'conv' has no parameter 'padding'\n"],
  ])("PyTorch's name of an argument, x -> %s, names netc's", (call, message) => {
    expect(diagnose("pytorch-name", model(`  out x -> ${call}`))).toContain(message);
  });

  it("a negative number out of range: the caret marks the number, minus and digits", () => {
    expect(diagnose("negative", model("  out x -> flatten -> linear(10)") + train("  seed = -12"))).toContain(
      `error: 'seed' must be an int from 0 to 4294967295, got an int (-12)
11 |   seed = -12
              ^^^`,
    );
    // A space after the minus: the caret runs from the minus to the number's end.
    expect(diagnose("negative-spaced", model("  out x -> flatten -> linear(10)") + train("  seed = - 12"))).toContain(
      `11 |   seed = - 12
              ^^^^`,
    );
  });

  it("a seed above 2³² − 1, which the engine's 32-bit seeds cannot take, is an error at the seed", () => {
    expect(diagnose("big-seed", model("  out x -> flatten -> linear(10)") + train("  seed = 4294967296"))).toContain(
      "error: 'seed' must be an int from 0 to 4294967295, got an int (4294967296)",
    );
    const largest = frontEnd(
      writeSpec("max-seed", model("  out x -> flatten -> linear(10)") + train("  seed = 4294967295")),
    );
    expect(largest.diagnostics).toEqual([]);
    expect(largest.graph?.train?.seed).toBe(4294967295);
  });

  it("a wrong value as written: a whole float with its point, a string in quotes", () => {
    // `8.0` shown as "(8)" and `"5"` as "(5)" would read as the int the message asks for.
    expect(diagnose("float-as-int", model("  out x -> flatten -> linear(8.0)"))).toContain(
      "must be an int, got a float (8.0)",
    );
    // A float JavaScript prints with an exponent gets no point appended.
    expect(diagnose("exponent-as-int", model("  out x -> flatten -> linear(1e-7)"))).toContain(
      "must be an int, got a float (1e-7)",
    );
    expect(diagnose("str-as-int", model('  out x -> conv(6, "5")'))).toContain(
      `must be an int or (int, int), got a str ("5")`,
    );
  });

  it("missing required argument, naming it and its type", () => {
    expect(diagnose("missing-argument", model("  out x -> conv(6)"))).toBe(
      `missing-argument.net:3:12: error: layer 'conv' needs an argument 'kernel' (int or (int, int))
3 |   out x -> conv(6)
               ^^^^`,
    );
  });

  it("unknown name, with the closest name in scope suggested", () => {
    expect(diagnose("unknown-name", model("  features = x -> conv(6, 5)\n  out featurs -> flatten"))).toBe(
      `unknown-name.net:4:7: error: unknown name 'featurs' (did you mean 'features'?)
4 |   out featurs -> flatten
          ^^^^^^^`,
    );
  });

  it("a block that an import defines too says to rename it or drop the import, with a note at the imported one", () => {
    writeSpec("blocks", "block unit(x: tensor) {\n  out x -> relu\n}\n");
    const text = `import "blocks.net"\nblock unit(x: tensor) {\n  out x -> tanh\n}\n${model("  out x -> unit")}`;
    expect(diagnose("shadow", text)).toBe(
      `shadow.net:2:7: error: block 'unit' is already defined by an import: rename yours (e.g. 'my_unit') or drop the import
2 | block unit(x: tensor) {
          ^^^^
blocks.net:1:7: note: the imported definition
1 | block unit(x: tensor) {
          ^^^^`,
    );
    expect(
      errorLines("shadow-std", `import "std/vision.net"\nblock residual(x: tensor) {\n  out x\n}\n${model("  out x")}`),
    ).toEqual([
      "shadow-std.net:2:7: error: block 'residual' is already defined by an import: rename yours (e.g. 'my_residual') or drop the import",
    ]);
  });

  it("a call of a block its file defined again is left out: checked against the other definition, it failed there", () => {
    // std's residual adds its input to 8 channels; this file's own residual (refused) would not.
    const own = "block residual(x: tensor, channels: int) {\n  out x -> conv(channels, 3, pad = 1)\n}\n";
    const calls = model("  out x -> conv(4, 3) -> residual(8) -> flatten -> linear(10)");
    expect(errorLines("shadow-call", `import "std/vision.net"\n${own}${calls}`)).toEqual([
      "shadow-call.net:2:7: error: block 'residual' is already defined by an import: rename yours (e.g. 'my_residual') or drop the import",
    ]);
    const twice = `${own}block residual(x: tensor) {\n  out x\n}\n${model("  out x -> residual -> flatten")}`;
    expect(errorLines("twice-call", twice)).toEqual(["twice-call.net:4:7: error: block 'residual' is already defined"]);
  });

  it("a block defined twice in one file: no import to drop, a note at the first definition", () => {
    const text = `block unit(x: tensor) {\n  out x -> relu\n}\nblock unit(x: tensor) {\n  out x -> tanh\n}\n${model("  out x -> unit")}`;
    expect(errorLines("block-twice", text)).toEqual(["block-twice.net:4:7: error: block 'unit' is already defined"]);
    expect(diagnose("block-twice", text)).toContain("block-twice.net:1:7: note: first defined here");
  });

  it("a name defined twice, with a note at the first definition", () => {
    expect(diagnose("defined-twice", model("  y = x -> flatten\n  y = x -> conv(6, 3)\n  out y"))).toBe(
      `defined-twice.net:4:3: error: 'y' is already defined
4 |   y = x -> conv(6, 3)
      ^
defined-twice.net:3:3: note: first defined here
3 |   y = x -> flatten
      ^`,
    );
  });

  it("a layer used as a value instead of being called", () => {
    expect(diagnose("layer-as-value", model("  out relu"))).toBe(
      `layer-as-value.net:3:7: error: 'relu' is a layer: call it as relu(x, ...) or use it in a pipeline (x -> relu)
3 |   out relu
          ^^^^`,
    );
  });
});

describe("blocks and models", () => {
  it("a block that instantiates itself through another, with the cycle and its call sites spelled out", () => {
    const spec = `block a(x: tensor) {\n  out x -> b\n}\nblock b(x: tensor) {\n  out x -> a\n}\n${model("  out x -> a")}`;
    expect(diagnose("cycle", spec)).toBe(
      `cycle.net:5:12: error: block 'a' instantiates itself (a -> b -> a)
5 |   out x -> a
               ^
cycle.net:2:12: note: in block 'b' called here
2 |   out x -> b
               ^
cycle.net:9:12: note: in block 'a' called here
9 |   out x -> a
               ^`,
    );
  });

  it("'input' inside a block, with the block's call site", () => {
    expect(
      diagnose("block-input", `block a(x: tensor) {\n  input z: [N, 3]\n  out x\n}\n${model("  out x -> a")}`),
    ).toBe(
      `block-input.net:2:3: error: 'input' is only allowed in a model; pass tensors to a block as parameters
2 |   input z: [N, 3]
      ^^^^^
block-input.net:7:12: note: in block 'a' called here
7 |   out x -> a
               ^`,
    );
  });

  it("a model without 'out'", () => {
    expect(diagnose("no-out", model("  y = x -> flatten"))).toBe(
      `no-out.net:1:7: error: model 'm' has no 'out' statement: end it with \`out <tensor>\`
1 | model m {
          ^`,
    );
  });

  it("are read the entry file's first, then each import's, whatever their names", () => {
    // The import's name sorts first, as std's absolute path did from outside the repository.
    writeSpec("aa-lib", "block unused(x: tensor, c: int = 2.5) {\n  out x\n}\n");
    const result = frontEnd(writeSpec("zz-entry", `import "aa-lib.net"\n${model("  out y -> flatten\n  out z")}`));
    const where = (d: { loc: { file: string; line: number } }) => `${d.loc.file.replace(`${dir}/`, "")}:${d.loc.line}`;
    expect(result.diagnostics.map(where).sort()).toEqual(["aa-lib.net:1", "zz-entry.net:4", "zz-entry.net:5"]);
    expect(inReadingOrder(result.diagnostics, result.sources).map(where)).toEqual([
      "zz-entry.net:4",
      "zz-entry.net:5",
      "aa-lib.net:1",
    ]);
  });

  it("are read with those of a file the sources lack after every file's they hold", () => {
    const at = (file: string, line: number) => ({
      severity: "error" as const,
      loc: { file, line, col: 1, length: 1 },
      message: "m",
      notes: [],
    });
    const sources = new Map([
      ["entry.net", ""],
      ["lib.net", ""],
    ]);
    const order = inReadingOrder([at("aa-unread.net", 1), at("lib.net", 2), at("entry.net", 3)], sources);
    expect(order.map((d) => d.loc.file)).toEqual(["entry.net", "lib.net", "aa-unread.net"]);
  });

  it("a parameter defined twice and a default of the wrong type, in the header of a block never called", () => {
    const spec = `block unused(x: tensor, x: int = 3, c: int = 2.5, d: float = 1) {\n  out x\n}\n${model("  out x")}`;
    expect(diagnose("header", spec)).toBe(
      `header.net:1:25: error: parameter 'x' is already defined
1 | block unused(x: tensor, x: int = 3, c: int = 2.5, d: float = 1) {
                            ^
header.net:1:14: note: first defined here
1 | block unused(x: tensor, x: int = 3, c: int = 2.5, d: float = 1) {
                 ^
header.net:1:46: error: the default of 'c' must be an int, got a float (2.5)
1 | block unused(x: tensor, x: int = 3, c: int = 2.5, d: float = 1) {
                                                 ^^^`,
    );
  });

  it("an unknown parameter type, once at the header however often the block is called", () => {
    const spec = `block b(x: tensor, c: itn) {\n  out x\n}\n${model("  y = x -> b(1)\n  out y -> b(2)")}`;
    expect(diagnose("type", spec)).toBe(
      `type.net:1:23: error: unknown type 'itn' (did you mean 'int'?)
1 | block b(x: tensor, c: itn) {
                          ^^^`,
    );
  });

  it("a positional argument after a keyword one, and misspelt keywords suggesting only parameters not given", () => {
    const block = `block b(x: tensor, channels: int, kernel: int = 3) {\n  out x -> conv(channels, kernel)\n}\n`;
    const spec = block + model("  y = x -> b(kernel = 5, 2)\n  z = x -> b(4, q = 3)\n  out x -> b(4, kernal = 3)");
    expect(diagnose("arguments", spec)).toBe(
      `arguments.net:6:26: error: a positional argument cannot follow keyword arguments: move it before 'kernel = ...' or give it by name
6 |   y = x -> b(kernel = 5, 2)
                             ^
arguments.net:7:17: error: block 'b' has no parameter 'q'
7 |   z = x -> b(4, q = 3)
                    ^
arguments.net:8:17: error: block 'b' has no parameter 'kernal' (did you mean 'kernel'?)
8 |   out x -> b(4, kernal = 3)
                    ^^^^^^`,
    );
  });

  it("a name that each iteration of a loop takes again, with a note at the loop", () => {
    expect(diagnose("loop", model("  out x -> flatten -> for i in 0..2 { linear(8) as fc }"))).toBe(
      `loop.net:3:39: error: the name 'fc' is already taken
3 |   out x -> flatten -> for i in 0..2 { linear(8) as fc }
                                          ^^^^^^
loop.net:3:23: note: taken by iteration 1 of this loop
3 |   out x -> flatten -> for i in 0..2 { linear(8) as fc }
                          ^^^`,
    );
  });

  it("expressions and block calls nested too deeply for evaluation, once each, where the limit is crossed", () => {
    // Each is well within the parser's limit, and far beyond what the stack would hold without one.
    const sum = Array(3000).fill("1").join(" + ");
    // `+` is left-associative: the 2499th of 2999, at column 4 * 2499 + 5, is the 501st level down.
    expect(errorLines("sum", model(`  y = ${sum}\n  out x`))).toEqual([
      "sum.net:3:10001: error: expression nested too deeply (more than 500 levels)",
    ]);
    const chain = Array.from(
      { length: 1000 },
      (_, k) => `block b${k}(x: tensor) {\n  out x -> ${k < 999 ? `b${k + 1}` : "relu"}\n}\n`,
    );
    const lines = diagnose("chain", chain.join("") + model("  out x -> b0")).split("\n");
    expect(lines.filter((line) => line.includes(": error: ") || line.includes(": note: "))).toEqual([
      "chain.net:749:7: error: expression nested too deeply (more than 500 levels, counting the 250 block calls around it)",
      "chain.net:746:12: note: in block 'b249' called here",
      "chain.net:3003:12: note: in block 'b0' called here",
    ]);
  });

  it("a condition that is not a bool", () => {
    expect(diagnose("condition", model("  out x -> if 1 { relu }"))).toBe(
      `condition.net:3:15: error: a condition must be a bool, got an int (1)
3 |   out x -> if 1 { relu }
                  ^`,
    );
  });
});

describe("arithmetic", () => {
  it("division by zero, '-' on tensors and an int result too large, at the operator", () => {
    expect(diagnose("operators", model("  a = 6 // (3 - 3)\n  b = x - x\n  c = 3 * 9007199254740991\n  out x"))).toBe(
      `operators.net:3:9: error: division by zero
3 |   a = 6 // (3 - 3)
            ^^
operators.net:4:9: error: cannot apply '-' to a tensor and a tensor
4 |   b = x - x
            ^
operators.net:5:9: error: integer result 27021597764222972 is too large (the largest is 9007199254740991)
5 |   c = 3 * 9007199254740991
            ^`,
    );
  });
});

describe("values that do not fit their parameter", () => {
  it("'/' gives a float even where ints divide evenly, as in Python: no int argument takes it", () => {
    expect(errorLines("divide", model("  out x -> flatten -> linear(4 / 2)"))).toEqual([
      "divide.net:3:30: error: argument 'features' of layer 'linear' must be an int, got a float (2.0)",
    ]);
  });

  it("a kernel of three sizes is not an int pair", () => {
    expect(errorLines("triple", model("  out x -> conv(8, (3, 3, 3))"))).toEqual([
      "triple.net:3:20: error: argument 'kernel' of layer 'conv' must be an int or (int, int), got a 3-tuple",
    ]);
  });

  it("a misspelt keyword is not taken for a parameter that another keyword already gives", () => {
    expect(errorLines("keyword", model("  out x -> conv(8, 3, pad = 1, padd = 1)"))).toEqual([
      "keyword.net:3:32: error: layer 'conv' has no parameter 'padd'",
    ]);
  });

  it("a tuple of three or a list of one for a block's (int, int) parameter, and a 3-tuple unpacked into two names", () => {
    const block = "block pair(x: tensor, p: (int, int)) {\n  out x -> conv(p[0], p[1])\n}\n";
    expect(errorLines("tuple", block + model("  out x -> pair((4, 3, 1))"))).toEqual([
      "tuple.net:6:17: error: argument 'p' of block 'pair' must be (int, int), got a 3-tuple",
    ]);
    expect(errorLines("short", block + model("  out x -> pair([4])"))).toEqual([
      "short.net:6:17: error: argument 'p' of block 'pair' must be (int, int), got a list",
    ]);
    expect(errorLines("unpack", model("  out x -> for (c, k) in [(4, 3, 1)] { conv(c, k) }"))).toEqual([
      "unpack.net:3:16: error: cannot unpack a 3-tuple into 2 names",
    ]);
  });

  it("a dimension of 0 in the input", () => {
    expect(errorLines("zero", "model m {\n  input x: [N, 0]\n  out x\n}\n")).toEqual([
      "zero.net:2:16: error: a dimension must be a positive int or a symbol such as N, got an int (0)",
    ]);
  });
});

it("a misspelt layer in a block nothing calls, and once only in a block that is called", () => {
  const blocks = `block unused(x: tensor) {\n  out x -> lienar(3) -> relu\n}\nblock used(x: tensor) {\n  out x -> rleu\n}\n`;
  expect(errorLines("uncalled", blocks + model("  out x -> used -> used"))).toEqual([
    "uncalled.net:5:12: error: unknown layer or block 'rleu' (did you mean 'relu'?)",
    "uncalled.net:2:12: error: unknown layer or block 'lienar' (did you mean 'linear'?)",
  ]);
});

it("a range too long to be a network, before it is built", () => {
  expect(errorLines("range", model("  out x -> for i in 0..9007199254740991 { relu }"))).toEqual([
    "range.net:3:21: error: a range of 9007199254740991 values is longer than netc allows (100,000)",
  ]);
  // The limit itself is allowed: 100,000 values, but not 100,001.
  const sized = (end: number) => model(`  out x -> for i in 0..${end} { if i < 0 { relu } }`);
  expect(frontEnd(writeSpec("range-limit", sized(100_000))).diagnostics).toEqual([]);
  expect(errorLines("range", sized(100_001))).toEqual([
    "range.net:3:21: error: a range of 100001 values is longer than netc allows (100,000)",
  ]);
});

describe("shapes", () => {
  it("a + b of different shapes, naming both shapes and where each came from", () => {
    expect(diagnose("add", model("  a = x -> conv(6, 5)\n  b = x -> conv(6, 3)\n  out a + b"))).toBe(
      `add.net:5:7: error: cannot add tensors of shapes [N, 6, 24, 24] and [N, 6, 26, 26]
5 |   out a + b
          ^
add.net:3:12: note: input 1 [N, 6, 24, 24] comes from 'a.conv1'
3 |   a = x -> conv(6, 5)
               ^^^^
add.net:4:12: note: input 2 [N, 6, 26, 26] comes from 'b.conv1'
4 |   b = x -> conv(6, 3)
               ^^^^`,
    );
  });

  it("conv groups that do not divide the channels", () => {
    expect(diagnose("groups", model("  out x -> conv(6, 3) -> conv(8, 3, groups = 4)"))).toBe(
      `groups.net:3:26: error: conv with groups=4 needs input channels (6) and output channels (8) divisible by it
3 |   out x -> conv(6, 3) -> conv(8, 3, groups = 4)
                             ^^^^
groups.net:3:12: note: the input [N, 6, 26, 26] comes from 'conv1'
3 |   out x -> conv(6, 3) -> conv(8, 3, groups = 4)
               ^^^^`,
    );
  });

  it("a conv kernel larger than its input", () => {
    expect(diagnose("kernel", model("  out x -> conv(6, 29)"))).toBe(
      `kernel.net:3:12: error: conv's kernel (29×29, dilation 1) is larger than its padded input (28×28 padded by 0)
3 |   out x -> conv(6, 29)
               ^^^^
kernel.net:2:9: note: the input [N, 1, 28, 28] comes from 'x'
2 |   input x: [N, 1, 28, 28]
            ^`,
    );
  });

  it("a conv kernel exactly as large as its padded input, dilation included: one output, no error", () => {
    // PyTorch's size: floor((H + 2·pad − dilation·(kernel − 1) − 1) / stride) + 1.
    const outputShape = (layer: string) => {
      const result = frontEnd(writeSpec("kernel-fits", model(`  out x -> ${layer}`)));
      expect(result.diagnostics).toEqual([]);
      return result.graph!.nodes[result.graph!.output]!.shape;
    };
    expect(outputShape("conv(6, 28)")).toEqual(["N", 6, 1, 1]);
    expect(outputShape("conv(6, 30, pad = 1)")).toEqual(["N", 6, 1, 1]);
    expect(outputShape("conv(6, 10, dilation = 3)")).toEqual(["N", 6, 1, 1]);
    expect(outputShape("conv(6, 5, dilation = 2)")).toEqual(["N", 6, 20, 20]);
    expect(outputShape("conv(6, 3, dilation = 2, stride = 3)")).toEqual(["N", 6, 8, 8]);
  });

  it("values at the edges of their ranges: bn's momentum 0 and 1, a pool window that fits only with its padding", () => {
    const outputShape = (input: string, layer: string) => {
      const spec = `model m {\n  input x: ${input}\n  out x -> ${layer}\n}\n`;
      const result = frontEnd(writeSpec("edges", spec));
      expect(result.diagnostics).toEqual([]);
      return result.graph!.nodes[result.graph!.output]!.shape;
    };
    // PyTorch's BatchNorm2d takes any momentum; netc's documented range is 0 to 1, both ends included.
    expect(outputShape("[N, 1, 28, 28]", "bn(momentum = 1)")).toEqual(["N", 1, 28, 28]);
    expect(outputShape("[N, 1, 28, 28]", "bn(momentum = 0)")).toEqual(["N", 1, 28, 28]);
    // A 4×4 window over 3×3 padded by 2 on each side (7×7): PyTorch's floor((3 + 4 − 4) / 4) + 1 = 1.
    expect(outputShape("[N, 1, 3, 3]", "maxpool(4, pad = 2)")).toEqual(["N", 1, 1, 1]);
    expect(outputShape("[N, 1, 3, 3]", "avgpool(4, stride = 1, pad = 2)")).toEqual(["N", 1, 4, 4]);
  });

  it("linear on a tensor without a feature axis", () => {
    expect(errorLines("linear-rank", "model m {\n  input x: [N]\n  out x -> linear(3)\n}\n")).toEqual([
      "linear-rank.net:3:12: error: linear expects [N, features], got a tensor of rank 1",
    ]);
  });

  it("a layer given a tensor of the wrong rank", () => {
    expect(diagnose("rank", model("  out x -> flatten -> linear(3) -> conv(3, 1)"))).toBe(
      `rank.net:3:36: error: conv expects [N, C, H, W], got [N, 3]
3 |   out x -> flatten -> linear(3) -> conv(3, 1)
                                       ^^^^
rank.net:3:23: note: the input [N, 3] comes from 'linear1'
3 |   out x -> flatten -> linear(3) -> conv(3, 1)
                          ^^^^^^`,
    );
  });

  it("a failed shape assertion, with a note at the layer that produced the shape", () => {
    expect(diagnose("assertion", model("  y: [N, 6, 28, 28] = x -> conv(6, 5)\n  out y"))).toBe(
      `assertion.net:3:6: error: shape assertion failed: expected [N, 6, 28, 28], got [N, 6, 24, 24]
3 |   y: [N, 6, 28, 28] = x -> conv(6, 5)
         ^
assertion.net:3:28: note: 'y.conv1' produces [N, 6, 24, 24]
3 |   y: [N, 6, 28, 28] = x -> conv(6, 5)
                               ^^^^`,
    );
  });
  it("a shape assertion of lower rank than the value, however its leading dimensions agree", () => {
    expect(diagnose("assertion-rank", model("  y: [N, 16] = x -> conv(16, 5)\n  out y"))).toBe(
      `assertion-rank.net:3:6: error: shape assertion failed: expected [N, 16], got [N, 16, 24, 24]
3 |   y: [N, 16] = x -> conv(16, 5)
         ^
assertion-rank.net:3:21: note: 'y.conv1' produces [N, 16, 24, 24]
3 |   y: [N, 16] = x -> conv(16, 5)
                        ^^^^`,
    );
  });

  it("a layer whose shape failed is the one error: the layers after it report nothing", () => {
    expect(errorLines("cascade", model("  out x -> conv(8, 3, groups = 3) -> flatten -> linear(10)"))).toEqual([
      "cascade.net:3:12: error: conv with groups=3 needs input channels (1) and output channels (8) divisible by it",
    ]);
  });

  it("a shape assertion of higher rank than the value, however the value's dimensions agree", () => {
    expect(errorLines("assertion-longer", model("  y: [N, 16, 24, 24, 1] = x -> conv(16, 5)\n  out y"))).toEqual([
      "assertion-longer.net:3:6: error: shape assertion failed: expected [N, 16, 24, 24, 1], got [N, 16, 24, 24]",
    ]);
  });

  it("concat along a spatial axis of inputs whose channels differ", () => {
    const branches = "  a = x -> conv(8, 1)\n  b = x -> conv(16, 1)\n";
    // [N, 8, 28, 28] and [N, 16, 28, 28] join along no axis but 1: along 2 or 3 their channels differ.
    expect(diagnose("concat-axis", model(`${branches}  out concat(a, b, axis = 2)`))).toBe(
      `concat-axis.net:5:7: error: concat along axis 2 needs equal sizes on every other axis, but input 1 is [N, 8, 28, 28] and input 2 is [N, 16, 28, 28]
5 |   out concat(a, b, axis = 2)
          ^^^^^^
concat-axis.net:3:12: note: input 1 [N, 8, 28, 28] comes from 'a.conv1'
3 |   a = x -> conv(8, 1)
               ^^^^
concat-axis.net:4:12: note: input 2 [N, 16, 28, 28] comes from 'b.conv1'
4 |   b = x -> conv(16, 1)
               ^^^^`,
    );
    expect(errorLines("concat-last", model(`${branches}  out concat(a, b, axis = 3)`))).toEqual([
      "concat-last.net:5:7: error: concat along axis 3 needs equal sizes on every other axis, but input 1 is [N, 8, 28, 28] and input 2 is [N, 16, 28, 28]",
    ]);
  });

  it("concat along the axis one past the last, or of inputs of different ranks", () => {
    const same = "  a = x -> conv(8, 1)\n  b = x -> conv(8, 1)\n";
    expect(errorLines("concat-rank-axis", model(`${same}  out concat(a, b, axis = 4)`))).toEqual([
      "concat-rank-axis.net:5:7: error: concat's axis 4 is out of range for rank 4",
    ]);
    // Every axis the flat input has agrees with the first input's, but it has two of four.
    const flat = "  a = x -> conv(8, 1)\n  b = x -> flatten -> linear(8)\n";
    expect(errorLines("concat-ranks", model(`${flat}  out concat(a, b)`))).toEqual([
      "concat-ranks.net:5:7: error: concat along axis 1 needs equal sizes on every other axis, but input 1 is [N, 8, 28, 28] and input 2 is [N, 8]",
    ]);
  });
});

describe("the train section", () => {
  const net = model("  out x -> flatten -> linear(10)");

  it("a param rule that matches no parameter, with the closest name suggested", () => {
    expect(diagnose("rule", net + train('  param "linear1.weigth" { init = zeros }'))).toBe(
      `rule.net:11:9: error: param "linear1.weigth" matches no parameter (did you mean 'linear1.weight'?)
11 |   param "linear1.weigth" { init = zeros }
             ^^^^^^^^^^^^^^^^`,
    );
  });

  it("an unknown setting, with the closest setting suggested", () => {
    expect(diagnose("setting", net + train("  epoch = 2"))).toBe(
      `setting.net:11:3: error: unknown train section setting 'epoch' (did you mean 'epochs'?)
11 |   epoch = 2
       ^^^^^`,
    );
  });

  it("an unknown setting with no near spelling, listing the settings there are", () => {
    expect(diagnose("rule_setting", net + train('  param "*.bias" { weight_decay = 0 }'))).toBe(
      `rule_setting.net:11:20: error: unknown param setting 'weight_decay' (the settings are init, decay, lr_mult, frozen)
11 |   param "*.bias" { weight_decay = 0 }
                        ^^^^^^^^^^^^`,
    );
  });

  it("an unsupported optimizer, listing the known ones", () => {
    const spec = net + train("").replace("sgd(lr = 0.1)", "rmsprop(lr = 0.1)");
    expect(diagnose("optimizer", spec)).toBe(
      `optimizer.net:8:15: error: optimizer must be one of sgd, adam, adamw; got 'rmsprop'
8 |   optimizer = rmsprop(lr = 0.1)
                  ^^^^^^^`,
    );
  });

  it("numbers outside their range, at the argument given or else the call, each in one run", () => {
    const spec = (
      net +
      train(
        '  schedule = step(every = 0)\n  param "*.weight" { init = uniform(1, -1) }\n  bn_statistics = recomputed(0)',
      )
    )
      .replace("sgd(lr = 0.1)", "sgd(lr = -0.1, momentum = 1)")
      .replace("fashion_mnist()", "fashion_mnist(resize = -3)");
    expect(errorLines("ranges", spec)).toEqual([
      "ranges.net:6:33: error: 'resize' of 'fashion_mnist' must be a side in pixels, or 0 to keep 28×28, got -3",
      "ranges.net:8:24: error: 'lr' of 'sgd' must be above 0, got -0.1",
      "ranges.net:8:41: error: 'momentum' of 'sgd' must be at least 0 and below 1, got 1",
      "ranges.net:11:27: error: 'every' of 'step' must be at least 1, got 0",
      "ranges.net:13:30: error: 'batches' of 'recomputed' must be at least 1, got 0",
      "ranges.net:12:29: error: 'uniform' needs low below high, got low 1 and high -1",
    ]);
  });

  it("uniform init with low equal to high, which no draw can come from", () => {
    expect(errorLines("uniform-equal", net + train('  param "*.weight" { init = uniform(0.5, 0.5) }'))).toEqual([
      "uniform-equal.net:11:29: error: 'uniform' needs low below high, got low 0.5 and high 0.5",
    ]);
  });

  it("a cosine schedule that would raise the learning rate, or warm up for all of training", () => {
    expect(errorLines("cosine", net + train("  schedule = cosine(warmup = 1, min_lr = 0.5)"))).toEqual([
      "cosine.net:11:14: error: 'min_lr' of 'cosine' must be at most the optimizer's lr (0.1), got 0.5",
      "cosine.net:11:14: error: 'warmup' of 'cosine' must be fewer epochs than training's 1, got 1",
    ]);
  });

  it("xavier or kaiming init on a bias, which has no fan-in and fan-out, at the rule", () => {
    expect(diagnose("fan", net + train('  param "*.bias" { init = xavier_uniform }'))).toBe(
      `fan.net:11:9: error: xavier_uniform needs a weight with fan-in and fan-out, but 'linear1.bias' has shape [10]: narrow the param rule's pattern
11 |   param "*.bias" { init = xavier_uniform }
             ^^^^^^^^
fan.net:3:23: note: 'linear1.bias' belongs to this layer
3 |   out x -> flatten -> linear(10)
                          ^^^^^^`,
    );
    expect(errorLines("fan-kaiming", net + train('  param "linear1.bias" { init = kaiming_normal }'))).toEqual([
      "fan-kaiming.net:11:9: error: kaiming_normal needs a weight with fan-in and fan-out, but 'linear1.bias' has shape [10]: narrow the param rule's pattern",
    ]);
  });

  it("a param attribute of the wrong type", () => {
    expect(diagnose("frozen", net + train('  param "*" { frozen = 1 }'))).toBe(
      `frozen.net:11:24: error: 'frozen' must be true or false, got an int (1)
11 |   param "*" { frozen = 1 }
                            ^`,
    );
  });
});

it("reports several independent errors of different phases in one run", () => {
  const spec =
    model("  a = x -> conv(6, 5, strides = 1)\n  b = x -> lienar(3)\n  out x -> conv(6, 29)") + train("  epoch = 2");
  expect(errorLines("several", spec)).toEqual([
    "several.net:3:23: error: layer 'conv' has no parameter 'strides' (did you mean 'stride'?)",
    "several.net:4:12: error: unknown layer or block 'lienar' (did you mean 'linear'?)",
    "several.net:13:3: error: unknown train section setting 'epoch' (did you mean 'epochs'?)",
    "several.net:5:12: error: conv's kernel (29×29, dilation 1) is larger than its padded input (28×28 padded by 0)",
  ]);
});

// A syntax error is reported once; what merely follows from the text it made unreadable is not.
describe("after a syntax error", () => {
  it("a number written '.5' is one error, in a layer's arguments and in the train section", () => {
    const spec =
      model("  out x -> flatten -> dropout(.5) -> linear(10)") +
      "train {\n  data = fashion_mnist()\n  loss = cross_entropy\n  optimizer = sgd(lr = .1)\n  batch = 4\n  epochs = 1\n}\n";
    expect(errorLines("leading-point", spec)).toEqual([
      "leading-point.net:3:31: error: write '0.5' for '.5'",
      "leading-point.net:8:24: error: write '0.1' for '.1'",
    ]);
  });

  it("a setting without its value is one error at the next setting, which is still read", () => {
    const spec =
      model("  out x -> flatten -> linear(10)") +
      "train {\n  data = fashion_mnist()\n  loss = cross_entropy\n  optimizer =\n  batch = 0\n  epochs = 1\n}\n";
    expect(errorLines("no-value", spec)).toEqual([
      "no-value.net:9:3: error: expected an expression after '=' but found 'batch'",
      "no-value.net:9:11: error: 'batch' must be an int of at least 1, got an int (0)",
    ]);
  });

  it("an unclosed argument list that swallows the next setting: no 'needs' or unknown-parameter error", () => {
    const spec =
      model("  out x -> flatten -> linear(10)") +
      "train {\n  data = fashion_mnist(\n  loss = cross_entropy\n  optimizer = sgd(lr = 0.1)\n  batch = 4\n  epochs = 1\n}\n";
    expect(errorLines("unclosed", spec)).toEqual([
      "unclosed.net:8:3: error: expected ')' to close the argument list of 'fashion_mnist' but found 'optimizer'",
    ]);
  });

  it("a name whose definition has a syntax error is no unknown name; a misspelt layer elsewhere is still reported", () => {
    const spec = model("  z = x -> -> relu\n  y = x -> lienar(3)\n  out z -> flatten -> linear(10)");
    expect(errorLines("arrows", spec)).toEqual([
      "arrows.net:3:12: error: expected a layer or block call, 'for' or 'if' after '->' but found '->'",
      "arrows.net:4:12: error: unknown layer or block 'lienar' (did you mean 'linear'?)",
    ]);
  });

  it("a name swallowed by an unclosed call is no unknown name, and recovery's echo is not reported", () => {
    const spec = model("  y = x -> conv(3, 3 ->\n  z = y -> relu\n  out z -> flatten -> linear(10)");
    expect(errorLines("swallowed", spec)).toEqual([
      "swallowed.net:4:5: error: expected ')' to close the argument list of 'conv' but found '='",
    ]);
  });

  it("a name declared with ':' in a statement with a syntax error is no unknown name: an input, or a shape assertion", () => {
    const input = "model m {\n  input x: [N, 1, 28 28]\n  out x -> flatten -> linear(10)\n}\n";
    expect(errorLines("input", input)).toEqual([
      "input.net:2:22: error: expected ']' to close the '[' on line 2 but found '28'",
    ]);
    const asserted = model("  y: [N, 1, 28 28] = x -> relu\n  out y -> flatten -> linear(10)");
    expect(errorLines("asserted", asserted)).toEqual([
      "asserted.net:3:16: error: expected ']' to close the '[' on line 3 but found '28'",
    ]);
  });

  it("a statement missing a token between its first and last is dropped, not checked with the rest read", () => {
    // Recovery reads '[N, 1, 28 28]' as '[N, 1, 28]', skipping the second 28: a shape that
    // would fail its assertion, though the spec never wrote it.
    const spec = model("  y: [N, 1, 28 28] = x\n  out y -> flatten -> linear(10)");
    expect(errorLines("skipped", spec)).toEqual([
      "skipped.net:3:16: error: expected ']' to close the '[' on line 3 but found '28'",
    ]);
  });

  it("an 'out' with a syntax error is no missing 'out', in a block or a model", () => {
    const spec =
      "block b(x: tensor) {\n  out x -> )\n}\n" + model("  out x -> b -> flatten -> linear(10 ]") + train("");
    expect(errorLines("out", spec)).toEqual([
      "out.net:2:12: error: expected a layer or block call, 'for' or 'if' after '->' but found ')'",
      "out.net:6:38: error: expected ')' to close the argument list of 'linear' but found ']'",
    ]);
  });

  it("a block whose parameter list has a syntax error is no unknown block, and its calls are not checked", () => {
    const spec = "block b(x: tensor, 3) {\n  out x\n}\n" + model("  out x -> b(1, 2, 3) -> flatten -> linear(10)");
    expect(errorLines("header", spec)).toEqual([
      "header.net:1:20: error: expected ')' to close the parameter list of block 'b' but found '3'",
    ]);
  });

  it("a model without its name is no missing model", () => {
    expect(errorLines("nameless", "model {\n  input x: [N, 1, 28, 28]\n  out x\n}\n" + train(""))).toEqual([
      "nameless.net:1:7: error: expected a name after 'model' but found '{'",
    ]);
  });

  it("a chained comparison, once, and no error about the comparison of its result", () => {
    const spec = model("  y = if 1 < 2 < 3 { x } else { x }\n  out y -> flatten -> linear(10)");
    expect(errorLines("chained", spec)).toEqual([
      "chained.net:3:16: error: comparisons do not chain: write 'a < b and b < c' instead of 'a < b < c'",
    ]);
  });

  it("param rules are not matched against a model that failed to build", () => {
    const spec = model("  out x -> flatten -> lienar(10)") + train('  param "linear*.bias" { init = zeros }');
    expect(errorLines("rules", spec)).toEqual([
      "rules.net:3:23: error: unknown layer or block 'lienar' (did you mean 'linear'?)",
    ]);
  });

  it("a missing setting is still reported when the syntax error is in the model", () => {
    const spec = model("  out x -> -> flatten -> linear(10)") + "train {\n  data = fashion_mnist()\n}\n";
    expect(errorLines("independent", spec)).toEqual([
      "independent.net:3:12: error: expected a layer or block call, 'for' or 'if' after '->' but found '->'",
      "independent.net:5:1: error: the train section needs 'loss'",
      "independent.net:5:1: error: the train section needs 'optimizer'",
      "independent.net:5:1: error: the train section needs 'batch'",
      "independent.net:5:1: error: the train section needs 'epochs'",
    ]);
  });
});

/**
 * Edits (insert, delete, substitute, or swap two neighbouring letters) to turn `a` into `b`, by
 * recursion from the ends of the strings: the reference the suggestion table is checked against.
 */
function referenceDistance(a: string, b: string): number {
  const memo = new Map<string, number>();
  const d = (i: number, j: number): number => {
    if (i === 0) return j;
    if (j === 0) return i;
    const key = `${i},${j}`;
    const known = memo.get(key);
    if (known !== undefined) return known;
    const options = [d(i - 1, j) + 1, d(i, j - 1) + 1, d(i - 1, j - 1) + (a[i - 1] === b[j - 1] ? 0 : 1)];
    if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) options.push(d(i - 2, j - 2) + 1);
    memo.set(key, Math.min(...options));
    return memo.get(key)!;
  };
  return d(a.length, b.length);
}

describe("did you mean: the closest candidate within floor(length / 3) edits of the name, at least 1", () => {
  // [name, candidate, edits between them, the suggestion]
  it.each([
    ["ab", "xb", 1, "xb"], // length 2: limit 1 (the floor, 0, raised to 1)
    ["ab", "xy", 2, undefined],
    ["sdg", "sgd", 1, "sgd"], // a swap of neighbours is one edit
    ["relu", "relx", 1, "relx"], // length 4: limit 1
    ["relu", "rexy", 2, undefined],
    ["conv", "conv2d", 2, undefined], // the limit is the name's length, not the candidate's
    ["ReLU", "relu", 0, "relu"], // letter case does not count
    ["lenet", "lenex", 1, "lenex"], // length 5: limit 1
    ["lenet", "lexat", 2, undefined],
    ["linear", "lixeax", 2, "lixeax"], // length 6: limit 2
    ["linear", "lxxeax", 3, undefined],
    ["dropout", "drxxout", 2, "drxxout"], // length 7: limit 2
    ["dropout", "drxxxut", 3, undefined],
    ["avgpool2", "axxpool2", 2, "axxpool2"], // length 8: limit 2
    ["avgpool2", "axxxool2", 3, undefined],
    ["maxpool2d", "myzxool2d", 3, "myzxool2d"], // length 9: limit 3
  ] as const)("%s for %s, %i edits: %s", (name, candidate, edits, expected) => {
    expect(referenceDistance(name.toLowerCase(), candidate.toLowerCase())).toBe(edits);
    expect(didYouMean(name, [candidate])).toBe(expected);
    expect(suggestion(name, [candidate])).toBe(expected === undefined ? "" : ` (did you mean '${expected}'?)`);
  });

  it("of candidates equally close, the first in the order given", () => {
    expect(referenceDistance("lear", "bear")).toBe(1);
    expect(referenceDistance("lear", "lead")).toBe(1);
    expect(didYouMean("lear", ["bear", "lead"])).toBe("bear");
    expect(didYouMean("lear", ["lead", "bear"])).toBe("lead");
    expect(didYouMean("lear", ["linear", "lead", "bear"])).toBe("lead");
    expect(suggestion("lear", new Set(["bear", "lead"]))).toBe(" (did you mean 'bear'?)");
  });
});
