import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { layerCatalogue } from "../src/7-emit/layer-docs.js";

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
