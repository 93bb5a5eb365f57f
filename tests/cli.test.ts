// The `netc` command as users run it (bin/netc on the compiled dist/): exit statuses, what goes to
// stdout and stderr, and `summary --json` against PyTorch's parameter counts.

import { execFile, execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { open } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseMetricsLines } from "../runtime/metrics.js";
import { plotCurves } from "../runtime/plot.js";
import { decodeSafetensors } from "../runtime/safetensors.js";
import { compileCommand, runtimeWarning } from "../src/cli/compile.js";
import { CommandError, openModel, trainCommand } from "../src/cli/train.js";
import { compile } from "../src/compile.js";
import type { Summary } from "../src/7-emit/summary.js";

const CLI_ENTRY = "dist/src/cli/main.js";
const specs = readdirSync("specs")
  .filter((f) => f.endsWith(".net"))
  .map((f) => `specs/${f}`);
const oracle = JSON.parse(readFileSync("tests/fixtures/zoo_shapes.json", "utf8")) as Record<string, { params: number }>;

/** Newest modification time of the TypeScript sources that `npm run build` compiles. */
function newestSourceTime(): number {
  const { include } = JSON.parse(readFileSync("tsconfig.json", "utf8")) as { include: string[] };
  let newest = 0;
  for (const folder of include.filter((f) => existsSync(f))) {
    for (const entry of readdirSync(folder, { recursive: true, encoding: "utf8" })) {
      if (entry.endsWith(".ts")) newest = Math.max(newest, statSync(join(folder, entry)).mtimeMs);
    }
  }
  return newest;
}

beforeAll(() => {
  if (existsSync(CLI_ENTRY) && statSync(CLI_ENTRY).mtimeMs >= newestSourceTime()) return;
  const build = spawnSync("npm", ["run", "build"], { encoding: "utf8" });
  if (build.status !== 0) {
    throw new Error(`npm run build failed, so bin/netc cannot be tested:\n${build.stdout}${build.stderr}`);
  }
});

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs bin/netc; asynchronous, because each run spends about a second starting up. */
function netc(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["bin/netc", ...args], { encoding: "utf8" }, (error, stdout, stderr) => {
      // A non-zero exit is a result to check; only a failure to start is an error here.
      if (error === null) resolve({ status: 0, stdout, stderr });
      else if (typeof error.code === "number") resolve({ status: error.code, stdout, stderr });
      else reject(error);
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), "netc-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.concurrent("netc check", () => {
  it("accepts every spec of the zoo silently", async () => {
    expect(await netc("check", ...specs)).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("prints each error of a bad spec as file:line:col and exits 1, still checking the other files", async () => {
    const bad = join(dir, "bad.net");
    writeFileSync(
      bad,
      "model m {\n  input x: [N, 1, 28, 28]\n  y = x -> conv(6, 5, strides = 2)\n  out x -> lienar(10)\n}\n",
    );
    const run = await netc("check", bad, "specs/mlp.net", "specs/no-such-spec.net");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.filter((line) => /^\S+:\d+:\d+: error: /.test(line))).toEqual([
      `${bad}:3:23: error: layer 'conv' has no parameter 'strides' (did you mean 'stride'?)`,
      `${bad}:4:12: error: unknown layer or block 'lienar' (did you mean 'linear'?)`,
      "specs/no-such-spec.net:1:1: error: cannot read file (no such file): check the path",
    ]);
    // One count per file with errors.
    expect(lines.filter((line) => /^\d+ errors?$/.test(line))).toEqual(["2 errors", "1 error"]);
  });

  it("exits 1 when only a file before the last has errors", async () => {
    const bad = join(dir, "bad-first.net");
    writeFileSync(bad, "model m {\n  input x: [N, 4]\n  out x -> lienar(2)\n}\n");
    const run = await netc("check", bad, "specs/mlp.net");
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      `${bad}:3:12: error: unknown layer or block 'lienar' (did you mean 'linear'?)`,
    );
  });

  it("reports a plan's errors too: batch norm with one value per channel at the spec's batch", async () => {
    const bn = join(dir, "bn-batch-1.net");
    writeFileSync(bn, readFileSync("specs/bn_lenet.net", "utf8").replace(/batch = \d+/, "batch = 1"));
    const run = await netc("check", bn);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      `${bn}:13:22: error: bn in training needs more than one value per channel, but its input [N, 84] has one at batch 1: use a batch of at least 2`,
    );
  });

  it("warns of a model its spec's data cannot feed, which netc train refuses at the same place", async () => {
    const misfit = join(dir, "misfit.net");
    writeFileSync(misfit, readFileSync("specs/mlp.net", "utf8").replace("linear(10)", "linear(2)"));
    const check = await netc("check", misfit);
    expect(check.status).toBe(0);
    const warning = `${misfit}:4:46: warning: the model's output [N, 2] does not score Fashion-MNIST's 10 classes: end the model with 10 outputs, e.g. linear(10)`;
    expect(check.stderr.split("\n")[0]).toBe(warning);
    const train = await netc("train", misfit, "--steps", "1", "--out", join(dir, "misfit-out"));
    expect(train.status).toBe(1);
    expect(train.stderr.split("\n")[0]).toBe(warning.replace("warning:", "error:"));
    expect(existsSync(join(dir, "misfit-out"))).toBe(false);
  });

  it("prints the entry file's errors first, then an import's, whatever order they were found in", async () => {
    const folder = mkdtempSync(join(dir, "reading-order-"));
    writeFileSync(join(folder, "aa-lib.net"), "block unused(x: tensor, c: int = 2.5) {\n  out x\n}\n");
    const entry = join(folder, "zz-entry.net");
    writeFileSync(entry, 'import "aa-lib.net"\nmodel m {\n  input x: [N, 4]\n  out y -> flatten\n  out z\n}\n');
    const run = await netc("check", entry);
    expect(run.status).toBe(1);
    const located = run.stderr.split("\n").filter((line) => line.includes(": error: "));
    expect(located.map((line) => line.slice(0, line.indexOf(": error: ")).replace(`${folder}/`, ""))).toEqual([
      "zz-entry.net:4:7",
      "zz-entry.net:5:3",
      "aa-lib.net:1:34",
    ]);
  });

  it("checks a model without a train section as a model alone: no plan, so no 'no train section' error", async () => {
    const untrained = join(dir, "untrained.net");
    writeFileSync(untrained, "model m {\n  input x: [N, 4]\n  out x -> linear(2)\n}\n");
    expect(await netc("check", untrained)).toEqual({ status: 0, stdout: "", stderr: "" });
  });

  it("checks a file of blocks without a model as a library: its block headers, no 'no model' error", async () => {
    expect(await netc("check", "std/vision.net")).toEqual({ status: 0, stdout: "", stderr: "" });
    const library = join(dir, "library.net");
    writeFileSync(library, "block twice(x: tensor, x: int) {\n  out x\n}\n");
    const run = await netc("check", library);
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(`${library}:1:24: error: parameter 'x' is already defined`);
    const compiled = await netc("compile", library, "-o", join(dir, "library-out"));
    expect(compiled.status).toBe(1);
    expect(compiled.stderr).toContain("error: no model in this file");
  });

  it("stops at 50 errors on a file that is not a spec, saying so, instead of one per token", async () => {
    // 200,000 stray semicolons: 200,000 errors would overflow the stack that gathers them, and the terminal.
    const junk = join(dir, "junk.net");
    writeFileSync(junk, ";\n".repeat(200_000));
    const run = await netc("check", junk);
    expect(run.status).toBe(1);
    const errors = run.stderr.split("\n").filter((line) => line.includes(": error: "));
    expect(errors).toHaveLength(50);
    expect(errors[49]).toBe(
      `${junk}:50:1: error: too many errors: netc stops at 50; fix the ones above (is this a .net spec?) and run it again`,
    );
    expect(run.stderr.endsWith("\n50 errors\n")).toBe(true);
  });

  it("reports a file it cannot read as a located error and exits 1", async () => {
    expect(await netc("check", "specs/no-such-spec.net")).toEqual({
      status: 1,
      stdout: "",
      stderr: "specs/no-such-spec.net:1:1: error: cannot read file (no such file): check the path\n1 error\n",
    });
  });

  it("reports a binary file, a checkpoint passed for the spec, in one error", async () => {
    expect(await netc("check", "examples/web/mlp.safetensors")).toEqual({
      status: 1,
      stdout: "",
      stderr:
        "examples/web/mlp.safetensors:1:1: error: cannot read file (binary data, not a .net spec): check the path\n1 error\n",
    });
  });
});

