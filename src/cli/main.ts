// The `netc` command line. Exit status: 0 success, 1 errors in a spec, 2 usage errors.

import { Command, CommanderError } from "commander";
import { planGraph, type CompileOptions } from "../compile.js";
import { Diagnostics, formatDiagnostic, inReadingOrder, type Diagnostic } from "../diagnostics.js";
import { frontEnd } from "../front-end.js";
import { NO_LIMITS } from "../6-plan/index.js";
import { DEFAULT_FASHION_MNIST_DIR } from "../../runtime/node/fashion-mnist.js";
import { MAX_SEED } from "../2-elaborate/train.js";
import { formatSummary } from "../7-emit/summary.js";
import { compileCommand, runtimeWarning } from "./compile.js";
import { exportCommand, type ExportOptions } from "./export.js";
import { formatProfile, profileCommand, type ProfileCommandOptions } from "./profile.js";
import { summaryCommand, type SummaryOptions } from "./summary.js";
import { CommandError, evalCommand, SpecError, thisAdapterTarget, trainCommand } from "./train.js";
import { formatTuneReport, tuneCommand, type TuneCommandOptions } from "./tune.js";

/** Exit status for errors in the user's spec (diagnostics printed). */
const SPEC_ERROR = 1;
/** Exit status for a wrong command line. */
const USAGE_ERROR = 2;

export class UsageError extends Error {}

function printDiagnostics(diagnostics: Diagnostic[], sources: Map<string, string>): void {
  for (const d of inReadingOrder(diagnostics, sources)) process.stderr.write(formatDiagnostic(d, sources) + "\n");
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  if (errors > 0) process.stderr.write(`${errors} error${errors === 1 ? "" : "s"}\n`);
}

/**
 * Prints every error in `file` short of a device's limits: the front end's, then, for a model with
 * a train section, its plan's (`netc check`); a file of blocks alone is checked as a library. True
 * when there is none.
 */
function checkSpec(file: string): boolean {
  const front = frontEnd(file, { library: true });
  const diags = new Diagnostics();
  diags.list.push(...front.diagnostics);
  if (front.graph?.train !== undefined) planGraph(front.graph, file, { limits: NO_LIMITS }, diags);
  printDiagnostics(diags.list, front.sources);
  return !diags.hasErrors;
}

/** A plain decimal integer from `min` to `max` (at most Number.MAX_SAFE_INTEGER): no sign, exponent, hex or spaces. */
function integerOption(flag: string, min: number, what: string, max = Number.MAX_SAFE_INTEGER) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^[0-9]+$/.test(text) || n < min) throw new UsageError(`${flag} must be ${what}, got '${text}'`);
    if (!(n <= max)) throw new UsageError(`${flag} must be at most ${max}, got '${text}'`);
    return n;
  };
}

const positiveInt = (flag: string) => integerOption(flag, 1, "a positive integer");

/** A plain decimal number, with an exponent where wanted (`0.1`, `1e-3`, `.5`): no sign, hex or spaces. */
function positiveNumber(flag: string) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$/.test(text) || !(n > 0) || !Number.isFinite(n))
      throw new UsageError(`${flag} must be a positive number, got '${text}'`);
    return n;
  };
}

type CompileCommandOptions = CompileOptions & {
  out: string;
  explain?: boolean;
  tuned?: boolean;
  tuneCache?: string;
  runtime?: string;
};

/** One option on every command that compiles: a smaller input for a quick run of a big CNN. */
const imageSizeOption = [
  "--image-size <side>",
  "input height and width in pixels, replacing the spec's (the data is resized to match)",
  positiveInt("--image-size"),
] as const;

const TUNE_CACHE_DEFAULT = "$XDG_CACHE_HOME/netc/tune.json, ~/.cache/netc/tune.json without it";
const DATA_HELP = `Fashion-MNIST folder (default: $NETC_DATA, else ${DEFAULT_FASHION_MNIST_DIR})`;

