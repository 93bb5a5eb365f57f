// generated/ must be exactly what `netc compile` emits for specs/ today.

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../src/compile.js";
import { emitModel } from "../src/7-emit/module.js";
import type { ModelPlan } from "../runtime/plan.js";

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

  it("describes in manifest.json the plan its module holds, and holds each kernel as a .wgsl file", async () => {
    const { plan } = (await import("../generated/bn_lenet/model.js")) as { plan: ModelPlan };
    const manifest = JSON.parse(readFileSync("generated/bn_lenet/manifest.json", "utf8")) as {
      tensors: { name: string; shape: number[] }[];
      buffers: unknown[];
      kernels: string[];
      dispatches: Record<
        "train" | "evaluate" | "predict",
        { kernel: string; workgroups: number[]; bindings: number[] }[]
      >;
      statistics: number;
    };
    expect(manifest.tensors.map((t) => [t.name, t.shape])).toEqual(plan.tensors.map((t) => [t.name, t.shape]));
    expect(manifest.buffers).toEqual(plan.buffers);
    expect(manifest.kernels).toEqual(plan.kernels.map((k) => k.name));
    for (const schedule of ["train", "evaluate", "predict"] as const) {
      expect(manifest.dispatches[schedule]).toEqual(
        plan[schedule].map((d) => ({
          label: d.label,
          kernel: plan.kernels[d.kernel]!.name,
          workgroups: d.workgroups,
          bindings: d.bindings,
        })),
      );
    }
    expect(manifest.statistics).toBe(plan.statistics);
    for (const kernel of plan.kernels) {
      const file = readFileSync(join("generated/bn_lenet/kernels", `${kernel.name}.wgsl`), "utf8");
      // The module holds each kernel after a line break, the file after its header line.
      expect(file.slice(file.indexOf("\n"))).toBe(kernel.code);
    }
  });

  it("writes index arithmetic without steps that do nothing (× 1, ÷ 1, % 1, + 0)", () => {
    const noOps = /[*/%] 1u?\b(?![.\w])|\+ 0u\b|(?<![\w.])0u \+| - 0\b(?![.\w])/;
    const offending = compiled.flatMap(({ result }) =>
      (result.plan?.kernels ?? []).flatMap((kernel) =>
        kernel.code
          .split("\n")
          .map((line) => line.replace(/\/\/.*/, "").trim())
          .filter((line) => noOps.test(line))
          .map((line) => `${kernel.name}: ${line}`),
      ),
    );
    expect(offending).toEqual([]);
  });
});