describe.concurrent("usage errors", () => {
  it.each([
    [["frobnicate"], "error: unknown command 'frobnicate'"],
    [["summary"], "error: missing required argument 'file'"],
    [["summary", "specs/mlp.net", "--batch", "0"], "netc: --batch must be a positive integer, got '0'"],
    [["profile", "specs/mlp.net", "--steps", "0"], "netc: --steps must be a positive integer, got '0'"],
    [["train", "specs/mlp.net", "--batch", "1e2"], "netc: --batch must be a positive integer, got '1e2'"],
    [["train", "specs/mlp.net", "--batch", "0x10"], "netc: --batch must be a positive integer, got '0x10'"],
    [["train", "specs/mlp.net", "--batch", " 8"], "netc: --batch must be a positive integer, got ' 8'"],
    [["train", "specs/mlp.net", "--seed", "1.0"], "netc: --seed must be a non-negative integer, got '1.0'"],
    // The engine's seeds are 32-bit: a larger one was an internal error once the model was created.
    [["train", "specs/mlp.net", "--seed", "4294967296"], "netc: --seed must be at most 4294967295, got '4294967296'"],
    [
      ["train", "specs/mlp.net", "--epochs", "99999999999999999999"],
      "netc: --epochs must be at most 9007199254740991, got '99999999999999999999'",
    ],
    [["train", "specs/mlp.net", "--lr", "0x1"], "netc: --lr must be a positive number, got '0x1'"],
    [["train", "specs/mlp.net", "--lr", "1e400"], "netc: --lr must be a positive number, got '1e400'"],
    // Zero is no positive number, however it is spelt.
    [["train", "specs/mlp.net", "--lr", "0"], "netc: --lr must be a positive number, got '0'"],
    [["train", "specs/mlp.net", "--lr", "0.0"], "netc: --lr must be a positive number, got '0.0'"],
    [["train", "specs/mlp.net", "--lr", "0e5"], "netc: --lr must be a positive number, got '0e5'"],
    // Options are parsed in order: a --batch error after them means these --lr were accepted.
    [
      ["train", "specs/mlp.net", "--lr", "1e-3", "--lr", ".5", "--lr", "2.", "--batch", "+8"],
      "netc: --batch must be a positive integer, got '+8'",
    ],
  ])("netc %j exits 2 with one line and no stack trace", async (args, message) => {
    expect(await netc(...args)).toEqual({ status: 2, stdout: "", stderr: `${message}\n` });
  });

  it.each([["--help"], ["train", "--help"]])("netc %j prints the help to stdout and exits 0", async (...args) => {
    const run = await netc(...args);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/^Usage: netc /);
  });
});

describe.concurrent("located errors", () => {
  const bad = join(dir, "located.net");
  writeFileSync(bad, "model m {\n  input x: [N, 1, 28, 28]\n  out x -> flatten -> lienar(10)\n}\n");
  it.each([
    ["train", bad],
    ["eval", bad, "--weights", "w.safetensors"],
    ["export", bad, "--weights", "w.safetensors", "-o", join(dir, "located.safetensors")],
    ["summary", bad],
  ])("netc %s prints a spec's errors as check does: file:line:col: error:", async (...args) => {
    const run = await netc(...args);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe((await netc("check", bad)).stderr);
    expect(run.stderr.split("\n")[0]).toBe(
      `${bad}:3:23: error: unknown layer or block 'lienar' (did you mean 'linear'?)`,
    );
  });
});

describe("netc compile --tuned", () => {
  it("writes BN-LeNet with this adapter's kernels and exits 0", async () => {
    // Compiling outlives the device that asked the adapter for its subgroups: collecting that
    // device's Dawn instance during compilation used to crash the process.
    const out = join(dir, "tuned");
    const run = await netc("compile", "specs/bn_lenet.net", "-o", out, "--tuned", "--tune-cache", join(dir, "none"));
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`specs/bn_lenet.net: wrote ${out}/bn_lenet/\n`);
    expect(existsSync(join(out, "bn_lenet", "model.ts"))).toBe(true);
  });
});

