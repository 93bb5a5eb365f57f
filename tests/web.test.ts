// The browser demo (examples/web) in Debian's headless Chromium, driven by playwright-core: the page
// predicts as Node does for the same checkpoint, classifies drawings, refuses mismatched weights,
// trains the MLP and LeNet as Node does, and explains itself where there is no WebGPU. Leaves a
// screenshot in out/web/.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_WEIGHTS, startServer, TEST_SUBSET, TRAIN_SUBSET, type RunningServer } from "../examples/web/server.js";
import { createLenet, plan as lenetPlan } from "../generated/lenet/model.js";
import { createMlp, plan } from "../generated/mlp/model.js";
import type { ImageDataset } from "../runtime/data.js";
import type { Model } from "../runtime/engine.js";
import { BROWSER_NO_ADAPTER_MESSAGE, BROWSER_NO_WEBGPU_MESSAGE, type GpuContext } from "../runtime/gpu.js";
import { imageSource, trainModel } from "../runtime/trainer.js";
import { decodeSafetensors, encodeSafetensors, type TensorToEncode } from "../runtime/safetensors.js";
import { loadFashionMnist } from "../runtime/node/fashion-mnist.js";
import { requestNodeGpu } from "../runtime/node/gpu.js";

const CHROMIUM = "/usr/bin/chromium";
const QUIET_FLAGS = [
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];
// WebGPU on lavapipe through ANGLE's OpenGL ES backend: compatibility mode, 4–6× faster than the
// SwiftShader adapter that --enable-unsafe-webgpu alone gives.
const WEBGPU_FLAGS = ["--enable-unsafe-webgpu", "--use-angle=vulkan", "--use-webgpu-adapter=opengles"];
const SCREENSHOT = "out/web/screenshot.png";
/** The page's gallery size (examples/web/gallery.ts, which needs the DOM types to import). */
const GALLERY_SIZE = 32;

async function launch(flags: string[]): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: install it with \`sudo bash scripts/setup-system.sh --browser\``);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Chromium's sandbox refuses to start as root.
    args: [...QUIET_FLAGS, ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []), ...flags],
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? "/tmp" },
  });
}

let server: RunningServer;

beforeAll(async () => {
  const build = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "examples/web/tsconfig.json"], {
    encoding: "utf8",
  });
  if (build.status !== 0) throw new Error(`the demo page does not compile:\n${build.stdout}${build.stderr}`);
  server = await startServer({ port: 0, weights: DEFAULT_WEIGHTS, trainImages: TRAIN_SUBSET, testImages: TEST_SUBSET });
});
afterAll(() => server?.close());

