import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { NoAdapterError } from "../runtime/index.js";
import { CommandError, evalCommand, trainCommand } from "../src/cli/train.js";
import { profileCommand } from "../src/cli/profile.js";
import { tuneCommand } from "../src/cli/tune.js";

// Dawn stand-in for a machine without a Vulkan driver: a command that starts an adapter stops
// with NoAdapterError, so each error below shows whether the spec was checked first.
vi.mock("webgpu", () => ({ create: () => ({ requestAdapter: async () => null }), globals: {} }));

const dir = mkdtempSync(join(tmpdir(), "netc-spec-first-"));
const bad = join(dir, "bad.net");
writeFileSync(bad, "model m {\n  input x: [N, 1, 28, 28]\n  out x -> flatten -> linear(10) -> conv(3, 3)\n}\n");
const shapeError = `${bad}:3:37: error: conv expects [N, C, H, W], got [N, 10]`;

describe("a spec's own errors stop train, eval, profile and tune before an adapter is started", () => {
  const commands: [string, () => Promise<unknown>][] = [
    ["train", () => trainCommand(bad, { out: join(dir, "out"), quiet: true })],
    ["eval", () => evalCommand(bad, { weights: join(dir, "w.safetensors") })],
    ["profile", () => profileCommand(bad, { steps: 1 })],
    ["tune", () => tuneCommand(bad, { tuneCache: join(dir, "tune.json") })],
  ];
  it.each(commands)("%s: the located shape error", async (_, run) => {
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message.split("\n")[0]).toBe(shapeError);
  });

  it("a spec without errors goes on to the adapter", async () => {
    const error = await trainCommand("specs/mlp.net", { out: join(dir, "out"), quiet: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoAdapterError);
  });
});

describe("a run's own --lr and --epochs are checked against the spec's schedule before an adapter is started", () => {
  const spec = join(dir, "cosine.net");
  writeFileSync(
    spec,
    `model lr {
  input x: [N, 2]
  out x -> linear(1)
}
train {
  data = synthetic_linear([2, -3.4], 4.2)
  loss = mse
  optimizer = sgd(lr = 0.03)
  schedule = cosine(warmup = 1, min_lr = 0.01)
  batch = 10
  epochs = 3
}
`,
  );
  const firstLine = async (options: { lr?: number; epochs?: number }) => {
    const error = await trainCommand(spec, { out: join(dir, "out"), quiet: true, ...options }).catch((e: unknown) => e);
    return error instanceof CommandError ? error.message.split("\n")[0] : error;
  };

  it("a learning rate below the schedule's min_lr", async () => {
    expect(await firstLine({ lr: 0.001 })).toBe(
      `${spec}:9:14: error: 'min_lr' of 'cosine' must be at most this run's learning rate (0.001), got 0.01`,
    );
  });

  it("epochs that warmup would fill", async () => {
    expect(await firstLine({ epochs: 1 })).toBe(
      `${spec}:9:14: error: 'warmup' of 'cosine' must be fewer epochs than this run's 1, got 1`,
    );
  });

  it("settings the schedule allows go on to the adapter", async () => {
    expect(await firstLine({ lr: 0.02, epochs: 2 })).toBeInstanceOf(NoAdapterError);
  });
});

describe("--image-size is applied to the spec before an adapter is started", () => {
  it.each([
    ["train", () => trainCommand("specs/alexnet.net", { out: join(dir, "out"), quiet: true, imageSize: 64 })],
    ["eval", () => evalCommand("specs/alexnet.net", { weights: join(dir, "w.safetensors"), imageSize: 64 })],
  ])("%s: the located error of a size the architecture cannot take", async (_, run) => {
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as Error).message.split("\n")[0]).toBe(
      "specs/alexnet.net:9:41: error: maxpool's window (3×3) is larger than its input (2×2)",
    );
  });
});