function buildProgram(): Command {
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
      for (const file of files) failed = !checkSpec(file) || failed;
      process.exitCode = failed ? SPEC_ERROR : 0;
    });

  program
    .command("summary")
    .description("print the layer table (shapes, parameters, FLOPs), dispatches per step and GPU memory")
    .argument("<file>", ".net spec file")
    .option(
      "--batch <n>",
      "batch size (default: the table keeps the spec's N, the plan uses the spec's batch)",
      positiveInt("--batch"),
    )
    .option(...imageSizeOption)
    .option("--no-fuse", "turn the fusion passes off (to compare)")
    .option("--json", "print one JSON object instead of a table")
    .action((file: string, options: SummaryOptions & { json?: boolean }) => {
      const { summary, diagnostics, sources } = summaryCommand(file, options);
      printDiagnostics(diagnostics, sources);
      if (summary === undefined) {
        process.exitCode = SPEC_ERROR;
        return;
      }
      process.stdout.write((options.json ? JSON.stringify(summary) : formatSummary(summary)) + "\n");
    });

  program
    .command("compile")
    .description("compile specs to a TypeScript module, WGSL kernels and a manifest per model")
    .argument("<files...>", ".net spec files")
    .requiredOption("-o, --out <dir>", "output folder (one sub-folder per model)")
    .option("--batch <n>", "training batch size (default: the spec's)", positiveInt("--batch"))
    .option(...imageSizeOption)
    .option("--no-fuse", "turn the fusion passes off (to compare)")
    .option("--explain", "print which spec nodes each kernel of the training step computes")
    .option("--tuned", "kernels for this machine's adapter: its subgroups and the tiles `netc tune` cached for it")
    .option("--tune-cache <file>", `the tile cache --tuned reads (default: ${TUNE_CACHE_DEFAULT})`)
    .option(
      "--runtime <path>",
      "where the modules import runtime/ from: a folder (./, ../ or /) or a package specifier (default: netc's runtime/)",
    )
    .action(async (files: string[], options: CompileCommandOptions) => {
      if (options.tuneCache !== undefined && !options.tuned) throw new UsageError("--tune-cache needs --tuned");
      const warning = runtimeWarning(options.runtime);
      if (warning !== undefined) process.stderr.write(`netc: warning: ${warning}\n`);
      // Without --tuned the kernels are portable and the same on every machine (generated/ is).
      const target = options.tuned ? await thisAdapterTarget(options.tuneCache) : undefined;
      const results = await compileCommand(files, options.out, { ...options, ...(target ? { target } : {}) });
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
    .option(...imageSizeOption)
    .option("--lr <rate>", "learning rate (default: the spec's)", positiveNumber("--lr"))
    .option(
      "--seed <n>",
      `random seed for initialisation, shuffling and dropout, 0 to ${MAX_SEED} (default: the spec's, or 0)`,
      integerOption("--seed", 0, "a non-negative integer", MAX_SEED),
    )
    .option("--steps <n>", "stop each epoch after this many steps (a quick run)", positiveInt("--steps"))
    .option("--data <dir>", DATA_HELP)
    .option("--out <dir>", "where to write the checkpoint, metrics and plot", "out")
    .option("--weights <file>", "start from this checkpoint of the spec's model (the optimizer starts afresh)")
    .option("--no-fuse", "turn the fusion passes off (to compare)")
    .option("--tune-cache <file>", `the tile cache of \`netc tune\` (default: ${TUNE_CACHE_DEFAULT})`)
    .action(async (file: string, options: Parameters<typeof trainCommand>[1]) => {
      await trainCommand(file, options);
    });

  program
    .command("tune")
    .description(
      "measure GEMM tiles for a spec's layers on this machine's adapter and cache the fastest, where they make the training step faster",
    )
    .argument("<file>", ".net spec file")
    .option("--batch <n>", "batch size (default: the spec's)", positiveInt("--batch"))
    .option(...imageSizeOption)
    .option("--no-fuse", "turn the fusion passes off (to compare)")
    .option("--tune-cache <file>", `the tile cache to update (default: ${TUNE_CACHE_DEFAULT})`)
    .action(async (file: string, options: TuneCommandOptions) => {
      const report = await tuneCommand(file, options, (line) => process.stderr.write(`${line}\n`));
      process.stdout.write(formatTuneReport(report) + "\n");
    });

  program
    .command("eval")
    .description("evaluate trained weights on the test set")
    .argument("<file>", ".net spec file")
    .requiredOption("--weights <file>", "safetensors checkpoint written by netc train")
    .option(...imageSizeOption)
    .option("--data <dir>", DATA_HELP)
    .action(async (file: string, options: { weights: string; imageSize?: number; data?: string }) => {
      const { loss, accuracy } = await evalCommand(file, options);
      const accuracyText = accuracy === undefined ? "" : `, test accuracy ${accuracy.toFixed(4)}`;
      process.stdout.write(`test loss ${loss.toFixed(4)}${accuracyText}\n`);
    });

  program
    .command("export")
    .description(
      "write trained weights for inference, each batch norm after a conv or linear layer folded into the layer's weight and bias",
    )
    .argument("<file>", ".net spec file")
    .requiredOption("--weights <file>", "safetensors checkpoint written by netc train")
    .requiredOption("-o, --out <file>", "the safetensors file to write")
    .action(async (file: string, options: ExportOptions) => {
      const { folded, tensors } = await exportCommand(file, options);
      const what =
        folded.length === 0
          ? "no batch norm follows a conv or linear layer"
          : `folded ${folded.map((f) => `${f.norm} into ${f.layer}`).join(", ")}`;
      process.stdout.write(`wrote ${options.out}: ${tensors} tensors; ${what}\n`);
    });

  program
    .command("profile")
    .description("time every kernel of a few training steps on this machine's adapter (timestamp queries)")
    .argument("<file>", ".net spec file")
    .option("--batch <n>", "batch size (default: the spec's)", positiveInt("--batch"))
    .option(...imageSizeOption)
    .option("--steps <n>", "timed training steps", positiveInt("--steps"), 10)
    .option("--data <dir>", DATA_HELP)
    .option("--no-fuse", "turn the fusion passes off (to compare)")
    .option("--tune-cache <file>", `the tile cache of \`netc tune\` (default: ${TUNE_CACHE_DEFAULT})`)
    .action(async (file: string, options: ProfileCommandOptions) => {
      process.stdout.write(formatProfile(await profileCommand(file, options)) + "\n");
    });

  return program;
}

/** Errors whose message already tells the user what to do (no adapter, no dataset, bad weights). */
function isUserFacing(error: unknown): boolean {
  return (
    error instanceof Error &&
    [
      "NoAdapterError",
      "DatasetNotFoundError",
      "DatasetFileError",
      "SafetensorsError",
      "IdxError",
      "NonFiniteLossError",
    ].includes(error.name)
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
    // Located like `netc check` prints them, for editors' error matchers.
    if (error instanceof SpecError && error.diagnostics.length > 0) {
      printDiagnostics(error.diagnostics, error.sources);
      return SPEC_ERROR;
    }
    if (error instanceof CommandError || isUserFacing(error)) {
      process.stderr.write(`netc: ${(error as Error).message}\n`);
      return SPEC_ERROR;
    }
    throw error;
  }
}
