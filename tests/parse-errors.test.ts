import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_NESTING } from "../grammar/parser.js";
import { parseSource } from "../src/1-parse/index.js";
import { Diagnostics, formatDiagnostic } from "../src/diagnostics.js";

function diagnose(text: string): string[] {
  const diags = new Diagnostics();
  parseSource("t.net", text, diags);
  return diags.list.map((d) => formatDiagnostic(d, new Map([["t.net", text]])));
}

// Each case: the source, then its diagnostics exactly as the user sees them.
const malformed: [string, string, string[]][] = [
  [
    "unexpected character, with CRLF line breaks",
    "model m {\r\n  out x $ 2\r\n}",
    ["t.net:2:9: error: unexpected character '$'\n2 |   out x $ 2\n            ^"],
  ],
  [
    "a cascade on one line, reported once",
    "model m { out f(x,, y) }",
    [
      "t.net:1:19: error: expected ')' to close the argument list of 'f' but found ','\n1 | model m { out f(x,, y) }\n                      ^",
    ],
  ],
  [
    "chained comparison",
    "model m { out a < b < c }",
    [
      "t.net:1:21: error: comparisons do not chain: write 'a < b and b < c' instead of 'a < b < c'\n" +
        "1 | model m { out a < b < c }\n                        ^",
    ],
  ],
  [
    "unexpected character",
    "model m {\n  out x $ 2\n}",
    ["t.net:2:9: error: unexpected character '$'\n2 |   out x $ 2\n            ^"],
  ],
  [
    "unexpected character, with CR line breaks",
    "model m {\r  out x $ 2\r}",
    ["t.net:2:9: error: unexpected character '$'\n2 |   out x $ 2\n            ^"],
  ],
  [
    "unexpected character after a tab, which the caret line keeps",
    "model m {\n\tout x $ 2\n}",
    ["t.net:2:8: error: unexpected character '$'\n2 | \tout x $ 2\n    \t      ^"],
  ],
  [
    "unexpected character after an emoji, which is one column",
    'model m {\n  out "😀" $\n}',
    [`t.net:2:11: error: unexpected character '$'\n2 |   out "😀" $\n${" ".repeat(14)}^`],
  ],
  [
    "control characters, shown escaped in the source line",
    "model m {\n  out x\u0001 + y # \u001b[2J\n}",
    [`t.net:2:8: error: unexpected character 'U+0001'\n2 |   out x\\x01 + y # \\x1B[2J\n${" ".repeat(11)}^^^^`],
  ],
  [
    "an integer too large to be exact",
    "model m { out linear(99999999999999999999) }",
    [
      "t.net:1:22: error: integer '99999999999999999999' is too large (the largest is 9007199254740991)\n" +
        `1 | model m { out linear(99999999999999999999) }\n${" ".repeat(25)}${"^".repeat(20)}`,
    ],
  ],
  [
    "a float too large",
    "model m { out 1e400 }",
    ["t.net:1:15: error: number '1e400' is too large\n1 | model m { out 1e400 }\n                  ^^^^^"],
  ],
  [
    "a number starting with '.'",
    "model m { x = .5 }",
    ["t.net:1:15: error: write '0.5' for '.5'\n1 | model m { x = .5 }\n                  ^^"],
  ],
  [
    "'as' after a tensor's name rather than a call",
    "model m {\n  y = x as foo\n}",
    [
      "t.net:2:9: error: 'as' names a layer or block call, as in 'conv(8, 3) as c'; to name a tensor, write 'c = x'\n2 |   y = x as foo\n            ^^",
    ],
  ],
  [
    "a setting without its value, before the next setting",
    "train {\n  optimizer =\n  batch = 8\n}",
    ["t.net:3:3: error: expected an expression after '=' but found 'batch'\n3 |   batch = 8\n      ^^^^^"],
  ],
  [
    "unterminated string",
    'train {\n  data = f("abc)\n  loss = mse\n}',
    [
      `t.net:2:12: error: unterminated string: add a closing '"' on the same line\n2 |   data = f("abc)\n               ^^^^^`,
    ],
  ],
  [
    "unknown escape",
    'model m { out "a\\n" }',
    [
      `t.net:1:15: error: unknown escape '\\n' in string: only \\" and \\\\ are allowed\n1 | model m { out "a\\n" }\n                  ^^^^^`,
    ],
  ],
  [
    "bad number",
    "model m { out x * 1.2.3 }",
    [
      "t.net:1:19: error: malformed number '1.2.3' (numbers look like 42, 0.5 or 1e-3)\n" +
        "1 | model m { out x * 1.2.3 }\n                      ^^^^^",
    ],
  ],
  [
    "missing ')' of a call",
    "model m {\n  y = conv(x, 3\n  out y\n}",
    ["t.net:3:3: error: expected ')' to close the argument list of 'conv' but found 'out'\n3 |   out y\n      ^^^"],
  ],
  [
    "missing ')' of a parameter list",
    "block b(x: tensor {\n  out x\n}",
    [
      "t.net:1:19: error: expected ')' to close the parameter list of block 'b' but found '{'\n1 | block b(x: tensor {\n                      ^",
    ],
  ],
  [
    "missing ']'",
    "model m { input x: [N, 1 }",
    [
      "t.net:1:26: error: expected ']' to close the '[' on line 1 but found '}'\n1 | model m { input x: [N, 1 }\n                             ^",
    ],
  ],
  [
    "missing '}' at end of file",
    "block residual(x: tensor) {\n  out x -> relu\n",
    [
      "t.net:2:16: error: unexpected end of file: expected '}' to close block 'residual'\n" +
        "2 |   out x -> relu\n                   ^",
    ],
  ],
  [
    "missing '}' of the train section",
    "train {\n  batch = 1\n",
    [
      "t.net:2:12: error: unexpected end of file: expected '}' to close the train section\n2 |   batch = 1\n               ^",
    ],
  ],
  [
    "'->' with nothing after it",
    "model m {\n  out x ->\n}",
    ["t.net:3:1: error: expected a layer or block call, 'for' or 'if' after '->' but found '}'\n3 | }\n    ^"],
  ],
  [
    "missing expression",
    "model m { x = }",
    ["t.net:1:15: error: expected an expression after '=' but found '}'\n1 | model m { x = }\n                  ^"],
  ],
  [
    "keyword as a block name",
    "block in(x: tensor) { out x }",
    [
      "t.net:1:7: error: 'in' is a keyword and cannot be used as a name\n1 | block in(x: tensor) { out x }\n          ^^",
    ],
  ],
  [
    "keyword as a variable",
    "model m {\n  for = 3\n  out x\n}",
    ["t.net:2:3: error: 'for' is a keyword and cannot be used as a name\n2 |   for = 3\n      ^^^"],
  ],
  [
    "missing '=' in a setting",
    "train {\n  batch 128\n}",
    ["t.net:2:9: error: expected '=' after 'batch' but found '128'\n2 |   batch 128\n            ^^^"],
  ],
  [
    "'param' without a pattern",
    "train {\n  param { decay = false }\n}",
    ["t.net:2:9: error: expected a string after 'param' but found '{'\n2 |   param { decay = false }\n            ^"],
  ],
  [
    "'for' without 'in'",
    "model m { out x -> for i 0..3 { relu } }",
    [
      "t.net:1:26: error: expected 'in' after 'i' but found '0'\n1 | model m { out x -> for i 0..3 { relu } }\n                             ^",
    ],
  ],
  [
    "one-element tuple pattern",
    "model m { out x -> for (i) in xs { f } }",
    [
      "t.net:1:26: error: expected ',' and a second loop variable after 'i' but found ')'\n" +
        "1 | model m { out x -> for (i) in xs { f } }\n                             ^",
    ],
  ],
  [
    "'if' stage missing '{'",
    "model m { out x -> if c relu } }",
    [
      "t.net:1:25: error: expected '{' after 'c' but found 'relu'\n1 | model m { out x -> if c relu } }\n                            ^^^^",
    ],
  ],
  [
    "'if' expression without 'else'",
    "model m {\n  y = if c { 1 }\n  out y\n}",
    ["t.net:3:3: error: expected 'else' after '}' but found 'out'\n3 |   out y\n      ^^^"],
  ],
  [
    "stray token at top level",
    "model m { out x }\n)\ntrain { }",
    ["t.net:2:1: error: expected 'import', 'block', 'model' or 'train' but found ')'\n2 | )\n    ^"],
  ],
  [
    "empty shape",
    "model m { input x: [] }",
    [
      "t.net:1:20: error: a shape needs at least one dimension, e.g. [N, 10]\n1 | model m { input x: [] }\n                       ^",
    ],
  ],
  [
    "parameter without type or default",
    "block b(x) { out x }",
    [
      "t.net:1:9: error: parameter 'x' needs a type or a default, e.g. 'x: int'\n1 | block b(x) { out x }\n            ^",
    ],
  ],
  [
    "bad type",
    "block b(x: 3) { out x }",
    [
      "t.net:1:12: error: expected a type such as int, [int] or (int, int) after ':' but found '3'\n" +
        "1 | block b(x: 3) { out x }\n               ^",
    ],
  ],
  [
    "missing model name",
    "model { out x }",
    ["t.net:1:7: error: expected a name after 'model' but found '{'\n1 | model { out x }\n          ^"],
  ],
  [
    "import without a string",
    "import std",
    ["t.net:1:8: error: expected a string after 'import' but found 'std'\n1 | import std\n           ^^^"],
  ],
];

