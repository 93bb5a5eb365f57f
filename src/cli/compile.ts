// `netc compile`: writes each spec's compiled model (TypeScript module, WGSL kernels, manifest)
// into OUT/<model>/, replacing the folder only once every file is written, and only once every
// spec is compiled and no two models would share a folder.

import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { lstat, mkdir, readdir, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { compile, type CompileOptions } from "../compile.js";
import type { Diagnostic } from "../diagnostics.js";
import { emitModel, type EmittedFile } from "../7-emit/module.js";
import { packageRoot } from "../package-root.js";
import { makeFolder, UnwritableTargetError } from "../../runtime/node/files.js";
import { CommandError, writingTo } from "./train.js";

export interface CompiledSpec {
  file: string;
  model?: string;
  /** Which spec nodes each kernel of the training step computes, for `--explain`. */
  explanation?: string;
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

/**
 * `runtime`: what the modules import runtime/ from (`--runtime`): a folder, as a path (`./`, `../`
 * or `/`) from the current directory, or a package specifier kept as it is; default netc's own runtime/.
 */
export async function compileCommand(
  files: string[],
  out: string,
  options: CompileOptions & { runtime?: string },
): Promise<CompiledSpec[]> {
  const results: CompiledSpec[] = [];
  const folders: { file: string; model: string; emitted: EmittedFile[] }[] = [];
  for (const file of files) {
    const result = compile(file, options);
    const { diagnostics, sources } = result;
    if (result.plan === undefined) {
      results.push({ file, diagnostics, sources });
      continue;
    }
    // The spec's path from the module's folder: the output is the same whatever folder netc ran
    // in, and names no path of the machine that built it.
    const folder = join(out, result.plan.model);
    const plan = { ...result.plan, source: relative(folder, file).split(sep).join("/") };
    const runtime = runtimeSpecifier(options.runtime, folder);
    folders.push({ file, model: plan.model, emitted: await emitModel(plan, runtime) });
    const explanation = plan.train.map((d) => `  ${plan.kernels[d.kernel]!.name.padEnd(48)} ${d.label}`).join("\n");
    results.push({ file, model: plan.model, explanation, diagnostics, sources });
  }
  // Every check before the first write: a run that fails writes nothing.
  folders.forEach(({ file, model }, i) => {
    const first = folders.slice(0, i).find((f) => f.model === model);
    if (first !== undefined)
      throw new CommandError(
        `${first.file} and ${file} both define model '${model}', which would be written to the same ${join(out, model)}/: rename one of them or compile them into different -o folders`,
      );
  });
  await writingTo(out, "-o", () => makeFolder(out));
  for (const { model } of folders) {
    const folder = join(out, model);
    await writingTo(folder, "-o", () => checkReplaceable(folder));
  }
  for (const { model, emitted } of folders) await writeModelFolder(join(out, model), emitted);
  return results;
}

/** Whether `--runtime` names a folder (else a package). */
function isFolder(runtime: string): boolean {
  return /^\.{0,2}\//.test(runtime);
}

/**
 * What is likely wrong with `--runtime`, for a warning: a folder that holds no runtime (yet), or a
 * folder here written without ./, which names a package instead.
 */
export function runtimeWarning(runtime: string | undefined): string | undefined {
  if (runtime === undefined) return undefined;
  if (!isFolder(runtime)) {
    return existsSync(runtime)
      ? `--runtime ${runtime} names a package, not the folder of that name here: write ./${runtime} to import the folder`
      : undefined;
  }
  if (["engine.ts", "engine.js"].some((file) => existsSync(join(runtime, file)))) return undefined;
  return `--runtime ${runtime} holds no engine.ts or engine.js yet: the modules import the runtime from there, so copy netc's runtime/ folder to it`;
}

/** How a module in `folder` imports runtime/: see compileCommand's `runtime`. */
function runtimeSpecifier(runtime: string | undefined, folder: string): string {
  if (runtime !== undefined && !isFolder(runtime)) return runtime;
  const path = relative(folder, resolve(runtime ?? join(packageRoot(), "runtime")))
    .split(sep)
    .join("/");
  return path.startsWith("../") ? path : `./${path}`;
}

/** The files `netc compile` writes in a model's folder (emitModel's paths). */
const EMITTED_PATH = /^(model\.ts|manifest\.json|kernels|kernels\/[^/]+\.wgsl)$/;

/**
 * Refuses to replace anything at `folder` but an earlier output of netc's: a file, a link, or a
 * folder holding anything netc does not write there is the user's.
 */
async function checkReplaceable(folder: string): Promise<void> {
  let stats;
  try {
    stats = await lstat(folder);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (stats.isSymbolicLink()) throw new UnwritableTargetError(folder, "a symbolic link, which netc would replace");
  if (!stats.isDirectory()) throw new UnwritableTargetError(folder, "a file is in the way");
  const foreign = (await readdir(folder, { recursive: true })).find(
    (path) => !EMITTED_PATH.test(path.split(sep).join("/")),
  );
  if (foreign !== undefined)
    throw new UnwritableTargetError(folder, `a folder netc did not write, holding ${join(folder, foreign)}`);
}

/** Replaces `folder` by one holding `emitted`, written beside it first so a failure leaves the old one. */
async function writeModelFolder(folder: string, emitted: EmittedFile[]): Promise<void> {
  await writingTo(folder, "-o", async () => {
    // mkdir, not mkdtemp (0700): the folder gets the umask's permissions, readable by a web server.
    const staging = join(dirname(folder), `.${basename(folder)}-${randomBytes(6).toString("hex")}`);
    await mkdir(staging);
    try {
      for (const f of emitted) {
        await makeFolder(dirname(join(staging, f.path)));
        await writeFile(join(staging, f.path), f.text);
      }
      await rm(folder, { recursive: true, force: true });
      await rename(staging, folder);
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    }
  });
}
