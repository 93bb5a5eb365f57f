import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  BROWSER_NO_ADAPTER_MESSAGE,
  BROWSER_NO_WEBGPU_MESSAGE,
  BatchUploader,
  GpuDeviceError,
  NoAdapterError,
  requestBrowserGpu,
  requestGpu,
} from "../../runtime/index.js";
import type { GpuContext, UploadSlot } from "../../runtime/index.js";
import { requestNodeGpu } from "../../runtime/node/index.js";

// One device (Dawn on lavapipe here) for the whole file.
let gpu: GpuContext;
const reported: GpuDeviceError[] = [];
beforeAll(async () => {
  gpu = await requestNodeGpu({ onError: (error) => reported.push(error) });
});
afterAll(() => gpu.destroy());

describe("requestNodeGpu", () => {
  it("names the adapter and requests its full compute limits and optional features", () => {
    expect(gpu.adapterName.length).toBeGreaterThan(0);
    for (const name of [
      "maxStorageBufferBindingSize",
      "maxBufferSize",
      "maxComputeWorkgroupStorageSize",
      "maxComputeInvocationsPerWorkgroup",
      "maxComputeWorkgroupSizeX",
      "maxComputeWorkgroupSizeY",
      "maxStorageBuffersPerShaderStage",
      "maxComputeWorkgroupsPerDimension",
    ] as const) {
      expect(gpu.limits[name], name).toBe(gpu.adapter.limits[name]);
    }
    // Above the WebGPU defaults wherever the adapter allows more (lavapipe allows 2^32-1).
    if (gpu.adapter.limits.maxBufferSize > 268_435_456) expect(gpu.limits.maxBufferSize).toBeGreaterThan(268_435_456);
    for (const feature of ["timestamp-query", "subgroups", "shader-f16"]) {
      expect(gpu.features.has(feature), feature).toBe(gpu.adapter.features.has(feature));
    }
  });

  it("reports uncaptured errors through onError", async () => {
    // MAP_READ may only be combined with COPY_DST, so this is a validation error.
    gpu.device.createBuffer({ size: 4, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE });
    await vi.waitFor(() => expect(reported).toHaveLength(1), { timeout: 5000 });
    expect(reported[0]).toBeInstanceOf(GpuDeviceError);
    expect(reported[0]!.kind).toBe("validation");
    expect(reported[0]!.message).toMatch(/^WebGPU error: .*usage/is);
    reported.length = 0;
  });
});

describe("no WebGPU", () => {
  afterEach(() => vi.unstubAllGlobals());

  it("tells browser users whether WebGPU or only an adapter is missing, and what to do", async () => {
    // No navigator.gpu (Node has no navigator here): a browser without WebGPU.
    await expect(requestBrowserGpu()).rejects.toThrow(
      new NoAdapterError("this browser has no WebGPU; use Chrome/Edge 113+ or enable WebGPU"),
    );
    // navigator.gpu whose requestAdapter() gives null: a blocklisted GPU or acceleration turned off.
    const noAdapter = { requestAdapter: async () => null } as unknown as GPU;
    vi.stubGlobal("navigator", { gpu: noAdapter });
    const missingAdapter = new NoAdapterError(
      "this browser has WebGPU but no GPU adapter for it (a blocklisted GPU, or hardware acceleration turned off); " +
        "turn on hardware acceleration in the browser's settings, and see chrome://gpu for why WebGPU is unavailable",
    );
    await expect(requestBrowserGpu()).rejects.toThrow(missingAdapter);
    await expect(requestBrowserGpu()).rejects.toBeInstanceOf(NoAdapterError);
    expect(BROWSER_NO_ADAPTER_MESSAGE).toBe(missingAdapter.message);
    expect(BROWSER_NO_WEBGPU_MESSAGE).not.toBe(missingAdapter.message);
  });
});