describe("syntax errors", () => {
  it.each(malformed)("%s", (_, text, expected) => {
    expect(diagnose(text)).toEqual(expected);
  });

  it("recovers to report independent errors in different blocks", () => {
    const text = [
      "block a(x: tensor) {",
      "  y = x -> )",
      "  out y",
      "}",
      "block b(x: tensor) {",
      "  out x -> conv(3, ]",
      "}",
      "model m {",
      "  input x: [N, 1]",
      "  out x -> for i in { relu }",
      "}",
    ].join("\n");
    expect(diagnose(text).map((d) => d.split("\n")[0])).toEqual([
      "t.net:2:12: error: expected a layer or block call, 'for' or 'if' after '->' but found ')'",
      "t.net:6:20: error: expected ')' to close the argument list of 'conv' but found ']'",
      "t.net:10:21: error: expected an expression after 'in' but found '{'",
    ]);
  });

  it("reports an error on a line where the error about the line above shows", () => {
    const text = "model m {\n  input x: [N, 1, 28\n  y: [N, 3 = x\n  out y\n}";
    expect(diagnose(text).map((d) => d.split("\n")[0])).toEqual([
      "t.net:3:3: error: expected ']' to close the '[' on line 2 but found 'y'",
      "t.net:3:12: error: expected ']' to close the '[' on line 3 but found '='",
    ]);
  });

  it("leaves out recovery's echo on the next line", () => {
    const text = "model m {\n  y = conv(x, 3 ->\n  z = y -> relu\n  out z\n}";
    expect(diagnose(text).map((d) => d.split("\n")[0])).toEqual([
      "t.net:3:5: error: expected ')' to close the argument list of 'conv' but found '='",
    ]);
  });

  // Far beyond the limit: without it the parser's recursion overflows the stack at about 150 levels.
  const nest = (open: string, middle: string, close: string) => open.repeat(5000) + middle + close.repeat(5000);
  it.each([
    ["parentheses", `model a { y = ${nest("(", "1", ")")} }`, 79, "expression"],
    ["lists", `model a { y = ${nest("[", "", "]")} }`, 79, "expression"],
    ["indexes", `model a { y = ${nest("x[", "0", "]")} }`, 144, "expression"],
    ["prefix minus", `model a { y = ${nest("-", "1", "")} }`, 79, "expression"],
    ["not", `model a { y = ${nest("not ", "true", "")} }`, 271, "expression"],
    ["call arguments", `model a { y = ${nest("f(", "1", ")")} }`, 144, "expression"],
    ["if expressions", `model a { y = ${nest("if c { ", "1", " } else { 2 }")} }`, 463, "expression"],
    ["for stages", `model a { y = x -> ${nest("for i in xs { ", "relu", " }")} }`, 916, "expression"],
    ["types", `block b(x: ${nest("[", "int", "]")}) { out x }`, 76, "type"],
    // The `for` stage is the first level.
    ["loop variables", `model a { y = x -> for ${nest("(", "i", ", j)")} in xs { relu } }`, 87, "loop variables"],
  ])("reports %s nested too deeply once, where the limit is crossed, and recovers", (_, item, col, what) => {
    const started = performance.now();
    const firstLines = diagnose(`${item}\nmodel m { z = ) }`).map((d) => d.split("\n")[0]);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(firstLines).toEqual([
      `t.net:1:${col}: error: ${what} nested too deeply (more than ${MAX_NESTING} levels)`,
      "t.net:2:15: error: expected an expression after '=' but found ')'",
    ]);
  });

  describe("a long line is clipped around the caret to 120 columns, '…' marking each cut", () => {
    // A minified one-line spec: 500 relus, then a character that is not the language's.
    const relus = "relu -> ".repeat(500);
    const text = `model m { out x -> ${relus}$ }`;
    const dollar = text.indexOf("$");

    it("near the line's end, as much before the caret as fits, the caret under the character the error names", () => {
      const [message, line, caret] = diagnose(text)[0]!.split("\n");
      expect(message).toBe(`t.net:1:${dollar + 1}: error: unexpected character '$'`);
      // The line's last 118 columns: 120 less one for each '…' there could be.
      expect(line).toBe(`1 | …${text.slice(-118)}`);
      expect(caret).toBe(`${" ".repeat(4 + 1 + 115)}^`);
      expect(line!.indexOf("$")).toBe(caret!.indexOf("^"));
    });

    it("cut at one end or both, with 40 columns before the caret, never wider than 120 columns", () => {
      const early = `model m { out x $ -> ${relus}}`;
      const [, line, caret] = diagnose(early)[0]!.split("\n");
      expect(line).toBe(`1 | ${early.slice(0, 118)}…`);
      expect(caret).toBe(`${" ".repeat(4 + early.indexOf("$"))}^`);
      const middle = `model m { out x -> ${relus}$ -> ${relus}}`;
      const [, both, under] = diagnose(middle)[0]!.split("\n");
      const at = middle.indexOf("$");
      expect(both).toBe(`1 | …${middle.slice(at - 40, at + 78)}…`);
      expect([...both!.slice("1 | ".length)]).toHaveLength(120);
      expect(both!.indexOf("$")).toBe(under!.indexOf("^"));
    });

    it("cut one character in, the '…' still marks the cut", () => {
      // The caret at column 42: the 40 columns before it start at the line's second character.
      const late = `model m { out x -> ${"y".repeat(22)}$ -> ${relus}}`;
      expect(late.indexOf("$")).toBe(41);
      const [, line, caret] = diagnose(late)[0]!.split("\n");
      expect(line).toBe(`1 | …${late.slice(1, 119)}…`);
      expect(caret).toBe(`${" ".repeat(4 + 1 + 40)}^`);
    });

    it("a line of 120 columns is shown whole", () => {
      const fits = `model m { out x $ ${"y".repeat(120 - 19)}}`;
      expect(fits).toHaveLength(120);
      expect(diagnose(fits)[0]!.split("\n")[1]).toBe(`1 | ${fits}`);
    });
  });

  it("keeps the items and statements that parsed", () => {
    const diags = new Diagnostics();
    const file = parseSource("t.net", "block a(x: tensor) {\n  y = x -> )\n  out x\n}\nmodel m { out x }", diags);
    expect(diags.list).toHaveLength(1);
    expect(file.items.map((i) => i.kind)).toEqual(["block", "model"]);
    expect(file.items[0]!.kind === "block" && file.items[0]!.body.map((s) => s.kind)).toEqual(["out"]);
  });
});

