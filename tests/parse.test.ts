import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { syntaxDiagramsHtml } from "../grammar/diagram.js";
import type * as ast from "../src/1-parse/ast.js";
import { loadProgram, parseSource } from "../src/1-parse/index.js";
import { Diagnostics, formatDiagnostic } from "../src/diagnostics.js";

function parseClean(text: string): ast.SourceFile {
  const diags = new Diagnostics();
  const file = parseSource("t.net", text, diags);
  expect(diags.list.map((d) => formatDiagnostic(d, new Map([["t.net", text]])))).toEqual([]);
  return file;
}

function modelBody(statements: string): ast.Stmt[] {
  const item = parseClean(`model m {\n${statements}\n}`).items[0]!;
  if (item.kind !== "model") throw new Error("expected a model");
  return item.body;
}

/** The expression of `out <text>`. */
function expr(text: string): ast.Expr {
  const stmt = modelBody(`out ${text}`)[0]!;
  if (stmt.kind !== "out") throw new Error("expected an out statement");
  return stmt.value;
}

/** A compact rendering that makes nesting and precedence visible, e.g. `(+ a (* b c))`. */
function show(e: ast.Expr): string {
  switch (e.kind) {
    case "number":
      return `${e.value}${e.isInt ? "" : "f"}`;
    case "string":
      return JSON.stringify(e.value);
    case "bool":
      return String(e.value);
    case "name":
      return e.name;
    case "list":
      return `[${e.elements.map(show).join(" ")}]`;
    case "tuple":
      return `(tuple ${e.elements.map(show).join(" ")})`;
    case "range":
      return `(.. ${show(e.start)} ${show(e.end)})`;
    case "unary":
    case "binary":
      return `(${e.op} ${(e.kind === "unary" ? [e.operand] : [e.left, e.right]).map(show).join(" ")})`;
    case "index":
      return `(index ${show(e.target)} ${show(e.index)})`;
    case "call":
      return showCall(e);
    case "if":
      return `(if ${show(e.cond)} ${show(e.then)} ${show(e.else)})`;
    case "pipe":
      return `(-> ${show(e.source)} ${e.stages.map(showStage).join(" ")})`;
    case "recovered":
      return "<recovered>";
  }
}

function showCall(call: ast.CallExpr): string {
  const args = call.args.map((a) => (a.name ? `${a.name.name}=${show(a.value)}` : show(a.value)));
  return `${call.callee.name}(${args.join(" ")})${call.alias ? ` as ${call.alias.name}` : ""}`;
}

function showStage(stage: ast.Stage): string {
  const chain = (stages: ast.Stage[]) => `{${stages.map(showStage).join(" ")}}`;
  switch (stage.kind) {
    case "call":
      return showCall(stage);
    case "for":
      return `(for ${showPattern(stage.pattern)} ${show(stage.iterable)} ${chain(stage.body)})`;
    case "if":
      return `(if ${show(stage.cond)} ${chain(stage.then)}${stage.else ? ` ${chain(stage.else)}` : ""})`;
  }
}

function showPattern(pattern: ast.Pattern): string {
  return pattern.kind === "bind" ? pattern.name.name : `(${pattern.elements.map(showPattern).join(" ")})`;
}

const loc = (line: number, col: number, length: number) => ({ file: "t.net", line, col, length });

describe("literals", () => {
  it("reads numbers, telling integers from floats", () => {
    expect(expr("42")).toEqual({ kind: "number", value: 42, isInt: true, loc: loc(2, 5, 2) });
    expect(show(expr("[0.5, 1e-3, 5e-4, 2E3, 10]"))).toBe("[0.5f 0.001f 0.0005f 2000f 10]");
  });

  it("counts columns in code points, so an astral character is one column", () => {
    expect(expr('["😀", x]')).toMatchObject({
      loc: loc(2, 5, 1),
      elements: [
        { kind: "string", loc: loc(2, 6, 3) },
        { kind: "name", loc: loc(2, 11, 1) },
      ],
    });
  });

  it("reads strings with their escapes", () => {
    expect(expr(String.raw`"a \"b\" \\ c"`)).toEqual({ kind: "string", value: 'a "b" \\ c', loc: loc(2, 5, 14) });
  });

  it("reads booleans, names, lists and tuples", () => {
    expect(show(expr("[true, false, x, []]"))).toBe("[true false x []]");
    expect(show(expr("[(1, 2), (a), (b,), [3,]]"))).toBe("[(tuple 1 2) a (tuple b) [3]]");
  });
});

