import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BatchUploader, decodeSafetensors, type ImageSize } from "../../runtime/index.js";
import { openModel, trainCommand } from "../../src/cli/train.js";
import { download, useGpu } from "../helpers/gpu.js";

const gpu = useGpu();

// PyTorch's F.interpolate(bilinear, align_corners=False) of real Fashion-MNIST images (make_resize.py).
const fixture = decodeSafetensors(readFileSync("tests/fixtures/resize.safetensors")).tensors;
function fixtureTensor(name: string): Float32Array {
  const tensor = fixture.get(name);
  if (tensor?.dtype !== "F32") throw new Error(`resize.safetensors has no F32 tensor "${name}"`);
  return tensor.data;
}
const sourcePixels = Uint8Array.from(fixtureTensor("pixels"));
const imageCount = sourcePixels.length / (28 * 28);
const labels = Uint8Array.from({ length: imageCount }, (_, k) => k + 3);
const from: ImageSize = { rows: 28, cols: 28 };

function storageBuffer(bytes: number): GPUBuffer {
  return gpu().device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
}

/** Uploads the fixture's images through a resizing uploader and returns the converted floats. */
async function resizeOnGpu(to: ImageSize, options: { mean?: number; std?: number } = {}): Promise<Float32Array> {
  const { device } = gpu();
  const uploader = new BatchUploader(device, {
    batchSize: imageCount,
    pixelsPerImage: 784,
    resize: { from, to },
    ...options,
  });
  const images = storageBuffer(imageCount * to.rows * to.cols * 4);
  const labelsOut = storageBuffer(imageCount * 4);
  uploader.write(0, sourcePixels, labels);
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  uploader.encodeConvert(pass, 0, images, labelsOut);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const converted = await download(device, images, imageCount * to.rows * to.cols);
  expect(new Uint32Array((await download(device, labelsOut, imageCount)).buffer)).toEqual(Uint32Array.from(labels));
  uploader.destroy();
  images.destroy();
  labelsOut.destroy();
  return converted;
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  expect(a.length).toBe(b.length);
  return a.reduce((worst, x, i) => Math.max(worst, Math.abs(x - b[i]!)), 0);
}

describe("BatchUploader resize", () => {
  it.each([
    ["96", { rows: 96, cols: 96 }],
    ["224", { rows: 224, cols: 224 }],
    ["40x33", { rows: 40, cols: 33 }],
    // Downscales: consecutive output columns skip source columns, by two at 14 and by one or two at 20.
    ["14", { rows: 14, cols: 14 }],
    ["20", { rows: 20, cols: 20 }],
  ] as const)("matches PyTorch's bilinear interpolation to %s", async (name, to) => {
    const reference = fixtureTensor(`resized_${name}`);
    expect(maxAbsDifference(await resizeOnGpu(to), reference)).toBeLessThanOrEqual(1e-5);
  });

  it("normalises after resizing", async () => {
    const mean = 0.286;
    const std = 0.353;
    const reference = fixtureTensor("resized_96").map((x) => (x - mean) / std);
    expect(maxAbsDifference(await resizeOnGpu({ rows: 96, cols: 96 }, { mean, std }), reference)).toBeLessThanOrEqual(
      1e-5,
    );
  });

  it("sizes the destination by the resized images", () => {
    const uploader = new BatchUploader(gpu().device, {
      batchSize: 2,
      pixelsPerImage: 784,
      resize: { from, to: { rows: 96, cols: 96 } },
    });
    expect(uploader.outputPixelsPerImage).toBe(9216);
    const images = storageBuffer(2 * 784 * 4);
    const labelsOut = storageBuffer(8);
    const pass = gpu().device.createCommandEncoder().beginComputePass();
    expect(() => uploader.encodeConvert(pass, 0, images, labelsOut)).toThrow(
      "BatchUploader.encodeConvert: destImages has 6272 bytes but a batch needs 73728",
    );
    pass.end();
    uploader.destroy();
    images.destroy();
    labelsOut.destroy();
  });

  it("rejects a source size that does not match the uploaded images", () => {
    expect(
      () =>
        new BatchUploader(gpu().device, {
          batchSize: 2,
          pixelsPerImage: 784,
          resize: { from: { rows: 28, cols: 27 }, to: { rows: 96, cols: 96 } },
        }),
    ).toThrow("BatchUploader: resize.from is 28×27 but pixelsPerImage is 784");
    expect(
      () =>
        new BatchUploader(gpu().device, {
          batchSize: 2,
          pixelsPerImage: 784,
          resize: { from, to: { rows: 0, cols: 96 } },
        }),
    ).toThrow("BatchUploader: resize.to.rows must be a positive integer, got 0");
  });
});

describe("netc train with resize", () => {
  it("trains tests/specs/resize_small.net on Fashion-MNIST upscaled to 96×96", async () => {
    const out = mkdtempSync(join(tmpdir(), "netc-resize-"));
    try {
      // Batch 128 rather than the spec's 16 evaluates the 10,000 test images in fewer steps.
      const [epoch, ...rest] = await trainCommand("tests/specs/resize_small.net", {
        steps: 5,
        batch: 128,
        out,
        quiet: true,
      });
      expect(rest).toEqual([]);
      expect(Number.isFinite(epoch!.trainLoss)).toBe(true);
      // The full test set went through the resizing uploader too.
      expect(epoch!.testAccuracy).toBeGreaterThan(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  const idx = (dataType: number, shape: number[], data: number[]) =>
    Uint8Array.from([0, 0, dataType, shape.length, ...shape.flatMap((n) => [0, 0, n >> 8, n & 255]), ...data]);

  it("refuses a dataset whose images are not Fashion-MNIST's 28×28", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netc-small-images-"));
    try {
      for (const split of ["train", "t10k"]) {
        writeFileSync(join(dir, `${split}-images-idx3-ubyte`), idx(8, [1, 2, 2], [1, 2, 3, 4]));
        writeFileSync(join(dir, `${split}-labels-idx1-ubyte`), idx(8, [1], [3]));
      }
      await expect(openModel("tests/specs/resize_small.net", { data: dir })).rejects.toThrow(
        "the dataset's training images are 2×2 pixels, not Fashion-MNIST's 28×28: pass --data a folder of Fashion-MNIST's files",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses a dataset whose test images alone are not 28×28", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netc-small-test-images-"));
    try {
      writeFileSync(join(dir, "train-images-idx3-ubyte"), idx(8, [1, 28, 28], new Array<number>(784).fill(7)));
      writeFileSync(join(dir, "t10k-images-idx3-ubyte"), idx(8, [1, 2, 2], [1, 2, 3, 4]));
      for (const split of ["train", "t10k"]) writeFileSync(join(dir, `${split}-labels-idx1-ubyte`), idx(8, [1], [3]));
      await expect(openModel("tests/specs/resize_small.net", { data: dir })).rejects.toThrow(
        "the dataset's test images are 2×2 pixels, not Fashion-MNIST's 28×28: pass --data a folder of Fashion-MNIST's files",
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