describe("robustness", () => {
  const specs = [
    ...readdirSync("specs").map((name) => join("specs", name)),
    ...readdirSync("std").map((name) => join("std", name)),
  ].map((path) => readFileSync(path, "utf8"));
  const fragments = [
    ...'()[]{},:=-+*/%<>!.#"\\@$~\n\t é',
    ...'-> .. // == != <= >= 1.2.3 1e .5 0..3 "open'.split(" "),
    ..."import block model train param input out for in if else and or not true false as x".split(" "),
  ];
  const mutation = fc.oneof(
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.double({ min: 0, max: 1 }),
      text: fc.constantFrom(...fragments),
    }),
    fc.record({
      kind: fc.constant("insert" as const),
      at: fc.double({ min: 0, max: 1 }),
      text: fc.string({ maxLength: 4 }),
    }),
    fc.record({
      kind: fc.constant("delete" as const),
      at: fc.double({ min: 0, max: 1 }),
      length: fc.integer({ min: 1, max: 12 }),
    }),
    fc.record({ kind: fc.constant("deleteToken" as const), at: fc.double({ min: 0, max: 1 }) }),
    fc.record({
      kind: fc.constant("replace" as const),
      at: fc.double({ min: 0, max: 1 }),
      text: fc.constantFrom(...fragments),
    }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

  function mutate(text: string, m: Mutation): string {
    const at = Math.floor(m.at * text.length);
    switch (m.kind) {
      case "insert":
        return text.slice(0, at) + m.text + text.slice(at);
      case "delete":
        return text.slice(0, at) + text.slice(at + m.length);
      case "deleteToken": {
        const token = /^\s*(?:[A-Za-z_]\w*|\d[\w.]*|->|\.\.|[^\s\w])/.exec(text.slice(at));
        return token === null ? text : text.slice(0, at) + text.slice(at + token[0].length);
      }
      case "replace":
        return text.slice(0, at) + m.text + text.slice(at + 1);
    }
  }

  it("parses mutated specs quickly, without throwing, with every diagnostic inside the file", () => {
    fc.assert(
      fc.property(fc.constantFrom(...specs), fc.array(mutation, { minLength: 1, maxLength: 6 }), (spec, mutations) => {
        const text = mutations.reduce(mutate, spec);
        const diags = new Diagnostics();
        const started = performance.now();
        parseSource("t.net", text, diags);
        expect(performance.now() - started).toBeLessThan(500);
        const lines = text.split(/\r?\n/);
        for (const { loc } of diags.list) {
          expect(loc.file).toBe("t.net");
          expect(loc.line).toBeGreaterThanOrEqual(1);
          expect(loc.line).toBeLessThanOrEqual(lines.length);
          expect(loc.col).toBeGreaterThanOrEqual(1);
          expect(loc.col).toBeLessThanOrEqual(lines[loc.line - 1]!.length + 1);
          expect(loc.length).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