describe("operators", () => {
  it("binds * tighter than +, and both are left-associative", () => {
    expect(show(expr("a + b * c - d"))).toBe("(- (+ a (* b c)) d)");
    expect(show(expr("a / b // c % d * e"))).toBe("(* (% (// (/ a b) c) d) e)");
  });

  it("orders unary minus, comparisons, not, and, or", () => {
    expect(show(expr("-a * -b"))).toBe("(* (- a) (- b))");
    expect(show(expr("a + 1 <= b * 2"))).toBe("(<= (+ a 1) (* b 2))");
    expect(show(expr("not a == b and c != d or e"))).toBe("(or (and (not (== a b)) (!= c d)) e)");
    expect(show(expr("a < b or a > b or a >= b"))).toBe("(or (or (< a b) (> a b)) (>= a b))");
  });

  it("lets parentheses override precedence and indexes bind tightest", () => {
    expect(show(expr("(a + b) * c[0][i + 1]"))).toBe("(* (+ a b) (index (index c 0) (+ i 1)))");
  });

  it("locates a binary node at its first token, and its operator", () => {
    const product = expr("(a + b) * c");
    expect(product).toMatchObject({ kind: "binary", op: "*", loc: loc(2, 5, 1), opLoc: loc(2, 13, 1) });
    expect(product.kind === "binary" && product.left).toMatchObject({ loc: loc(2, 6, 1), opLoc: loc(2, 8, 1) });
    expect(expr("a // b")).toMatchObject({ opLoc: loc(2, 7, 2) });
  });
});

describe("calls and pipelines", () => {
  it("reads positional and keyword arguments, trailing commas and aliases", () => {
    expect(show(expr("concat(p1, p2, axis = 1,)"))).toBe("concat(p1 p2 axis=1)");
    expect(show(expr("f() as g"))).toBe("f() as g");
    expect(show(expr("f(a == b, k = x == y)"))).toBe("f((== a b) k=(== x y))");
  });

  it("locates a call at its callee and a keyword argument at its name", () => {
    const call = expr("conv(64, pad = 1)");
    expect(call).toMatchObject({ kind: "call", callee: { name: "conv", loc: loc(2, 5, 4) }, loc: loc(2, 5, 4) });
    expect(call.kind === "call" && call.args[1]!.loc).toEqual(loc(2, 14, 3));
  });

  it("pipes the whole or-expression and treats bare stage names as calls", () => {
    expect(show(expr("y + skip -> relu -> linear(10) as head"))).toBe("(-> (+ y skip) relu() linear(10) as head)");
    expect(expr("x -> relu")).toMatchObject({ kind: "pipe", loc: loc(2, 5, 1) });
  });

  it("reads for stages with ranges, iterables and nested tuple patterns", () => {
    expect(show(expr("x -> for i in 0..n + 1 { conv(c, 3) -> relu } -> pool"))).toBe(
      "(-> x (for i (.. 0 (+ n 1)) {conv(c 3) relu()}) pool())",
    );
    expect(show(expr("x -> for (i, (b, c)) in enumerate(stages) { stage(b, c, first = i == 0) }"))).toBe(
      "(-> x (for (i (b c)) enumerate(stages) {stage(b c first=(== i 0))}))",
    );
  });

  it("reads if stages with and without else", () => {
    expect(show(expr("x -> if a and not b { f -> g } else { h } -> if c { k }"))).toBe(
      "(-> x (if (and a (not b)) {f() g()} {h()}) (if c {k()}))",
    );
  });

  it("reads if expressions, including else-if chains", () => {
    expect(show(expr("if p { conv(x, c, 1) } else { x }"))).toBe("(if p conv(x c 1) x)");
    expect(show(expr("if a { 1 } else if b { 2 } else { 3 }"))).toBe("(if a 1 (if b 2 3))");
  });
});