describe("requestGpu on a stand-in for navigator.gpu", () => {
  // Error classes are told apart by name: in Node, WebGPU's globals may be missing.
  class GPUValidationError {
    constructor(readonly message: string) {}
  }
  class GPUOutOfMemoryError {
    constructor(readonly message: string) {}
  }
  class GPUInternalError {
    constructor(readonly message: string) {}
  }

  it("passes the options to the adapter request and reports each kind of error and a loss by its kind", async () => {
    const adapterRequests: unknown[] = [];
    let loseDevice: (info: { reason: string; message: string }) => void = () => {};
    const device = Object.assign(new EventTarget(), {
      features: new Set<string>(),
      limits: {},
      lost: new Promise((resolve) => (loseDevice = resolve)),
    });
    const adapter = {
      limits: {},
      features: new Set<string>(),
      info: { vendor: "stand-in vendor", architecture: "", device: "", description: "" },
      requestDevice: async () => device,
    };
    const standIn = {
      requestAdapter: async (options: unknown) => {
        adapterRequests.push(options);
        return adapter;
      },
    } as unknown as GPU;
    const errors: GpuDeviceError[] = [];
    const context = await requestGpu(standIn, {
      powerPreference: "low-power",
      featureLevel: "compatibility",
      onError: (error) => errors.push(error),
    });
    expect(adapterRequests).toEqual([{ powerPreference: "low-power", featureLevel: "compatibility" }]);
    // No description or device name: the vendor names it.
    expect(context.adapterName).toBe("stand-in vendor");

    for (const error of [
      new GPUValidationError("bad usage"),
      new GPUOutOfMemoryError("no memory"),
      new GPUInternalError("broken"),
    ]) {
      device.dispatchEvent(Object.assign(new Event("uncapturederror", { cancelable: true }), { error }));
    }
    loseDevice({ reason: "unknown", message: "the driver reset" });
    await vi.waitFor(() => expect(errors).toHaveLength(4));
    expect(errors.map((e) => [e.kind, e.message])).toEqual([
      ["validation", "WebGPU error: bad usage"],
      ["out-of-memory", "WebGPU error: no memory"],
      ["internal", "WebGPU error: broken"],
      ["device-lost", "WebGPU device lost: the driver reset"],
    ]);
  });
});

