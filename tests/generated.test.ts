// generated/ must be exactly what `netc compile` emits for specs/ today.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/compile.js";
import { emitModel } from "../src/7-emit/module.js";

const specs = readdirSync("specs").filter((f) => f.endsWith(".net"));

function filesUnder(base: string, folder = base): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    return entry.isDirectory() ? filesUnder(base, path) : [relative(base, path).split(sep).join("/")];
  });
}

describe("generated/", () => {
  const compiled = specs.map((spec) => ({ spec, result: compile(`specs/${spec}`) }));

  it("holds a folder for every spec that compiles, and nothing else", () => {
    const expected = compiled
      .filter((c) => c.result.plan !== undefined)
      .map((c) => c.result.plan!.model)
      .sort();
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(readdirSync("generated").sort()).toEqual(expected);
  });

  for (const { spec, result } of compiled) {
    if (result.plan === undefined) continue;
    it(`is fresh for specs/${spec} (regenerate: netc compile specs/*.net -o generated)`, async () => {
      const folder = join("generated", result.plan!.model);
      expect(existsSync(folder)).toBe(true);
      // netc compile names the spec and the runtime by their paths from the model's folder.
      const emitted = await emitModel({ ...result.plan!, source: `../../specs/${spec}` }, "../../runtime");
      expect(filesUnder(folder).sort()).toEqual(emitted.map((f) => f.path).sort());
      for (const file of emitted) expect(readFileSync(join(folder, file.path), "utf8"), file.path).toBe(file.text);
    });
  }
});