describe("statements and items", () => {
  it("reads input, let with a shape assertion, and out", () => {
    const [input, assigned, out] = modelBody("input x: [N, 1, 28, 28]\nf: [N, 2 * c] = x\nout f");
    expect(input).toMatchObject({ kind: "input", name: { name: "x", loc: loc(2, 7, 1) }, loc: loc(2, 1, 5) });
    expect(input!.kind === "input" && input.shape.dims.map(show)).toEqual(["N", "1", "28", "28"]);
    expect(input!.kind === "input" && input.shape.loc).toEqual(loc(2, 10, 1));
    expect(assigned).toMatchObject({ kind: "let", name: { name: "f" }, loc: loc(3, 1, 1) });
    expect(assigned!.kind === "let" && assigned.shape!.dims.map(show)).toEqual(["N", "(* 2 c)"]);
    expect(out).toMatchObject({ kind: "out", value: { kind: "name", name: "f" }, loc: loc(4, 1, 3) });
  });

  it("reads a block's parameters with types and defaults", () => {
    const [block] = parseClean(
      "block b(x: tensor, k: (int, int), ks: [int], s: int = 1, p = false,) {\n  out x\n}",
    ).items;
    expect(block).toMatchObject({ kind: "block", name: { name: "b", loc: loc(1, 7, 1) }, loc: loc(1, 1, 5) });
    if (block!.kind !== "block") throw new Error("expected a block");
    expect(block.params!.map((p) => p.name.name)).toEqual(["x", "k", "ks", "s", "p"]);
    expect(block.params![0]!.type).toEqual({
      kind: "named",
      name: { name: "tensor", loc: loc(1, 12, 6) },
      loc: loc(1, 12, 6),
    });
    expect(block.params![1]!.type).toMatchObject({
      kind: "tuple",
      elements: [
        { kind: "named", name: { name: "int" } },
        { kind: "named", name: { name: "int" } },
      ],
      loc: loc(1, 23, 1),
    });
    expect(block.params![2]!.type).toMatchObject({ kind: "list", element: { kind: "named", name: { name: "int" } } });
    expect(block.params![3]).toMatchObject({ type: { name: { name: "int" } }, default: { kind: "number", value: 1 } });
    expect(block.params![4]!.type).toBeUndefined();
    expect(block.params![4]!.default).toMatchObject({ kind: "bool", value: false });
    expect(block.body).toHaveLength(1);
  });

  it("reads imports and the train section with param rules", () => {
    const file = parseClean(
      'import "std/vision.net" # comment\ntrain {\n  batch = 256\n  param "*.bias" { decay = false init = zeros }\n  epochs = 10\n}',
    );
    expect(file.items[0]).toEqual({ kind: "import", path: "std/vision.net", loc: loc(1, 1, 6) });
    const train = file.items[1]!;
    if (train.kind !== "train") throw new Error("expected a train section");
    expect(train.loc).toEqual(loc(2, 1, 5));
    expect(train.settings.map((s) => `${s.key.name}=${show(s.value)}`)).toEqual(["batch=256", "epochs=10"]);
    expect(train.settings[0]!.loc).toEqual(loc(3, 3, 5));
    expect(train.paramRules).toHaveLength(1);
    expect(train.paramRules[0]).toMatchObject({ pattern: "*.bias", patternLoc: loc(4, 9, 8), loc: loc(4, 3, 5) });
    expect(train.paramRules[0]!.settings.map((s) => `${s.key.name}=${show(s.value)}`)).toEqual([
      "decay=false",
      "init=zeros",
    ]);
  });

  it("keeps items in source order and ignores comments and line breaks", () => {
    const file = parseClean("# header\nmodel a { out x } block b(x: tensor) { out\n  x } # tail");
    expect(file.items.map((i) => i.kind)).toEqual(["model", "block"]);
  });

  it("counts \\r\\n, \\n and a lone \\r each as one line break, after comments too", () => {
    const file = parseClean("model a { out x }\r\nmodel b { out x } # b\rmodel c { out x }\n\r  model d { out x }");
    expect(file.items.map((i) => [i.loc.line, i.loc.col])).toEqual([
      [1, 1],
      [2, 1],
      [3, 1],
      [5, 3],
    ]);
  });
});

describe("the spec zoo and the standard library", () => {
  const files = [
    ...readdirSync("specs").map((name) => join("specs", name)),
    ...readdirSync("std").map((name) => join("std", name)),
  ].filter((path) => path.endsWith(".net"));

  it.each(files)("%s parses without diagnostics", (path) => {
    const diags = new Diagnostics();
    const file = parseSource(path, readFileSync(path, "utf8"), diags);
    expect(diags.list).toEqual([]);
    expect(file.items.length).toBeGreaterThan(0);
  });

  it("builds the resnet stage's nested for and if stages", () => {
    const diags = new Diagnostics();
    const vision = parseSource("std/vision.net", readFileSync("std/vision.net", "utf8"), diags);
    const stage = vision.items.find((i) => i.kind === "block" && i.name.name === "resnet_stage");
    expect(stage?.kind === "block" && show((stage.body[0] as ast.OutStmt).value)).toBe(
      "(-> x (for i (.. 0 blocks) {(if (and (== i 0) (not first)) {residual(channels stride=2 project=true)} {residual(channels)})}))",
    );
  });
});