describe("the demo with WebGPU", () => {
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  let nodeGpu: GpuContext;
  let nodeModel: Model;
  let trainImages: ImageDataset;
  let testImages: ImageDataset;

  beforeAll(async () => {
    browser = await launch(WEBGPU_FLAGS);
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(server.url);
    nodeGpu = await requestNodeGpu();
    nodeModel = await createMlp(nodeGpu.device);
    ({ train: trainImages, test: testImages } = await loadFashionMnist());
    // The status names the weights once the gallery shows their predictions.
    await page.locator("#weights-status", { hasText: "Using /weights/mlp.safetensors" }).waitFor();
  });
  afterAll(async () => {
    nodeGpu?.destroy();
    await browser?.close();
  });

  /** The gallery's cards: test-set index and full-precision class probabilities. */
  const galleryProbabilities = () =>
    page.$$eval(".card", (cards) =>
      cards.map((card) => ({
        index: Number(card.dataset.index),
        probabilities: JSON.parse(card.dataset.probabilities!) as number[],
      })),
    );

  /** The largest difference between the gallery's probabilities and Node's for the same checkpoint. */
  async function largestDifferenceFromNode(checkpoint: Uint8Array): Promise<number> {
    nodeModel.load(checkpoint);
    const pixels = testImages.images.slice(0, GALLERY_SIZE * testImages.rows * testImages.cols);
    const logits = await nodeModel.predict({
      kind: "images",
      pixels,
      rows: GALLERY_SIZE,
    });
    const cards = await galleryProbabilities();
    expect(cards.map((card) => card.index)).toEqual([...Array(GALLERY_SIZE).keys()]);
    let largest = 0;
    cards.forEach(({ probabilities }, row) => {
      const expected = softmax(logits.subarray(row * 10, (row + 1) * 10));
      probabilities.forEach((p, c) => (largest = Math.max(largest, Math.abs(p - expected[c]!))));
    });
    return largest;
  }

  it("runs in compatibility mode and predicts the first 32 test images as Node does for the same weights", async () => {
    expect(await page.locator("#device").textContent()).toContain("compatibility mode");
    expect(await largestDifferenceFromNode(readFileSync(DEFAULT_WEIGHTS))).toBeLessThanOrEqual(1e-4);
    // The trained checkpoint, not a fresh initialisation (whose outputs are near uniform): confident.
    const cards = await galleryProbabilities();
    const meanTop = cards.reduce((sum, card) => sum + Math.max(...card.probabilities), 0) / cards.length;
    expect(meanTop).toBeGreaterThan(0.7);
  });

  it("classifies a drawing of trousers", async () => {
    const box = (await page.locator("#sketch").boundingBox())!;
    const stroke = async (points: [number, number][]) => {
      await page.mouse.move(box.x + points[0]![0] * box.width, box.y + points[0]![1] * box.height);
      await page.mouse.down();
      for (const [x, y] of points.slice(1))
        await page.mouse.move(box.x + x * box.width, box.y + y * box.height, { steps: 8 });
      await page.mouse.up();
    };
    // Solid trousers filling the frame, as Fashion-MNIST's are: a waistband, then each leg as its
    // outline and a stroke down the middle.
    await stroke([
      [0.34, 0.08],
      [0.66, 0.08],
      [0.66, 0.16],
      [0.34, 0.16],
    ]);
    await stroke([
      [0.36, 0.12],
      [0.33, 0.92],
      [0.42, 0.92],
      [0.45, 0.2],
    ]);
    await stroke([
      [0.64, 0.12],
      [0.67, 0.92],
      [0.58, 0.92],
      [0.55, 0.2],
    ]);
    await stroke([
      [0.4, 0.12],
      [0.38, 0.9],
    ]);
    await stroke([
      [0.6, 0.12],
      [0.62, 0.9],
    ]);
    const items = page.locator("#sketch-result li");
    await expect.poll(() => items.count()).toBe(3);
    await expect.poll(() => items.first().locator(".name").textContent()).toBe("trouser");
    const percents = (await items.locator(".percent").allTextContents()).map((text) => Number.parseFloat(text));
    expect(percents).toEqual([...percents].sort((a, b) => b - a));
  });

  it("refuses weights that do not match the model, keeping the loaded ones", async () => {
    const before = await galleryProbabilities();
    const good = readFileSync(DEFAULT_WEIGHTS);
    const tensors = decodeSafetensors(good).tensors;
    const rewritten = (rename: (name: string) => string, reshape: (shape: number[]) => number[]) =>
      encodeSafetensors(
        new Map<string, TensorToEncode>(
          [...tensors].map(([name, t]) => [rename(name), { dtype: t.dtype, shape: reshape(t.shape), data: t.data }]),
        ),
      );
    const cases: [string, Uint8Array, string][] = [
      ["truncated.safetensors", good.subarray(0, 100_000), "run past the 99632-byte data area"],
      [
        "renamed.safetensors",
        rewritten(
          (name) => name.replace("linear1", "hidden"),
          (shape) => shape,
        ),
        'checkpoint is missing tensor "linear1.weight"',
      ],
      [
        "transposed.safetensors",
        rewritten(
          (name) => name,
          (shape) => [...shape].reverse(),
        ),
        'tensor "linear1.weight" has shape [784, 256] in the checkpoint but the model expects [256, 784]',
      ],
      ["notes.safetensors", new TextEncoder().encode("these are not weights"), "not a safetensors file"],
    ];
    for (const [name, bytes, reason] of cases) {
      await page
        .locator("#weights-file")
        .setInputFiles({ name, mimeType: "application/octet-stream", buffer: Buffer.from(bytes) });
      await expect.poll(() => page.locator("#alert").textContent()).toContain(`Could not load weights from ${name}: `);
      const message = (await page.locator("#alert").textContent())!;
      expect(message).toContain(reason);
      expect(message).toContain("Choose a checkpoint written by `netc train specs/mlp.net`");
      expect(message).not.toContain("\n");
    }
    await page.fill("#weights-url", "/weights/missing.safetensors");
    await page.click("#weights-form button");
    await expect
      .poll(() => page.locator("#alert").textContent())
      .toContain("/weights/missing.safetensors answered HTTP 404");

    expect(await galleryProbabilities()).toEqual(before);
    expect(await page.locator("#weights-status").textContent()).toBe("Using /weights/mlp.safetensors");
    await page.fill("#weights-url", "/weights/mlp.safetensors");
    await page.click("#weights-form button");
    await page.locator("#alert").waitFor({ state: "hidden" });
  });

  it(`trains in the page for ${2 * Math.ceil(TRAIN_SUBSET / plan.batch)} steps and lowers the loss`, async () => {
    await page.fill("#train-epochs", "2");
    await page.click("#train-start");
    await page.locator("#train-start:enabled").waitFor({ timeout: 100_000 });
    expect(await page.locator("#train-status").textContent()).toMatch(
      /^Finished after 2 epochs in [\d.]+ s: test accuracy [\d.]+%\.$/,
    );
    const losses = await page.$$eval("#train-epochs-log li", (items) =>
      items.map((item) => Number(item.dataset.trainLoss)),
    );
    expect(losses).toHaveLength(2);
    expect(losses[0]).toBeLessThan(Math.log(10)); // the loss of a uniform guess, where training starts
    expect(losses[1]).toBeLessThan(losses[0]!);
    expect(await page.locator("#train-chart polyline").count()).toBe(3);

    mkdirSync("out/web", { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });

  it("hands the weights it trained to Node as safetensors and classifies with them", async () => {
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#train-download")]);
    expect(download.suggestedFilename()).toBe("mlp-browser.safetensors");
    const trained = readFileSync(await download.path());
    await page.click("#train-use");
    await page.locator("#weights-status", { hasText: "Using trained in this page (2 epochs)" }).waitFor();
    expect(await largestDifferenceFromNode(trained)).toBeLessThanOrEqual(1e-4);
  });

  it("trains LeNet when it is chosen, as Node does, leaving the classifier's MLP in place", async () => {
    await page.selectOption("#train-model", "lenet");
    expect(await page.locator("#train-about").textContent()).toBe(
      "specs/lenet.net: batch 256, SGD at learning rate 0.9",
    );
    await page.fill("#train-epochs", "1");
    await page.click("#train-start");
    await page.locator("#train-start:enabled").waitFor({ timeout: 100_000 });
    expect(await page.locator("#train-status").textContent()).toMatch(
      /^Finished after 1 epoch in [\d.]+ s: test accuracy [\d.]+%\.$/,
    );
    const [epoch] = await page.$$eval("#train-epochs-log li", (items) =>
      items.map((item) => ({
        trainLoss: Number(item.dataset.trainLoss),
        testAccuracy: Number(item.dataset.testAccuracy),
      })),
    );
    expect(await page.locator("#train-chart polyline").count()).toBe(3);

    // One epoch of LeNet in Node on the same images and seed: sigmoid LeNet barely moves from a
    // uniform guess in 20 steps, so agreement with Node is what shows the page trained LeNet.
    const nodeLenet = await createLenet(nodeGpu.device);
    const [expected] = await trainModel(
      nodeLenet,
      imageSource(firstImages(trainImages, TRAIN_SUBSET), lenetPlan.batch),
      imageSource(firstImages(testImages, TEST_SUBSET), lenetPlan.batch),
      { epochs: 1, seed: lenetPlan.seed },
    );
    nodeLenet.destroy();
    expect(epoch!.trainLoss).toBeCloseTo(expected!.trainLoss, 4);
    expect(epoch!.testAccuracy).toBeCloseTo(expected!.testAccuracy!, 2);

    expect(await page.locator("#train-use").isDisabled()).toBe(true);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#train-download")]);
    expect(download.suggestedFilename()).toBe("lenet-browser.safetensors");
    expect(await page.locator("#weights-status").textContent()).toBe("Using trained in this page (2 epochs)");
  });

  it("raised no uncaught errors in the page", () => {
    expect(pageErrors).toEqual([]);
  });
});

describe("the demo without WebGPU", () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch([]);
  });
  afterAll(() => browser?.close());

  // Chromium without WebGPU flags here has navigator.gpu but no adapter; other browsers lack navigator.gpu.
  it.each([
    ["no adapter", false, BROWSER_NO_ADAPTER_MESSAGE],
    ["no navigator.gpu", true, BROWSER_NO_WEBGPU_MESSAGE],
  ])("says what to do when there is %s", async (_, removeGpu, message) => {
    const errors: string[] = [];
    const page = await browser.newPage();
    page.on("pageerror", (error) => errors.push(error.message));
    if (removeGpu) await page.addInitScript("delete Navigator.prototype.gpu");
    await page.goto(server.url);
    await page.locator("#no-webgpu").waitFor();
    expect(await page.locator("#no-webgpu-reason").textContent()).toBe(`T${message.slice(1)}.`);
    expect(await page.locator("#no-webgpu").textContent()).toContain("--enable-unsafe-webgpu");
    expect(await page.locator("#demo").isHidden()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The first `count` images of `dataset`, as the demo server serves them. */
function firstImages(dataset: ImageDataset, count: number): ImageDataset {
  const pixels = dataset.rows * dataset.cols;
  return {
    ...dataset,
    images: dataset.images.subarray(0, count * pixels),
    labels: dataset.labels.subarray(0, count),
    count,
  };
}

/** Softmax in float64, independent of the page's. */
function softmax(logits: Float32Array): number[] {
  const top = Math.max(...logits);
  const exps = [...logits].map((value) => Math.exp(value - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((value) => value / sum);
}