describe.concurrent("output paths netc cannot write", () => {
  it("compile -o a file: exit 1, one line naming it and the option, nothing written", async () => {
    const file = join(dir, "a-file");
    writeFileSync(file, "not a folder");
    expect(await netc("compile", "specs/mlp.net", "-o", file)).toEqual({
      status: 1,
      stdout: "",
      stderr: `netc: cannot write ${file} (a file is in the way): pass -o a path netc can write to\n`,
    });
    expect(readFileSync(file, "utf8")).toBe("not a folder");
  });

  it("export -o a directory: exit 1, one line naming it and the option", async () => {
    const folder = mkdtempSync(join(dir, "export-into-"));
    const run = await netc("export", "specs/mlp.net", "--weights", "examples/web/mlp.safetensors", "-o", folder);
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n").filter((l) => l.startsWith("netc:"))).toEqual([
      `netc: cannot write ${folder} (a directory): pass -o a path netc can write to`,
    ]);
    expect(readdirSync(folder)).toEqual([]);
  });
});

it("netc compile writes the same files from any folder and by any path to the spec: paths from the model's folder", async () => {
  const out = mkdtempSync(join(process.cwd(), ".netc-paths-"));
  try {
    expect((await netc("compile", "specs/mlp.net", "-o", join(basename(out), "relative"))).status).toBe(0);
    const absolute = await new Promise<Run>((resolve) =>
      execFile(
        process.execPath,
        [join(process.cwd(), "bin/netc"), "compile", join(process.cwd(), "specs/mlp.net"), "-o", join(out, "absolute")],
        { encoding: "utf8", cwd: tmpdir() },
        (error, stdout, stderr) => resolve({ status: error === null ? 0 : 1, stdout, stderr }),
      ),
    );
    expect(absolute.status).toBe(0);
    const files = readdirSync(join(out, "relative", "mlp"), { recursive: true, encoding: "utf8" }).filter((f) =>
      f.includes("."),
    );
    expect(files.length).toBeGreaterThan(2);
    for (const file of files)
      expect(readFileSync(join(out, "absolute", "mlp", file), "utf8"), file).toBe(
        readFileSync(join(out, "relative", "mlp", file), "utf8"),
      );
    expect(readFileSync(join(out, "relative", "mlp", "model.ts"), "utf8")).toContain(
      "compiled by netc from ../../../specs/mlp.net",
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

describe.concurrent("netc compile --runtime", () => {
  it.each([
    [[], "../../../runtime"],
    [["--runtime", "./vendor/netc-runtime"], "../../../vendor/netc-runtime"],
    [["--runtime", "@acme/netc-runtime"], "@acme/netc-runtime"],
  ])("with %j the module imports the runtime from %s", async (runtime, expected) => {
    const out = mkdtempSync(join(process.cwd(), ".netc-runtime-"));
    try {
      const run = await netc("compile", "specs/mlp.net", "-o", basename(out) + "/gen", ...runtime);
      expect(run.status).toBe(0);
      // A folder that holds no runtime yet is only a warning: an app may copy it there afterwards.
      expect(run.stderr.startsWith("netc: warning: --runtime ./vendor/netc-runtime holds no engine.ts")).toBe(
        runtime[1] === "./vendor/netc-runtime",
      );
      // A package that is no folder here, and the default, warn of nothing.
      if (runtime[1] !== "./vendor/netc-runtime") expect(run.stderr).not.toContain("warning");
      const imports = readFileSync(join(out, "gen", "mlp", "model.ts"), "utf8").match(/^import .* from "(.*)";$/gm);
      expect(imports).toEqual([
        `import { Model, type ModelOptions } from "${expected}/engine.js";`,
        `import type { KernelPlan, ModelPlan } from "${expected}/plan.js";`,
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it("warns that a folder here given without ./ is taken as a package specifier", async () => {
    const out = mkdtempSync(join(process.cwd(), ".netc-runtime-"));
    try {
      const runtime = `${basename(out)}/vendor/netc-runtime`;
      mkdirSync(runtime, { recursive: true });
      const run = await netc("compile", "specs/mlp.net", "-o", join(out, "gen"), "--runtime", runtime);
      expect(run.status).toBe(0);
      expect(run.stderr.split("\n")[0]).toBe(
        `netc: warning: --runtime ${runtime} names a package, not the folder of that name here: write ./${runtime} to import the folder`,
      );
      expect(readFileSync(join(out, "gen", "mlp", "model.ts"), "utf8")).toContain(`from "${runtime}/engine.js";`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it.each([false, true])(
    "an absolute --runtime is a folder (holding engine.ts: %s): imported by its path from the model's folder",
    async (holdsEngine) => {
      const out = mkdtempSync(join(dir, "absolute-runtime-"));
      const runtime = join(out, "vendor", "netc-runtime");
      mkdirSync(runtime, { recursive: true });
      if (holdsEngine) writeFileSync(join(runtime, "engine.ts"), "");
      const run = await netc("compile", "specs/mlp.net", "-o", join(out, "gen"), "--runtime", runtime);
      expect(run).toEqual({
        status: 0,
        stdout: "",
        stderr:
          (holdsEngine
            ? ""
            : `netc: warning: --runtime ${runtime} holds no engine.ts or engine.js yet: the modules import the runtime from there, so copy netc's runtime/ folder to it\n`) +
          `specs/mlp.net: wrote ${out}/gen/mlp/\n`,
      });
      const path = relative(join(out, "gen", "mlp"), runtime);
      const expected = path.startsWith("../") ? path : `./${path}`;
      expect(expected).toBe("../../vendor/netc-runtime");
      const imports = readFileSync(join(out, "gen", "mlp", "model.ts"), "utf8").match(/^import .* from "(.*)";$/gm);
      expect(imports).toEqual([
        `import { Model, type ModelOptions } from "${expected}/engine.js";`,
        `import type { KernelPlan, ModelPlan } from "${expected}/plan.js";`,
      ]);
    },
  );
});

describe.concurrent("netc compile: what it refuses to replace, and the folders it makes", () => {
  const spec = readFileSync("tests/specs/tiny_regression.net", "utf8");
  writeFileSync(join(dir, "first.net"), spec);
  writeFileSync(join(dir, "second.net"), spec);

  it("two specs of one model: exit 1, one line naming both, nothing written", async () => {
    const out = join(dir, "same-model");
    const run = await netc("compile", join(dir, "first.net"), "specs/mlp.net", join(dir, "second.net"), "-o", out);
    expect(run).toEqual({
      status: 1,
      stdout: "",
      stderr:
        `netc: ${join(dir, "first.net")} and ${join(dir, "second.net")} both define model 'tiny_regression', ` +
        `which would be written to the same ${out}/tiny_regression/: rename one of them or compile them into different -o folders\n`,
    });
    expect(existsSync(out)).toBe(false);
  });

  it("a file where the model's folder goes: exit 1, one line naming it, the file kept", async () => {
    const out = mkdtempSync(join(dir, "file-in-the-way-"));
    writeFileSync(join(out, "tiny_regression"), "mine");
    expect(await netc("compile", join(dir, "first.net"), "-o", out)).toEqual({
      status: 1,
      stdout: "",
      stderr: `netc: cannot write ${out}/tiny_regression (a file is in the way): pass -o a path netc can write to\n`,
    });
    expect(readFileSync(join(out, "tiny_regression"), "utf8")).toBe("mine");
  });

  it("a folder of the model's name holding files netc does not write: exit 1, the folder kept; its own output replaced", async () => {
    const out = mkdtempSync(join(dir, "user-folder-"));
    mkdirSync(join(out, "tiny_regression"));
    writeFileSync(join(out, "tiny_regression", "app.ts"), "mine");
    expect(await netc("compile", join(dir, "first.net"), "-o", out)).toEqual({
      status: 1,
      stdout: "",
      stderr: `netc: cannot write ${out}/tiny_regression (a folder netc did not write, holding ${out}/tiny_regression/app.ts): pass -o a path netc can write to\n`,
    });
    expect(readFileSync(join(out, "tiny_regression", "app.ts"), "utf8")).toBe("mine");
    rmSync(join(out, "tiny_regression", "app.ts"));
    expect((await netc("compile", join(dir, "first.net"), "-o", out)).status).toBe(0);
    expect((await netc("compile", join(dir, "first.net"), "-o", out)).status).toBe(0);
  });

  it.each([["notes.txt"], ["sub", "x.wgsl"]])(
    "a file netc does not write under kernels/ of its own output (%j): exit 1 naming it, the file kept",
    async (...path) => {
      const out = mkdtempSync(join(dir, "kernels-"));
      expect((await netc("compile", join(dir, "first.net"), "-o", out)).status).toBe(0);
      const kernels = join(out, "tiny_regression", "kernels");
      const wgsl = readdirSync(kernels);
      expect(wgsl.length).toBeGreaterThan(0);
      mkdirSync(join(kernels, ...path.slice(0, -1)), { recursive: true });
      writeFileSync(join(kernels, ...path), "mine");
      // The first path netc does not write: the subfolder itself, before the file in it.
      const foreign = join(kernels, path[0]!);
      expect(await netc("compile", join(dir, "first.net"), "-o", out)).toEqual({
        status: 1,
        stdout: "",
        stderr: `netc: cannot write ${out}/tiny_regression (a folder netc did not write, holding ${foreign}): pass -o a path netc can write to\n`,
      });
      expect(readFileSync(join(kernels, ...path), "utf8")).toBe("mine");
      expect(readdirSync(kernels).sort()).toEqual([...wgsl, path[0]].sort());
    },
  );

  it("names the module's factory in PascalCase, digits after an underscore included: vgg_11 exports createVgg11", async () => {
    const out = mkdtempSync(join(dir, "pascal-case-"));
    const file = join(out, "vgg_11.net");
    writeFileSync(file, spec.replace("model tiny_regression {", "model vgg_11 {"));
    expect((await netc("compile", file, "-o", out)).status).toBe(0);
    const module = readFileSync(join(out, "vgg_11", "model.ts"), "utf8");
    expect(module.match(/^export function (\w+)\(/gm)).toEqual(["export function createVgg11("]);
  });

  it("makes folders with the umask's permissions, as mkdir does, not mkdtemp's 0700", async () => {
    const out = join(dir, "permissions");
    expect((await netc("compile", join(dir, "first.net"), "-o", out)).status).toBe(0);
    const reference = join(dir, "made-by-mkdir");
    mkdirSync(reference);
    const mode = (path: string) => statSync(path).mode & 0o777;
    expect(mode(join(out, "tiny_regression"))).toBe(mode(reference));
    expect(mode(join(out, "tiny_regression", "kernels"))).toBe(mode(reference));
  });
});

describe.concurrent("writing outputs", () => {
  const weights = "examples/web/mlp.safetensors";

  it("export -o a fifo: exit 1, one line naming it, the fifo left a fifo", async () => {
    const fifo = join(dir, "export-fifo");
    execFileSync("mkfifo", [fifo]);
    expect(await netc("export", "specs/mlp.net", "--weights", weights, "-o", fifo)).toEqual({
      status: 1,
      stdout: "",
      stderr: `netc: cannot write ${fifo} (a fifo, not a regular file): pass -o a path netc can write to\n`,
    });
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it("export -o a symbolic link: writes the file it points to and keeps the link", async () => {
    const target = join(dir, "export-target.safetensors");
    writeFileSync(target, "old");
    const link = join(dir, "export-link.safetensors");
    symlinkSync(target, link);
    expect((await netc("export", "specs/mlp.net", "--weights", weights, "-o", link)).status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "latin1")).toContain('"folded_batchnorms"');
  });

  it("export -o a folder the system refuses files in: a user error naming the path, not an internal one", async () => {
    expect(await netc("export", "specs/mlp.net", "--weights", weights, "-o", "/proc/netc-test.safetensors")).toEqual({
      status: 1,
      stdout: "",
      stderr:
        "netc: cannot write /proc/netc-test.safetensors (no such file or directory): pass -o a path netc can write to\n",
    });
  });
});

describe("netc compile --explain", () => {
  it("lists the training step's dispatches in order, backward and updates included, as kernel and spec nodes", async () => {
    const out = join(dir, "explain");
    const run = await netc("compile", "specs/mlp.net", "-o", out, "--explain");
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("mlp: training step, kernel ← spec nodes");
    const plan = compile("specs/mlp.net").plan!;
    const listed = lines.slice(1).map((line) => /^ {2}(\S+)\s+(\S.*)$/.exec(line)!.slice(1));
    expect(listed).toEqual(plan.train.map((d) => [plan.kernels[d.kernel]!.name, d.label]));
    // The training step, not the forward pass alone: gradients and the updates come after the loss.
    expect(listed.length).toBeGreaterThan(plan.predict.length);
    expect(listed.some(([, label]) => /grad/.test(label!))).toBe(true);
    expect(listed.at(-1)![1]).toMatch(/ update$/);
  });
});

describe.concurrent("--data a folder without Fashion-MNIST", () => {
  const empty = join(dir, "no-dataset");
  mkdirSync(empty, { recursive: true });
  const message =
    `netc: Fashion-MNIST not found in ${empty}: install it with \`apt-get install dataset-fashion-mnist\` ` +
    "(scripts/setup-system.sh does) or pass --data DIR";
  it.each([
    ["profile", "specs/mlp.net", "--data", empty, "--steps", "1"],
    ["train", "specs/mlp.net", "--data", empty, "--steps", "1", "--out", join(dir, "no-dataset-out")],
    ["eval", "specs/mlp.net", "--data", empty, "--weights", "examples/web/mlp.safetensors"],
  ])("netc %s exits 1 naming the folder it was given, not the default one", async (...args) => {
    const run = await netc(...args);
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n").filter((l) => l.startsWith("netc:"))).toEqual([message]);
    // train refuses before it makes its --out folder.
    if (args.includes("--out")) expect(existsSync(join(dir, "no-dataset-out"))).toBe(false);
  });
});

describe.concurrent("netc export", () => {
  it("exits 2 without --out, and 1 with one line when the weights cannot be read, writing nothing", async () => {
    expect(await netc("export", "specs/bn_lenet.net", "--weights", "w.safetensors")).toEqual({
      status: 2,
      stdout: "",
      stderr: "error: required option '-o, --out <file>' not specified\n",
    });
    const out = join(dir, "exported.safetensors");
    const missing = join(dir, "no-such-weights.safetensors");
    expect(await netc("export", "specs/bn_lenet.net", "--weights", missing, "-o", out)).toEqual({
      status: 1,
      stdout: "",
      stderr:
        `netc: cannot read weights file ${missing} (no such file): ` +
        "pass a checkpoint that `netc train` wrote (its --out folder's <model>.safetensors)\n",
    });
    expect(existsSync(out)).toBe(false);
  });

  it("says when nothing folds: no batch norm after a conv or a linear layer (the MLP)", async () => {
    const out = join(dir, "mlp-exported.safetensors");
    expect(await netc("export", "specs/mlp.net", "--weights", "examples/web/mlp.safetensors", "-o", out)).toEqual({
      status: 0,
      stdout: `wrote ${out}: 4 tensors; no batch norm follows a conv or linear layer\n`,
      stderr: "",
    });
  });
});

describe.concurrent("netc eval", () => {
  // examples/web/mlp.safetensors is specs/mlp.net trained by `netc train` with the spec's seed:
  // 0.8349 test accuracy after its last epoch (README, bench/RESULTS.md).
  it("prints the test loss and accuracy of a trained checkpoint", async () => {
    const run = await netc("eval", "specs/mlp.net", "--weights", "examples/web/mlp.safetensors");
    expect(run.status).toBe(0);
    const [, loss, accuracy] = /^test loss (\d\.\d{4}), test accuracy (\d\.\d{4})\n$/.exec(run.stdout)!;
    expect(Number(accuracy)).toBeCloseTo(0.8349, 3);
    expect(Number(loss)).toBeGreaterThan(0.3);
    expect(Number(loss)).toBeLessThan(0.6);
  });

  it("refuses another model's checkpoint and a file that is not one, in one line each, exiting 1", async () => {
    const hint = "pass a checkpoint that `netc train` wrote for this spec";
    const other = await netc("eval", "specs/lenet.net", "--weights", "examples/web/mlp.safetensors");
    expect(other.status).toBe(1);
    expect(other.stdout).toBe("");
    expect(other.stderr.split("\n").filter((l) => l.startsWith("netc:"))).toEqual([
      `netc: examples/web/mlp.safetensors: checkpoint is missing tensor "features.conv1.weight": ${hint}`,
    ]);
    const spec = await netc("eval", "specs/mlp.net", "--weights", "specs/mlp.net");
    expect(spec.status).toBe(1);
    expect(spec.stderr).toMatch(
      /^netc: specs\/mlp\.net: not a safetensors file \(it begins with text, "# d2l 5\.2: a multilayer perceptron with …"\): pass a/m,
    );
  });
});

describe.concurrent("netc summary", () => {
  // Each run costs about a second of start-up; the zoo test checks every spec's totals in-process.
  it.each(["specs/lenet.net", "specs/bn_lenet.net", "specs/googlenet.net", "specs/resnet18.net"])(
    "--json --batch 8 %s prints one JSON object with batch 8 everywhere and PyTorch's parameter total",
    async (file) => {
      const run = await netc("summary", "--json", "--batch", "8", file);
      expect(run.status).toBe(0);
      expect(run.stderr).toBe("");
      expect(run.stdout.endsWith("\n") && !run.stdout.trimEnd().includes("\n")).toBe(true);
      const summary = JSON.parse(run.stdout) as Summary;
      expect(Object.keys(summary)).toEqual(["model", "input", "batch", "layers", "totalParams", "totalFlops", "plan"]);
      expect(summary.batch).toBe(8);
      expect(summary.plan?.batch).toBe(8);
      expect(summary.model).toBe(basename(file, ".net"));
      expect(summary.input[0]).toBe(8);
      for (const layer of summary.layers) {
        expect(Object.keys(layer)).toEqual(["name", "op", "outputShape", "params", "flops"]);
        expect(layer.outputShape[0], layer.name).toBe(8);
      }
      expect(summary.totalParams).toBe(oracle[summary.model]!.params);
      expect(summary.totalParams).toBe(summary.layers.reduce((sum, l) => sum + l.params, 0));
      expect(summary.totalFlops).toBe(summary.layers.reduce((sum, l) => sum + l.flops, 0));
    },
  );

  it("prints the layer table with thousands separators by default, its shapes with the spec's N beside the plan's batch", async () => {
    const run = await netc("summary", "specs/lenet.net");
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("model lenet, input [N, 1, 28, 28]: shapes for any batch N, FLOPs for one example");
    expect(lines.find((l) => l.startsWith("linear1 "))).toMatch(/^linear1\s+linear\s+\[N, 120\]\s+48,120\s+96,120$/);
    expect(lines.find((l) => l.startsWith("total params"))).toBe("total params 61,706");
    expect(lines.find((l) => l.startsWith("total FLOPs"))).toBe("total FLOPs  852,370 per example");
    expect(lines.find((l) => l.startsWith("dispatches"))).toMatch(/^dispatches at batch 256: /);
  });

  it("with --batch, the table is at that batch, as the plan is, and says so", async () => {
    const run = await netc("summary", "--batch", "4", "specs/lenet.net");
    expect(run.status).toBe(0);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("model lenet, input [4, 1, 28, 28]: shapes and FLOPs at batch 4");
    expect(lines.find((l) => l.startsWith("linear1 "))).toMatch(/^linear1\s+linear\s+\[4, 120\]\s+48,120\s+384,480$/);
    expect(lines.find((l) => l.startsWith("total FLOPs"))).toBe(
      `total FLOPs  ${(4 * 852_370).toLocaleString("en-US")} per forward pass`,
    );
    expect(lines.find((l) => l.startsWith("dispatches"))).toMatch(/^dispatches at batch 4: /);
  });
});

describe.concurrent("--image-size", () => {
  it("replaces the input's height and width: ResNet-18 at 64 pixels halves to 2×2 and keeps its parameters", async () => {
    const run = await netc("summary", "--json", "--image-size", "64", "specs/resnet18.net");
    expect(run.status).toBe(0);
    const summary = JSON.parse(run.stdout) as Summary;
    expect(summary.input).toEqual(["N", 1, 64, 64]);
    const shapeOf = (name: string) => summary.layers.find((l) => l.name === name)?.outputShape;
    expect(shapeOf("stem.conv1")).toEqual(["N", 64, 32, 32]);
    expect(shapeOf("stem.maxpool1")).toEqual(["N", 64, 16, 16]);
    expect(shapeOf("body.resnet_stage4.residual2.relu1")).toEqual(["N", 512, 2, 2]);
    expect(summary.totalParams).toBe(oracle.resnet18!.params);
  });

  it("changes what follows a flatten: AlexNet at 67 pixels feeds 256 features to its first linear layer", async () => {
    const run = await netc("summary", "--json", "--image-size", "67", "specs/alexnet.net");
    expect(run.status).toBe(0);
    const layer = (JSON.parse(run.stdout) as Summary).layers.find((l) => l.name === "linear1")!;
    expect(layer.params).toBe(256 * 4096 + 4096);
  });

  it("reports a size the architecture cannot take as the located shape error, naming --image-size", async () => {
    const run = await netc("summary", "--image-size", "64", "specs/alexnet.net");
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines.filter((line) => line.includes(": error: "))).toEqual([
      "specs/alexnet.net:9:41: error: maxpool's window (3×3) is larger than its input (2×2)",
    ]);
    expect(lines).toContain("specs/alexnet.net:3:9: note: 'x' is [N, 1, 64, 64] because of --image-size 64");
    expect(lines.at(-1)).toBe("1 error");
  });

  it("refuses a model whose input is not an image", async () => {
    const run = await netc("summary", "--image-size", "32", "specs/linear_regression.net");
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(
      "specs/linear_regression.net:3:9: error: --image-size needs one image input [N, C, H, W], but 'x' is [N, 2]; leave --image-size out",
    );
  });

  it("exits 2 with one line on a size that is not a positive integer", async () => {
    expect(await netc("compile", "specs/lenet.net", "-o", dir, "--image-size", "0")).toEqual({
      status: 2,
      stdout: "",
      stderr: "netc: --image-size must be a positive integer, got '0'\n",
    });
  });
});

describe("netc train, eval and export of a small regression", () => {
  const spec = "tests/specs/tiny_regression.net";
  const out = join(dir, "regression");
  const stem = join(out, "tiny_regression");
  const outputs = [`${stem}.safetensors`, `${stem}.metrics.jsonl`, `${stem}.svg`];
  /** bin/netc train without Dawn's start-up warnings. */
  async function train(...args: string[]): Promise<Run> {
    const run = await netc("train", spec, "--steps", "2", ...args);
    return { ...run, stderr: run.stderr.replace(/^Warning: .*\n/gm, "") };
  }

  it("trains, says '1 epoch', and evaluates a regression without an accuracy", async () => {
    const run = await train("--out", out);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/^training tiny_regression on .*: 1 epoch of 2 steps, batch 8\n/);
    expect(run.stderr).toMatch(
      /^learned w = \[-?\d+\.\d{4}, -?\d+\.\d{4}\], b = -?\d+\.\d{4} \(true w = \[2, -3\.4\], b = 4\.2\)$/m,
    );
    for (const path of outputs) expect(existsSync(path), path).toBe(true);
    const evaluated = await netc("eval", spec, "--weights", `${stem}.safetensors`);
    expect(evaluated.status).toBe(0);
    expect(evaluated.stdout).toMatch(/^test loss \d+\.\d{4}\n$/);
  });

  it("warns of a --tune-cache that is not there, and trains with the default tiles", async () => {
    const missing = join(dir, "no-such-tune.json");
    const run = await train("--out", join(dir, "tune-cache-missing"), "--tune-cache", missing);
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n")[0]).toBe(
      `netc: warning: no tune cache at ${missing}; using the default tiles (\`netc tune --tune-cache ${missing}\` writes one)`,
    );
  });

  it("--weights starts from a checkpoint, and refuses one of another model before training", async () => {
    const first = join(dir, "from-scratch");
    const resumed = join(dir, "resumed");
    const losses = (folder: string) =>
      readFileSync(join(folder, "tiny_regression.metrics.jsonl"), "utf8")
        .trim()
        .split("\n")
        .map((line) => (JSON.parse(line) as { trainLoss: number }).trainLoss);
    expect((await netc("train", spec, "--epochs", "3", "--out", first)).status).toBe(0);
    const checkpoint = join(first, "tiny_regression.safetensors");
    expect((await netc("train", spec, "--weights", checkpoint, "--out", resumed)).status).toBe(0);
    // Training goes on from where the three epochs from scratch ended: below even their last.
    const scratch = losses(first);
    expect(scratch).toHaveLength(3);
    // Each epoch's line counts the steps and the seconds since training started.
    const log = readFileSync(join(first, "tiny_regression.metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { step: number; time: number });
    expect(log.map((r) => r.step)).toEqual([4, 8, 12]);
    expect(log[1]!.time).toBeGreaterThan(log[0]!.time);
    expect(log[2]!.time).toBeGreaterThan(log[1]!.time);
    expect(losses(resumed)[0]).toBeLessThan(scratch[2]!);

    const other = join(dir, "other-model");
    const refused = await netc("train", spec, "--weights", "tests/fixtures/dense_mlp.safetensors", "--out", other);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(
      /^netc: tests\/fixtures\/dense_mlp\.safetensors: .*: pass a checkpoint that `netc train` wrote for this spec\n$/m,
    );
    // Not even the --out folder: the checkpoint was refused before anything was written.
    expect(existsSync(other)).toBe(false);
  });

  it("refuses to export over the checkpoint it reads, however the path is spelt", async () => {
    const checkpoint = `${stem}.safetensors`;
    const before = readFileSync(checkpoint);
    const spelt = join(out, ".", "tiny_regression.safetensors");
    expect(await netc("export", spec, "--weights", checkpoint, "-o", spelt)).toEqual({
      status: 1,
      stdout: "",
      stderr: `netc: -o ${spelt} is the checkpoint --weights reads, which export would replace: pass -o another file\n`,
    });
    expect(readFileSync(checkpoint)).toEqual(before);
  });

  it("a rerun whose loss is non-finite before an epoch finishes keeps the earlier run's files and says so", async () => {
    const before = outputs.map((path) => readFileSync(path));
    const run = await train("--out", out, "--lr", "1e30");
    expect(run.status).toBe(1);
    expect(run.stderr.split("\n").filter((line) => line.startsWith("netc:"))).toEqual([
      expect.stringMatching(
        new RegExp(
          "^netc: the loss became non-finite at step 2 .*; no epoch finished, so this run wrote no checkpoint, " +
            `metrics or plot \\(${stem}\\.safetensors is an earlier run's, left as it was\\)$`,
        ),
      ),
    ]);
    expect(outputs.map((path) => readFileSync(path))).toEqual(before);
  });

  it("fails before training, in one line, on an --out where an output cannot be written", async () => {
    const blocked = join(dir, "blocked");
    mkdirSync(join(blocked, "tiny_regression.safetensors"), { recursive: true });
    expect(await train("--out", blocked)).toEqual({
      status: 1,
      stdout: "",
      stderr: `netc: cannot write ${join(blocked, "tiny_regression.safetensors")} (a directory): pass --out a path netc can write to\n`,
    });
    expect(readdirSync(blocked)).toEqual(["tiny_regression.safetensors"]);
  });
});

// In process, without bin/netc's start-up: what `netc train --seed` passes on.
describe("--seed", () => {
  const spec = "tests/specs/tiny_regression.net";

  it("replaces the spec's seed in the plan", async () => {
    const { gpu, plan, model } = await openModel(spec, { seed: 7 });
    model.destroy();
    gpu.destroy();
    expect(plan.seed).toBe(7);
  });

  it("draws the data and the initial weights: the same seed writes the same checkpoint, another seed another", async () => {
    /** The checkpoint of one quiet step from `seed`. */
    const checkpoint = async (seed: number, run: string) => {
      const out = join(dir, "seed", run);
      await trainCommand(spec, { seed, steps: 1, quiet: true, out });
      return readFileSync(join(out, "tiny_regression.safetensors"));
    };
    const first = await checkpoint(1, "first");
    expect(await checkpoint(1, "again")).toEqual(first);
    expect(await checkpoint(2, "other")).not.toEqual(first);
  });
});

describe("netc train's metrics log, in process", () => {
  it("counts an epoch's last, partial batch as a step: 30 examples at batch 8 are 4 steps in the metrics log", async () => {
    const partial = join(dir, "partial", "tiny_regression.net");
    mkdirSync(join(dir, "partial"), { recursive: true });
    writeFileSync(
      partial,
      readFileSync("tests/specs/tiny_regression.net", "utf8").replace("examples = 32", "examples = 30"),
    );
    const out = join(dir, "partial", "out");
    await trainCommand(partial, { quiet: true, out });
    const log = readFileSync(join(out, "tiny_regression.metrics.jsonl"), "utf8")
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { step: number });
    expect(log.map((record) => record.step)).toEqual([4]);
    // A regression has no accuracy, and no test set to score.
    expect(Object.keys(log[0]!)).toEqual(["epoch", "step", "trainLoss", "imagesPerSecond", "time"]);
  });

  it("a loss that becomes non-finite after some epochs keeps their outputs, the checkpoint of the last one, and says which", async () => {
    const spec = "tests/specs/tiny_regression.net";
    const out = join(dir, "diverged");
    // At this rate the loss overflows after a few epochs of 4 steps (at step 21, after epoch 5, on lavapipe).
    const error = await trainCommand(spec, { epochs: 20, lr: 5, quiet: true, out }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    const stem = join(out, "tiny_regression");
    const [, step, epoch] = /^the loss became non-finite at step (\d+) .*, from epoch (\d+) of this run/.exec(
      (error as Error).message,
    )!;
    expect((error as Error).message).toContain(
      `the last good checkpoint is ${stem}.safetensors, from epoch ${epoch} of this run (${stem}.metrics.jsonl and ${stem}.svg end there too)`,
    );
    const finished = Number(epoch);
    expect(finished).toBeGreaterThan(1);
    // In the epoch after it: 4 steps an epoch.
    expect(Number(step)).toBeGreaterThan(finished * 4);
    expect(Number(step)).toBeLessThanOrEqual((finished + 1) * 4);
    // The metrics and the plot end at that epoch...
    const records = parseMetricsLines(readFileSync(`${stem}.metrics.jsonl`, "utf8"));
    expect(records.map((r) => r.epoch)).toEqual(Array.from({ length: finished }, (_, i) => i + 1));
    expect(readFileSync(`${stem}.svg`, "utf8")).toBe(
      plotCurves([{ name: "train loss", points: records.map((r) => [r.epoch, r.trainLoss]) }], {
        xLabel: "epoch",
        title: "tiny_regression",
      }),
    );
    // ...and the checkpoint is the one a run of exactly that many epochs writes.
    const complete = join(dir, "diverged-complete");
    await trainCommand(spec, { epochs: finished, lr: 5, quiet: true, out: complete });
    expect(readFileSync(`${stem}.safetensors`)).toEqual(readFileSync(join(complete, "tiny_regression.safetensors")));
  });
});

describe("netc train's outputs, in process", () => {
  it("--steps stops each epoch early: its checkpoint is not a whole epoch's", async () => {
    const checkpoint = async (run: string, steps?: number) => {
      const out = join(dir, "steps", run);
      await trainCommand("tests/specs/tiny_regression.net", { seed: 1, quiet: true, out, ...(steps ? { steps } : {}) });
      return readFileSync(join(out, "tiny_regression.safetensors"));
    };
    // The spec's epoch is 4 steps: 4 is a whole epoch, 2 half of one.
    const whole = await checkpoint("whole");
    expect(await checkpoint("four", 4)).toEqual(whole);
    expect(await checkpoint("two", 2)).not.toEqual(whole);
  });

  it("replaces each output by a new file: a reader of the earlier checkpoint still reads it whole", async () => {
    const out = join(dir, "replaced");
    const checkpoint = join(out, "tiny_regression.safetensors");
    await trainCommand("tests/specs/tiny_regression.net", { seed: 1, steps: 1, quiet: true, out });
    const before = readFileSync(checkpoint);
    // Like `netc eval --weights` reading the checkpoint while another run replaces it.
    const reader = await open(checkpoint, "r");
    try {
      await trainCommand("tests/specs/tiny_regression.net", { seed: 2, steps: 1, quiet: true, out });
      expect(readFileSync(checkpoint)).not.toEqual(before);
      expect(await reader.readFile()).toEqual(before);
    } finally {
      await reader.close();
    }
  });
});

describe("netc train --no-fuse, in process", () => {
  it("compiles the model for the adapter with the fusion passes, and without them when asked", async () => {
    const spec = join(dir, "fusable.net");
    writeFileSync(
      spec,
      readFileSync("tests/specs/tiny_regression.net", "utf8").replace(
        "x -> linear(1)",
        "x -> linear(4) -> relu -> linear(1)",
      ),
    );
    const labels = async (fuse?: boolean) => {
      const { gpu, plan, model } = await openModel(spec, fuse === undefined ? {} : { fuse });
      model.destroy();
      gpu.destroy();
      return plan.train.map((d) => d.label);
    };
    expect(await labels()).toContain("linear1 + relu1");
    expect(await labels(false)).not.toContain("linear1 + relu1");
    expect(await labels(false)).toContain("relu1");
  });
});

describe("netc compile in process: a model folder that is a link, and --runtime folders", () => {
  it("refuses to replace a symbolic link at the model's folder, keeping the link and its target", async () => {
    const out = mkdtempSync(join(dir, "linked-"));
    const target = join(out, "elsewhere");
    mkdirSync(target);
    symlinkSync(target, join(out, "tiny_regression"));
    await expect(compileCommand(["tests/specs/tiny_regression.net"], out, {})).rejects.toThrow(
      `cannot write ${out}/tiny_regression (a symbolic link, which netc would replace): pass -o a path netc can write to`,
    );
    expect(lstatSync(join(out, "tiny_regression")).isSymbolicLink()).toBe(true);
    expect(readdirSync(target)).toEqual([]);
  });

  it.each(["engine.ts", "engine.js"])("a --runtime folder holding %s warns of nothing", (file) => {
    const runtime = mkdtempSync(join(dir, "runtime-"));
    expect(runtimeWarning(`${runtime}/`)).toMatch(/holds no engine\.ts or engine\.js yet/);
    writeFileSync(join(runtime, file), "");
    expect(runtimeWarning(`${runtime}/`)).toBeUndefined();
  });
});

describe("netc train on a terminal, in process", () => {
  /** What trainCommand writes to stderr, made a TTY, training `spec` for 2 steps. */
  async function trainOnTerminal(spec: string, quiet: boolean): Promise<string[]> {
    const writes: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => (writes.push(String(chunk)), true));
    const isTTY = Object.getOwnPropertyDescriptor(process.stderr, "isTTY");
    Object.defineProperty(process.stderr, "isTTY", { value: true, configurable: true });
    try {
      await trainCommand(spec, { steps: 2, quiet, out: join(dir, "terminal", String(quiet)) });
    } finally {
      write.mockRestore();
      if (isTTY) Object.defineProperty(process.stderr, "isTTY", isTTY);
      else delete (process.stderr as { isTTY?: boolean }).isTTY;
    }
    return writes;
  }

  it("says what runs while no steps are reported: the first step, then the evaluation; nothing with --quiet", async () => {
    const spec = join(dir, "terminal", "small_mlp.net");
    mkdirSync(join(dir, "terminal"), { recursive: true });
    writeFileSync(
      spec,
      `model small_mlp {
  input x: [N, 1, 28, 28]
  out x -> flatten() -> linear(10)
}

train {
  data = fashion_mnist()
  loss = cross_entropy
  optimizer = sgd(lr = 0.1)
  batch = 500
  epochs = 1
}
`,
    );
    const statuses = (writes: string[]) => writes.filter((text) => /…\x1b\[K$/.test(text));
    expect(statuses(await trainOnTerminal(spec, false))).toEqual([
      "\repoch 1/1 [----------] step 0/2  first step (drivers may compile kernels now)…\x1b[K",
      "\repoch 1/1 [##########] step 2/2  evaluating on the test set…\x1b[K",
    ]);
    expect(statuses(await trainOnTerminal(spec, true))).toEqual([]);
  });

  it("--quiet writes nothing to stderr: no progress, no learned weights, no list of the files written", async () => {
    mkdirSync(join(dir, "terminal"), { recursive: true });
    expect(await trainOnTerminal("tests/specs/tiny_regression.net", true)).toEqual([]);
    // Without it, all three (the check that the capture sees them).
    const loud = (await trainOnTerminal("tests/specs/tiny_regression.net", false)).join("");
    expect(loud).toMatch(/\repoch 1\/1 \[[#-]{10}\] step [12]\/2 {2}loss \d/);
    expect(loud).toMatch(/^learned w = \[.*\(true w = \[2, -3\.4\], b = 4\.2\)$/m);
    expect(loud).toContain(`wrote ${join(dir, "terminal", "false", "tiny_regression.safetensors")}, `);
  });
});

describe("examples/node/train.ts, the API without the CLI", () => {
  it("trains the compiled MLP, evaluates it and writes its weights by block path", async () => {
    const out = join(dir, "example", "mlp.safetensors");
    const run = await new Promise<Run>((resolve, reject) =>
      execFile(
        process.execPath,
        ["dist/examples/node/train.js", "64", out],
        { encoding: "utf8" },
        (error, stdout, stderr) => (error === null ? resolve({ status: 0, stdout, stderr }) : reject(error)),
      ),
    );
    const losses = [...run.stdout.matchAll(/^step (\d+): loss ([\d.]+)$/gm)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(losses.map(([step]) => step)).toEqual([16, 32, 48, 64]);
    expect(losses.at(-1)![1]).toBeLessThan(losses[0]![1]! - 0.5);
    const accuracy = Number(/test accuracy ([\d.]+)/.exec(run.stdout)![1]);
    expect(accuracy).toBeGreaterThan(0.55);
    const { tensors } = decodeSafetensors(readFileSync(out));
    expect([...tensors.keys()].sort()).toEqual(["linear1.bias", "linear1.weight", "linear2.bias", "linear2.weight"]);
  });
});