describe("a training setup the spec cannot have stops the run before an adapter is started", () => {
  const untrained = join(dir, "untrained.net");
  writeFileSync(untrained, "model m {\n  input x: [N, 1, 28, 28]\n  out x -> flatten -> linear(10)\n}\n");
  const firstLine = async (run: () => Promise<unknown>) => {
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CommandError);
    return (error as Error).message.split("\n")[0];
  };

  it("a model without a train section", async () => {
    expect(await firstLine(() => trainCommand(untrained, { out: join(dir, "out"), quiet: true }))).toBe(
      `${untrained}:1:1: error: 'm' has no train section: add \`train { data = ... loss = ... optimizer = ... batch = ... epochs = ... }\``,
    );
  });

  it.each([
    ["train", () => trainCommand("specs/bn_lenet.net", { out: join(dir, "out"), quiet: true, batch: 1 })],
    ["tune", () => tuneCommand("specs/bn_lenet.net", { tuneCache: join(dir, "tune.json"), batch: 1 })],
  ])("%s: batch norm over one value per channel at --batch 1", async (_, run) => {
    expect(await firstLine(run)).toBe(
      "specs/bn_lenet.net:12:23: error: bn in training needs more than one value per channel, but its input [N, 120] has one at batch 1: use a batch of at least 2",
    );
  });
});

describe("a checkpoint or dataset that cannot be used stops the run before an adapter is started", () => {
  const hint = "pass a checkpoint that `netc train` wrote for this spec";
  const noDataset = join(dir, "no-dataset");
  mkdirSync(noDataset, { recursive: true });
  const out = join(dir, "refused-out");
  const refusal = async (run: () => Promise<unknown>) => {
    const error = await run().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  };

  it.each([
    ["train", (weights: string) => trainCommand("specs/lenet.net", { out, quiet: true, weights })],
    ["eval", (weights: string) => evalCommand("specs/lenet.net", { weights })],
  ])("%s: a missing file, a file that is not a checkpoint, another model's checkpoint", async (_, run) => {
    const missing = join(dir, "missing.safetensors");
    expect(await refusal(() => run(missing))).toBe(
      `cannot read weights file ${missing} (no such file): pass a checkpoint that \`netc train\` wrote (its --out folder's <model>.safetensors)`,
    );
    expect(await refusal(() => run("specs/lenet.net"))).toMatch(
      /^specs\/lenet\.net: not a safetensors file \(it begins with text, "# d2l 7\.6/,
    );
    expect(await refusal(() => run("examples/web/mlp.safetensors"))).toBe(
      `examples/web/mlp.safetensors: checkpoint is missing tensor "features.conv1.weight": ${hint}`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    ["train", () => trainCommand("specs/mlp.net", { out, quiet: true, data: noDataset })],
    ["eval", () => evalCommand("specs/mlp.net", { weights: "examples/web/mlp.safetensors", data: noDataset })],
    ["profile", () => profileCommand("specs/mlp.net", { steps: 1, data: noDataset })],
  ])("%s: a --data folder without Fashion-MNIST", async (_, run) => {
    expect(await refusal(run)).toBe(
      `Fashion-MNIST not found in ${noDataset}: install it with \`apt-get install dataset-fashion-mnist\` (scripts/setup-system.sh does) or pass --data DIR`,
    );
    expect(existsSync(out)).toBe(false);
  });

  it("train: an --out folder that cannot be made", async () => {
    const under = join(bad, "out");
    expect(await refusal(() => trainCommand("specs/mlp.net", { out: under, quiet: true }))).toMatch(
      new RegExp(`^cannot write ${under}/mlp\\.safetensors \\(.+\\): pass --out a path netc can write to$`),
    );
  });

  it.each(["mlp.metrics.jsonl", "mlp.svg"])(
    "train: an --out where the other outputs cannot be written either (a folder at %s)",
    async (output) => {
      const blocked = join(dir, `blocked-${output}`);
      mkdirSync(join(blocked, output), { recursive: true });
      expect(await refusal(() => trainCommand("specs/mlp.net", { out: blocked, quiet: true }))).toBe(
        `cannot write ${join(blocked, output)} (a directory): pass --out a path netc can write to`,
      );
    },
  );

  it("a readable checkpoint of the spec's model and the dataset go on to the adapter", async () => {
    const error = await evalCommand("specs/mlp.net", { weights: "examples/web/mlp.safetensors" }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NoAdapterError);
  });
});