/** Copies `buffer` to the CPU. */
async function readBack(buffer: GPUBuffer): Promise<ArrayBuffer> {
  const staging = gpu.device.createBuffer({
    size: buffer.size,
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = gpu.device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, buffer.size);
  gpu.device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const copy = staging.getMappedRange().slice(0);
  staging.destroy();
  return copy;
}

function storageBuffer(bytes: number): GPUBuffer {
  return gpu.device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
}

function convert(uploader: BatchUploader, slot: UploadSlot, images: GPUBuffer, labels: GPUBuffer): void {
  const encoder = gpu.device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  uploader.encodeConvert(pass, slot, images, labels);
  pass.end();
  gpu.device.queue.submit([encoder.finish()]);
}

describe("BatchUploader", () => {
  it("converts every byte value to exactly x/255 and labels to u32, through both slots", async () => {
    const batchSize = 4;
    const pixelsPerImage = 784;
    const uploader = new BatchUploader(gpu.device, { batchSize, pixelsPerImage });
    const batchA = Uint8Array.from({ length: batchSize * pixelsPerImage }, (_, i) => (i * 7) % 256);
    const batchB = Uint8Array.from({ length: batchSize * pixelsPerImage }, (_, i) => 255 - (i % 256));
    const labelsA = Uint8Array.of(9, 0, 3, 255);
    const labelsB = Uint8Array.of(1, 2, 128, 7);
    const imagesA = storageBuffer(batchA.length * 4);
    const imagesB = storageBuffer(batchB.length * 4);
    const labelsOutA = storageBuffer(batchSize * 4);
    const labelsOutB = storageBuffer(batchSize * 4);

    uploader.write(0, batchA, labelsA);
    convert(uploader, 0, imagesA, labelsOutA);
    // Batch B goes through the other slot while batch A's conversion may still be running.
    uploader.write(1, batchB, labelsB);
    convert(uploader, 1, imagesB, labelsOutB);

    expect(new Float32Array(await readBack(imagesA))).toEqual(Float32Array.from(batchA, (x) => x / 255));
    expect(new Uint32Array(await readBack(labelsOutA))).toEqual(Uint32Array.from(labelsA));
    expect(new Float32Array(await readBack(imagesB))).toEqual(Float32Array.from(batchB, (x) => x / 255));
    expect(new Uint32Array(await readBack(labelsOutB))).toEqual(Uint32Array.from(labelsB));
    uploader.destroy();
    for (const buffer of [imagesA, imagesB, labelsOutA, labelsOutB]) buffer.destroy();
  });

  it("normalises by mean and std and handles sizes that are not multiples of 4 bytes", async () => {
    const mean = 0.286;
    const std = 0.353;
    const uploader = new BatchUploader(gpu.device, { batchSize: 3, pixelsPerImage: 9, mean, std });
    const images = storageBuffer(3 * 9 * 4);
    const labels = storageBuffer(3 * 4);
    const pixels = Uint8Array.from({ length: 27 }, (_, i) => (i * 37) % 256);
    uploader.write(1, pixels, Uint8Array.of(4, 5, 6));
    convert(uploader, 1, images, labels);
    expect(new Float32Array(await readBack(images))).toEqual(Float32Array.from(pixels, (x) => (x / 255 - mean) / std));
    expect(new Uint32Array(await readBack(labels))).toEqual(Uint32Array.of(4, 5, 6));

    // A partial batch of 2 images (18 bytes, so a ragged last word) converts those 2.
    const partial = Uint8Array.from({ length: 18 }, (_, i) => 200 + i);
    uploader.write(1, partial, Uint8Array.of(8, 9));
    convert(uploader, 1, images, labels);
    const converted = new Float32Array(await readBack(images)).subarray(0, 18);
    expect(converted).toEqual(Float32Array.from(partial, (x) => (x / 255 - mean) / std));
    expect(new Uint32Array(await readBack(labels)).subarray(0, 2)).toEqual(Uint32Array.of(8, 9));
    uploader.destroy();
    images.destroy();
    labels.destroy();
  });

  it("converts every label of a batch with fewer pixel words than images", async () => {
    // One pixel per image: 130 pixels fill 33 words, yet all 130 labels must be widened.
    const batchSize = 130;
    const uploader = new BatchUploader(gpu.device, { batchSize, pixelsPerImage: 1 });
    const images = storageBuffer(batchSize * 4);
    const labels = storageBuffer(batchSize * 4);
    const pixels = Uint8Array.from({ length: batchSize }, (_, i) => (i * 3) % 256);
    uploader.write(
      0,
      pixels,
      Uint8Array.from({ length: batchSize }, (_, i) => i % 10),
    );
    convert(uploader, 0, images, labels);
    expect(new Uint32Array(await readBack(labels))).toEqual(Uint32Array.from({ length: batchSize }, (_, i) => i % 10));
    expect(new Float32Array(await readBack(images))).toEqual(Float32Array.from(pixels, (x) => x / 255));
    uploader.destroy();
    images.destroy();
    labels.destroy();
  });

  it("creates one bind group per slot and destination pair, then reuses it", () => {
    const uploader = new BatchUploader(gpu.device, { batchSize: 2, pixelsPerImage: 4 });
    const images = storageBuffer(32);
    const labels = storageBuffer(8);
    const createBindGroup = vi.spyOn(gpu.device, "createBindGroup");
    for (let repeat = 0; repeat < 3; repeat++) {
      convert(uploader, 0, images, labels);
      convert(uploader, 1, images, labels);
    }
    expect(createBindGroup).toHaveBeenCalledTimes(2);
    createBindGroup.mockRestore();
    uploader.destroy();
    images.destroy();
    labels.destroy();
  });

  it("rejects inconsistent batches and unusable destinations with clear messages", () => {
    expect(() => new BatchUploader(gpu.device, { batchSize: 0, pixelsPerImage: 784 })).toThrow(
      "BatchUploader: batchSize must be a positive integer, got 0",
    );
    // A negative std would flip every image; 0 and NaN divide by nothing.
    for (const std of [-0.5, 0, Number.NaN]) {
      expect(() => new BatchUploader(gpu.device, { batchSize: 2, pixelsPerImage: 4, std })).toThrow(
        `BatchUploader: std must be positive, got ${std}`,
      );
    }
    const uploader = new BatchUploader(gpu.device, { batchSize: 2, pixelsPerImage: 4 });
    expect(() => uploader.write(0, new Uint8Array(12), new Uint8Array(3))).toThrow(
      "BatchUploader.write: 3 labels exceed the batch size 2",
    );
    expect(() => uploader.write(0, new Uint8Array(7), new Uint8Array(2))).toThrow(
      "BatchUploader.write: 7 pixel bytes do not match 2 labels × 4 pixels",
    );
    const small = storageBuffer(28);
    const labels = storageBuffer(8);
    const notStorage = gpu.device.createBuffer({ size: 32, usage: GPUBufferUsage.COPY_DST });
    const encoder = gpu.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    expect(() => uploader.encodeConvert(pass, 0, small, labels)).toThrow(
      "BatchUploader.encodeConvert: destImages has 28 bytes but a batch needs 32",
    );
    expect(() => uploader.encodeConvert(pass, 0, notStorage, labels)).toThrow(
      "BatchUploader.encodeConvert: destImages must be created with GPUBufferUsage.STORAGE",
    );
    pass.end();
    uploader.destroy();
    for (const buffer of [small, labels, notStorage]) buffer.destroy();
  });
});

describe("GpuContext.destroy", () => {
  it("ends the device without reporting it as lost", async () => {
    gpu.destroy();
    const info = await gpu.device.lost;
    expect(info.reason).toBe("destroyed");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(reported).toEqual([]);
  });
});
