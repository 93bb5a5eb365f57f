import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { layerCatalogue } from "../src/7-emit/layer-docs.js";
import { formatDiagnostic, inReadingOrder } from "../src/diagnostics.js";
import { frontEnd } from "../src/front-end.js";

describe("docs/layers.md", () => {
  it("is the catalogue generated from the op registry (regenerate: `npm run docs`)", () => {
    expect(readFileSync("docs/layers.md", "utf8")).toBe(layerCatalogue());
  });

  it("documents every argument with its default", () => {
    const catalogue = layerCatalogue();
    expect(catalogue).toContain("maxpool(x, kernel, stride = kernel, pad = 0, ceil = false)");
    expect(catalogue).toContain("concat(x1, x2, ..., axis = 1)");
    expect(catalogue).toContain("| `count_pad` | bool | `true` |");
  });
});

/** The fenced blocks of a Markdown file that are whole specs or block libraries, not fragments or output. */
function specSnippets(markdown: string): string[] {
  return [...markdown.matchAll(/^```\n([\s\S]*?)^```$/gm)]
    .map((match) => match[1]!)
    .filter((text) => /^(#|import|block|model)\b/.test(text) && /\bout\b/.test(text));
}

describe.each(["README.md", "docs/language.md"])("the specs in %s", (doc) => {
  const snippets = specSnippets(readFileSync(doc, "utf8"));

  it("are found", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(2);
  });

  it.each(snippets.map((text, i) => [i, text] as const))("snippet %i checks without errors", (i, text) => {
    const dir = mkdtempSync(join(tmpdir(), "netc-docs-"));
    try {
      const file = join(dir, `snippet${i}.net`);
      writeFileSync(file, text);
      const result = frontEnd(file, { library: true });
      expect(result.diagnostics.map((d) => formatDiagnostic(d, result.sources))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe("docs/language.md's train sections", () => {
  const sections = [...readFileSync("docs/language.md", "utf8").matchAll(/^```\n(train \{[\s\S]*?)^```$/gm)].map(
    (match) => match[1]!,
  );

  it("are found", () => {
    expect(sections.length).toBeGreaterThanOrEqual(1);
  });

  it.each(sections.map((text, i) => [i, text] as const))(
    "section %i checks without errors beside a model of its input size",
    (i, text) => {
      const side = Number(/resize = (\d+)/.exec(text)?.[1] ?? 28);
      const dir = mkdtempSync(join(tmpdir(), "netc-docs-"));
      try {
        const file = join(dir, `train${i}.net`);
        writeFileSync(
          file,
          `model m {\n  input x: [N, 1, ${side}, ${side}]\n  out x -> flatten -> linear(10)\n}\n${text}`,
        );
        const result = frontEnd(file);
        expect(result.diagnostics.map((d) => formatDiagnostic(d, result.sources))).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true });
      }
    },
  );
});

/**
 * The diagnostics the docs quote, as `netc check` prints them, from the specs that give them (the
 * docs show their lines only where the errors point).
 */
const quotedErrors = [
  {
    doc: "README.md",
    file: "bad.net",
    source: `import "std/vision.net"

model resnet_stem {
  input x: [N, 1, 96, 96]
  stem = x -> conv(64, 7, stride = 2, pad = 3) -> bn -> relu
  out stem -> residual(128, stride = 2) -> global_avgpool -> flatten -> lienar(10)
}
`,
  },
  { doc: "docs/language.md", file: "specs/mine.net", source: "model m {\n  y = x -> conv(6, 5\n  out y\n}\n" },
];

describe.each(quotedErrors)("the errors $doc quotes from $file", ({ doc, file, source }) => {
  it("are what netc check prints", () => {
    const dir = mkdtempSync(join(tmpdir(), "netc-docs-"));
    try {
      const path = join(dir, file);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, source);
      const result = frontEnd(path, { library: true });
      const errors = result.diagnostics.filter((d) => d.severity === "error").length;
      const printed = [
        ...inReadingOrder(result.diagnostics, result.sources).map((d) =>
          formatDiagnostic(d, result.sources).replaceAll(`${dir}/`, ""),
        ),
        ...(errors > 1 ? [`${errors} errors`] : []),
      ].join("\n");
      expect(readFileSync(doc, "utf8")).toContain("```\n" + printed + "\n```");
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