describe("loadProgram", () => {
  function tempDir(files: Record<string, string>): string {
    const dir = mkdtempSync(join(tmpdir(), "netc-parse-"));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    return dir;
  }

  it("resolves std/ imports to the bundled library, imports first", () => {
    const diags = new Diagnostics();
    const program = loadProgram("specs/resnet18.net", diags);
    expect(diags.list).toEqual([]);
    expect(program.files.map((f) => f.file)).toEqual(["std/vision.net", "specs/resnet18.net"]);
    expect(program.entry).toBe(program.files[1]);
    expect([...program.sources.keys()]).toEqual(["specs/resnet18.net", "std/vision.net"]);
  });

  it("resolves relative imports against the importing file and loads each file once", () => {
    const dir = tempDir({
      "main.net": 'import "lib/a.net"\nimport "lib/b.net"\nmodel m { out x }',
      // Both import c.net; c.net is listed once, before them.
      "lib/a.net": 'import "c.net"\nblock a(x: tensor) { out x }',
      "lib/b.net": 'import "./c.net"\nblock b(x: tensor) { out x }',
      "lib/c.net": "block c(x: tensor) { out x }",
    });
    const diags = new Diagnostics();
    const program = loadProgram(join(dir, "main.net"), diags);
    expect(diags.list).toEqual([]);
    expect(program.files.map((f) => relative(dir, f.file))).toEqual([
      "lib/c.net",
      "lib/a.net",
      "lib/b.net",
      "main.net",
    ]);
  });

  it("ignores a byte order mark at the start of a file", () => {
    const dir = tempDir({ "main.net": "\uFEFFmodel m { out x }" });
    const diags = new Diagnostics();
    const program = loadProgram(join(dir, "main.net"), diags);
    expect(diags.list).toEqual([]);
    expect(program.entry.items[0]).toMatchObject({ kind: "model", loc: { line: 1, col: 1 } });
  });

  it("reports a missing import at the import statement and a missing entry file at its start", () => {
    const dir = tempDir({ "main.net": 'model m { out x }\nimport "nope.net"' });
    const diags = new Diagnostics();
    const program = loadProgram(join(dir, "main.net"), diags);
    expect(diags.list.map((d) => formatDiagnostic(d, program.sources))).toEqual([
      `${join(dir, "main.net")}:2:1: error: cannot read imported file 'nope.net' (looked for ${join(dir, "nope.net")}: no such file); check the import's path\n` +
        `2 | import "nope.net"\n    ^^^^^^`,
    ]);

    const missing = new Diagnostics();
    const empty = loadProgram(join(dir, "absent.net"), missing);
    expect(missing.list).toEqual([
      {
        severity: "error",
        loc: { file: join(dir, "absent.net"), line: 1, col: 1, length: 1 },
        message: "cannot read file (no such file): check the path",
        notes: [],
      },
    ]);
    expect(empty.entry.items).toEqual([]);
  });

  it("reports an import cycle once, at the import that closes it", () => {
    const dir = tempDir({ "a.net": 'import "b.net"\nmodel m { out x }', "b.net": 'import "a.net"' });
    const diags = new Diagnostics();
    const program = loadProgram(join(dir, "a.net"), diags);
    const [a, b] = [join(dir, "a.net"), join(dir, "b.net")];
    expect(diags.list.map((d) => formatDiagnostic(d, program.sources))).toEqual([
      `${b}:1:1: error: import cycle: ${a} -> ${b} -> ${a}; remove one of these imports\n1 | import "a.net"\n    ^^^^^^`,
    ]);
    expect(program.files.map((f) => f.file)).toEqual([b, a]);
  });
});

describe("docs/syntax.html", () => {
  it("is the freshly generated syntax diagram page (regenerate: `npm run docs`)", () => {
    expect(readFileSync("docs/syntax.html", "utf8")).toBe(syntaxDiagramsHtml());
  });
});
