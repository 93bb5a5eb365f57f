import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { layerCatalogue } from "../src/7-emit/layer-docs.js";
import { formatDiagnostic } from "../src/diagnostics.js";
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
