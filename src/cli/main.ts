// The `netc` command line. Exit status: 0 success, 1 errors in a spec, 2 usage errors.

import { Command, CommanderError } from "commander";
import { formatDiagnostic, type Diagnostic } from "../diagnostics.js";
import { frontEnd } from "../front-end.js";
import { formatSummary, summarize } from "../7-emit/summary.js";
import type { Graph } from "../ir/graph.js";
import { compileCommand } from "./compile.js";
import { CommandError, evalCommand, trainCommand } from "./train.js";

/** Exit status for errors in the user's spec (diagnostics printed). */
export const SPEC_ERROR = 1;
/** Exit status for a wrong command line. */
export const USAGE_ERROR = 2;

export class UsageError extends Error {}

function printDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>): void {
  const inOrder = [...diagnostics].sort(
    (a, b) => a.loc.file.localeCompare(b.loc.file) || a.loc.line - b.loc.line || a.loc.col - b.loc.col,
  );
  for (const d of inOrder) process.stderr.write(formatDiagnostic(d, sources) + "\n");
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) process.stderr.write(`${errors} error${errors === 1 ? "" : "s"}\n`);
}

/** Runs the front end on `file`; prints diagnostics and returns the graph, or undefined on errors. */
export function loadGraph(file: string): Graph | undefined {
  const result = frontEnd(file);
  printDiagnostics(result.diagnostics, result.sources);
  return result.graph;
}

function positiveInt(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive integer, got '${text}'`);
    return n;
  };
}

export function buildProgram(): Command {
  const program = new Command("netc")
    .description("Compiles .net network specs to WebGPU training code")
    .showSuggestionAfterError(true)
    .exitOverride();

  program
    .command("check")
    .description("report every error in the given specs (nothing is written)")
    .argument("<files...>", ".net spec files")
    .action((files: string[]) => {
      let failed = false;
      for (const file of files) failed = loadGraph(file) === undefined || failed;
      process.exitCode = failed ? SPEC_ERROR : 0;
    });

  program
    .command("summary")
    .description("print the layer table: output shapes, parameters and FLOPs")
    .argument("<file>", ".net spec file")
    .option("--batch <n>", "batch size for shapes and FLOPs", positiveInt("--batch"), 1)
    .option("--json", "print one JSON object instead of a table")
    .action((file: string, options: { batch: number; json?: boolean }) => {
      const graph = loadGraph(file);
      if (graph === undefined) {
        process.exitCode = SPEC_ERROR;
        return;
      }
      const summary = summarize(graph, options.batch);
      process.stdout.write((options.json ? JSON.stringify(summary) : formatSummary(summary)) + "\n");
    });

  program
    .command("compile")
    .description("compile specs to a TypeScript module, WGSL kernels and a manifest per model")
    .argument("<files...>", ".net spec files")
    .requiredOption("-o, --out <dir>", "output folder (one sub-folder per model)")
    .option("--batch <n>", "training batch size (default: the spec's)", positiveInt("--batch"))
    .option("--no-fuse", "turn the fusion passes off (to compare)")
    .option("--explain", "print which spec nodes each kernel of the training step computes")
    .action(async (files: string[], options: { out: string; batch?: number; fuse: boolean; explain?: boolean }) => {
      const results = await compileCommand(files, options.out, options);
      let failed = false;
      for (const r of results) {
        printDiagnostics(r.diagnostics, r.sources);
        if (r.model === undefined) failed = true;
        else process.stderr.write(`${r.file}: wrote ${options.out}/${r.model}/\n`);
        if (options.explain && r.explanation !== undefined)
          process.stdout.write(`${r.model}: training step, kernel ← spec nodes\n${r.explanation}\n`);
      }
      process.exitCode = failed ? SPEC_ERROR : 0;
    });

  program
    .command("train")
    .description("train a spec on this machine's WebGPU adapter; writes checkpoint, metrics and plot")
    .argument("<file>", ".net spec file")
    .option("--epochs <n>", "epochs (default: the spec's)", positiveInt("--epochs"))
    .option("--batch <n>", "batch size (default: the spec's)", positiveInt("--batch"))
    .option("--lr <rate>", "learning rate (default: the spec's)", positiveNumber("--lr"))
    .option("--seed <n>", "random seed for initialisation, shuffling and dropout", nonNegativeInt("--seed"))
    .option("--steps <n>", "stop each epoch after this many steps (a quick run)", positiveInt("--steps"))
    .option("--data <dir>", "Fashion-MNIST folder (default: /usr/share/datasets/fashion-mnist)")
    .option("--out <dir>", "where to write the checkpoint, metrics and plot", "out")
    .option("--no-fuse", "turn the fusion passes off (to compare)")
    .action(async (file: string, options: Parameters<typeof trainCommand>[1]) => {
      await trainCommand(file, options);
    });

  program
    .command("eval")
    .description("evaluate trained weights on the test set")
    .argument("<file>", ".net spec file")
    .requiredOption("--weights <file>", "safetensors checkpoint written by netc train")
    .option("--data <dir>", "Fashion-MNIST folder")
    .action(async (file: string, options: { weights: string; data?: string }) => {
      const result = await evalCommand(file, options);
      process.stdout.write(`test loss ${result.loss.toFixed(4)}, test accuracy ${result.accuracy.toFixed(4)}\n`);
    });

  return program;
}

function positiveNumber(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${flag} must be a positive number, got '${text}'`);
    return n;
  };
}

function nonNegativeInt(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a non-negative integer, got '${text}'`);
    return n;
  };
}

/** Errors whose message already tells the user what to do (no adapter, no dataset, bad weights). */
function isUserFacing(error: unknown): boolean {
  return (
    error instanceof Error &&
    ["NoAdapterError", "DatasetNotFoundError", "SafetensorsError", "IdxError", "NonFiniteLossError"].includes(
      error.name,
    )
  );
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has printed its message; help and version exit cleanly.
      return error.exitCode === 0 ? 0 : USAGE_ERROR;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`netc: ${error.message}\n`);
      return USAGE_ERROR;
    }
    if (error instanceof CommandError || isUserFacing(error)) {
      process.stderr.write(`netc: ${(error as Error).message}\n`);
      return SPEC_ERROR;
    }
    throw error;
  }
}
