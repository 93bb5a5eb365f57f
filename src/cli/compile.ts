// `netc compile`: writes each spec's compiled model (TypeScript module, WGSL kernels, manifest)
// into OUT/<model>/, replacing the folder only once every file is written.

import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { compile, type CompileOptions } from "../compile.js";
import type { Diagnostic } from "../diagnostics.js";
import { emitModel } from "../7-emit/module.js";
import { packageRoot } from "../package-root.js";
import { writingTo } from "./train.js";

export interface CompiledSpec {
  file: string;
  model?: string;
  /** Which spec nodes each kernel of the training step computes, for `--explain`. */
  explanation?: string;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

export async function compileCommand(files: string[], out: string, options: CompileOptions): Promise<CompiledSpec[]> {
  const results: CompiledSpec[] = [];
  for (const file of files) {
    const result = compile(file, options);
    if (result.plan === undefined) {
      results.push({ file, diagnostics: result.diagnostics, sources: result.sources });
      continue;
    }
    const folder = join(out, result.plan.model);
    const runtime = relative(folder, join(packageRoot(), "runtime")).split(sep).join("/");
    const emitted = await emitModel(result.plan, runtime);
    const model = result.plan.model;
    await writingTo(out, "-o", async () => {
      await mkdir(out, { recursive: true });
      const staging = await mkdtemp(join(out, `.${model}-`));
      try {
        for (const f of emitted) {
          await mkdir(dirname(join(staging, f.path)), { recursive: true });
          await writeFile(join(staging, f.path), f.text);
        }
        await rm(folder, { recursive: true, force: true });
        await rename(staging, folder);
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
    });
    const plan = result.plan;
    const explanation = plan.train.map((d) => `  ${plan.kernels[d.kernel]!.name.padEnd(48)} ${d.label}`).join("\n");
    results.push({ file, model: plan.model, explanation, diagnostics: result.diagnostics, sources: result.sources });
  }
  return results;
}
