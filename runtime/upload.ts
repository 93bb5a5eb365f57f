// Moves u8 image batches to the GPU as bytes (4× less traffic than f32) and widens them there,
// optionally resizing them on the way (d2l trains its larger CNNs on upscaled Fashion-MNIST).

/// <reference types="@webgpu/types" preserve="true" />
import { BufferUsage } from "./gpu.js";

export interface ImageSize {
  rows: number;
  cols: number;
}

export interface BatchUploaderOptions {
  batchSize: number;
  /** Bytes per uploaded image. */
  pixelsPerImage: number;
  /**
   * Resizes each image from `from` (rows × cols = pixelsPerImage) to `to` while converting, by
   * bilinear interpolation as PyTorch's `F.interpolate(align_corners=False)`: half-pixel centres,
   * edge clamping, no antialiasing (so it matches torchvision's `Resize` when upscaling).
   */
  resize?: { from: ImageSize; to: ImageSize };
  /** Converted pixels are (x/255 - mean) / std; the defaults (0 and 1) give x/255. */
  mean?: number;
  std?: number;
  /** Staging buffer sets (default 2): one per batch that may be written before the GPU converts it. */
  slots?: number;
}

/** Which staging buffer set a batch goes through: 0 to `slots` - 1. */
export type UploadSlot = number;

const WORKGROUP_SIZE = 64;

/**
 * Multi-buffered batch upload: batch k+1 is written into one slot while the GPU still converts
 * batch k from another, and several batches recorded into one submission each have their own slot.
 * `encodeConvert` writes f32 pixels and u32 labels into the caller's
 * buffers, resized if the options say so. A partial batch converts its images; what the destination
 * holds past them is unspecified.
 */
export class BatchUploader {
  readonly batchSize: number;
  readonly pixelsPerImage: number;
  /** Pixels per converted image: pixelsPerImage, or the resized size. */
  readonly outputPixelsPerImage: number;
  /** Bytes of every GPU buffer it holds. */
  readonly allocatedBytes: number;
  private readonly pixelStaging: readonly GPUBuffer[];
  private readonly labelStaging: readonly GPUBuffer[];
  private readonly pixelTable: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private readonly workgroups: number;
  /** Per slot: destination images → destination labels → bind group, built on first use. */
  private readonly bindGroups: readonly WeakMap<GPUBuffer, WeakMap<GPUBuffer, GPUBindGroup>>[];
  /** Zero-padded last word of an upload whose length is not a multiple of 4 bytes. */
  private readonly tailWord = new Uint8Array(4);

  constructor(
    private readonly device: GPUDevice,
    options: BatchUploaderOptions,
  ) {
    const { batchSize, pixelsPerImage, resize, mean = 0, std = 1, slots = 2 } = options;
    const counts: [string, number][] = [
      ["batchSize", batchSize],
      ["pixelsPerImage", pixelsPerImage],
      ["slots", slots],
    ];
    if (resize) {
      counts.push(["resize.from.rows", resize.from.rows], ["resize.from.cols", resize.from.cols]);
      counts.push(["resize.to.rows", resize.to.rows], ["resize.to.cols", resize.to.cols]);
    }
    for (const [name, value] of counts) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`BatchUploader: ${name} must be a positive integer, got ${value}`);
      }
    }
    if (resize && resize.from.rows * resize.from.cols !== pixelsPerImage) {
      throw new RangeError(
        `BatchUploader: resize.from is ${resize.from.rows}×${resize.from.cols} but pixelsPerImage is ${pixelsPerImage}`,
      );
    }
    if (!(std > 0)) throw new RangeError(`BatchUploader: std must be positive, got ${std}`);
    this.batchSize = batchSize;
    this.pixelsPerImage = pixelsPerImage;
    this.outputPixelsPerImage = resize ? resize.to.rows * resize.to.cols : pixelsPerImage;
    const pixelCount = batchSize * pixelsPerImage;

    // An invocation widens one word of 4 pixels, or resizes one output row.
    const pixelInvocations = resize ? batchSize * resize.to.rows : Math.ceil(pixelCount / 4);
    const threads = Math.max(pixelInvocations, batchSize);
    this.workgroups = Math.ceil(threads / WORKGROUP_SIZE);
    const maxWorkgroups = device.limits.maxComputeWorkgroupsPerDimension;
    if (this.workgroups > maxWorkgroups) {
      throw new RangeError(
        `BatchUploader: a batch of ${batchSize} images of ${this.outputPixelsPerImage} pixels needs ${this.workgroups} ` +
          `workgroups, over this device's limit of ${maxWorkgroups}; use a smaller batch`,
      );
    }

    const staging = (label: string, bytes: number): GPUBuffer =>
      device.createBuffer({
        label,
        size: roundUpTo4(bytes),
        usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
      });
    this.pixelStaging = Array.from({ length: slots }, (_, slot) => staging(`pixels slot ${slot}`, pixelCount));
    this.labelStaging = Array.from({ length: slots }, (_, slot) => staging(`labels slot ${slot}`, batchSize));
    this.bindGroups = Array.from({ length: slots }, () => new WeakMap());

    // A 256-entry table makes the conversion bit-identical to the CPU's (x/255 - mean) / std
    // (WGSL division may be off by 2.5 ULP) and folds the normalisation in for free.
    const table = new Float32Array(256);
    for (let x = 0; x < 256; x++) table[x] = (x / 255 - mean) / std;
    this.pixelTable = device.createBuffer({
      label: "pixel conversion table",
      size: table.byteLength,
      usage: BufferUsage.UNIFORM | BufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(this.pixelTable, 0, table);
    this.allocatedBytes = [...this.pixelStaging, ...this.labelStaging, this.pixelTable].reduce(
      (sum, b) => sum + b.size,
      0,
    );

    this.pipeline = device.createComputePipeline({
      label: "batch conversion",
      layout: "auto",
      compute: {
        module: device.createShaderModule({ code: conversionShader(batchSize, pixelCount, pixelInvocations, resize) }),
      },
    });
  }

  /** Queues a batch of up to `batchSize` images (`labels.length` × pixelsPerImage bytes) into `slot`. */
  write(slot: UploadSlot, images: Uint8Array<ArrayBuffer>, labels: Uint8Array<ArrayBuffer>): void {
    this.checkSlot("write", slot);
    if (labels.length > this.batchSize) {
      throw new RangeError(`BatchUploader.write: ${labels.length} labels exceed the batch size ${this.batchSize}`);
    }
    if (images.length !== labels.length * this.pixelsPerImage) {
      throw new RangeError(
        `BatchUploader.write: ${images.length} pixel bytes do not match ${labels.length} labels × ${this.pixelsPerImage} pixels`,
      );
    }
    this.writePadded(this.pixelStaging[slot]!, images);
    this.writePadded(this.labelStaging[slot]!, labels);
  }

  /** Records the conversion of `slot` into `destImages` (f32) and `destLabels` (u32). */
  encodeConvert(pass: GPUComputePassEncoder, slot: UploadSlot, destImages: GPUBuffer, destLabels: GPUBuffer): void {
    this.checkSlot("encodeConvert", slot);
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup(slot, destImages, destLabels));
    pass.dispatchWorkgroups(this.workgroups);
  }

  destroy(): void {
    for (const buffer of [...this.pixelStaging, ...this.labelStaging, this.pixelTable]) buffer.destroy();
  }

  private checkSlot(method: string, slot: UploadSlot): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.pixelStaging.length) {
      throw new RangeError(`BatchUploader.${method}: slot ${slot} is not one of 0 to ${this.pixelStaging.length - 1}`);
    }
  }

  private bindGroup(slot: UploadSlot, destImages: GPUBuffer, destLabels: GPUBuffer): GPUBindGroup {
    const bySlot = this.bindGroups[slot]!;
    let byLabels = bySlot.get(destImages);
    if (!byLabels) {
      byLabels = new WeakMap();
      bySlot.set(destImages, byLabels);
    }
    let group = byLabels.get(destLabels);
    if (!group) {
      checkDestination("destImages", destImages, this.batchSize * this.outputPixelsPerImage * 4);
      checkDestination("destLabels", destLabels, this.batchSize * 4);
      group = this.device.createBindGroup({
        label: `batch conversion slot ${slot}`,
        layout: this.pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: this.pixelStaging[slot]! } },
          { binding: 1, resource: { buffer: this.labelStaging[slot]! } },
          { binding: 2, resource: { buffer: destImages } },
          { binding: 3, resource: { buffer: destLabels } },
          { binding: 4, resource: { buffer: this.pixelTable } },
        ],
      });
      byLabels.set(destLabels, group);
    }
    return group;
  }

  /** writeBuffer needs a multiple of 4 bytes, so a ragged end goes through `tailWord`. */
  private writePadded(buffer: GPUBuffer, bytes: Uint8Array<ArrayBuffer>): void {
    const whole = bytes.length - (bytes.length % 4);
    if (whole > 0) this.device.queue.writeBuffer(buffer, 0, bytes, 0, whole);
    if (whole < bytes.length) {
      this.tailWord.fill(0);
      this.tailWord.set(bytes.subarray(whole));
      this.device.queue.writeBuffer(buffer, whole, this.tailWord);
    }
  }
}

function checkDestination(name: string, buffer: GPUBuffer, bytes: number): void {
  if (buffer.size < bytes) {
    throw new RangeError(`BatchUploader.encodeConvert: ${name} has ${buffer.size} bytes but a batch needs ${bytes}`);
  }
  if (!(buffer.usage & BufferUsage.STORAGE)) {
    throw new RangeError(`BatchUploader.encodeConvert: ${name} must be created with GPUBufferUsage.STORAGE`);
  }
}

function roundUpTo4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}

/** One invocation converts one group of pixels (`convertPixels`) and one label. */
function conversionShader(
  labelCount: number,
  pixelCount: number,
  pixelInvocations: number,
  resize: BatchUploaderOptions["resize"],
): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> pixelWords: array<u32>;
@group(0) @binding(1) var<storage, read> labelWords: array<u32>;
@group(0) @binding(2) var<storage, read_write> images: array<${wholeWords(pixelCount, resize) ? "vec4f" : "f32"}>;
@group(0) @binding(3) var<storage, read_write> labels: array<u32>;
@group(0) @binding(4) var<uniform> pixelTable: array<vec4f, 64>;

const PIXEL_INVOCATIONS = ${pixelInvocations}u;
const LABELS = ${labelCount}u;

fn convertedByte(index: u32) -> f32 {
  let byte = (pixelWords[index >> 2u] >> (8u * (index & 3u))) & 0xffu;
  return pixelTable[byte >> 2u][byte & 3u];
}
${resize ? resizeFunction(resize.from, resize.to) : wholeWords(pixelCount, resize) ? widenWordsFunction() : widenFunction(pixelCount)}
@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) id: vec3u) {
  let invocation = id.x;
  if (invocation < PIXEL_INVOCATIONS) {
    convertPixels(invocation);
  }
  if (invocation < LABELS) {
    labels[invocation] = (labelWords[invocation >> 2u] >> (8u * (invocation & 3u))) & 0xffu;
  }
}
`;
}

/**
 * Whether the converted pixels are stored as vec4s, one per word of 4 bytes: without a resize, where
 * the batch is whole words. On lavapipe, where each store is a loop over the SIMD lanes, that took
 * the MLP's batch conversion (200,704 pixels) from 0.87–1.08 to 0.61–0.65 ms in `netc profile`.
 */
function wholeWords(pixelCount: number, resize: BatchUploaderOptions["resize"]): boolean {
  return resize === undefined && pixelCount % 4 === 0;
}

/** Output pixels 4w to 4w + 3 are the 4 bytes of word w, stored as one vec4. */
function widenWordsFunction(): string {
  return /* wgsl */ `
fn convertPixels(word: u32) {
  let packed = pixelWords[word];
  let bytes = (vec4u(packed) >> vec4u(0u, 8u, 16u, 24u)) & vec4u(0xffu);
  images[word] = vec4f(
    pixelTable[bytes.x >> 2u][bytes.x & 3u],
    pixelTable[bytes.y >> 2u][bytes.y & 3u],
    pixelTable[bytes.z >> 2u][bytes.z & 3u],
    pixelTable[bytes.w >> 2u][bytes.w & 3u],
  );
}
`;
}

/** Output pixel k is input pixel k: invocation w converts the 4 bytes of word w. */
function widenFunction(pixelCount: number): string {
  return /* wgsl */ `
const PIXELS = ${pixelCount}u;

fn convertPixels(word: u32) {
  let first = word * 4u;
  let packed = pixelWords[word];
  for (var k = 0u; k < 4u && first + k < PIXELS; k++) {
    let byte = (packed >> (8u * k)) & 0xffu;
    images[first + k] = pixelTable[byte >> 2u][byte & 3u];
  }
}
`;
}

/**
 * PyTorch's bilinear resize (aten upsample_bilinear2d, align_corners=False), in f32 as on its CPU:
 * source coordinate (i + 0.5) × in/out − 0.5 clamped at 0, the neighbour after it clamped to the
 * last row/column. Interpolating the table's values equals converting the interpolated bytes, as
 * (x/255 − mean)/std is affine. One invocation makes one output row: its two source rows are
 * blended once per source column, and neighbouring lanes step through the same columns together.
 */
function resizeFunction(from: ImageSize, to: ImageSize): string {
  return /* wgsl */ `
const SOURCE_ROWS = ${from.rows}u;
const SOURCE_COLS = ${from.cols}u;
const OUTPUT_ROWS = ${to.rows}u;
const OUTPUT_COLS = ${to.cols}u;
const ROW_SCALE = ${f32Literal(from.rows / to.rows)};
const COL_SCALE = ${f32Literal(from.cols / to.cols)};

fn convertPixels(outputRow: u32) {
  let image = outputRow / OUTPUT_ROWS;
  let sourceRow = max(ROW_SCALE * (f32(outputRow % OUTPUT_ROWS) + 0.5) - 0.5, 0.0);
  let top = min(u32(sourceRow), SOURCE_ROWS - 1u);
  let rowWeight = clamp(sourceRow - f32(top), 0.0, 1.0);
  let topStart = (image * SOURCE_ROWS + top) * SOURCE_COLS;
  let bottomStart = (image * SOURCE_ROWS + min(top + 1u, SOURCE_ROWS - 1u)) * SOURCE_COLS;
  let outputStart = outputRow * OUTPUT_COLS;
  var blendedCol = SOURCE_COLS;
  var left = 0.0;
  var right = 0.0;
  for (var col = 0u; col < OUTPUT_COLS; col++) {
    let sourceCol = max(COL_SCALE * (f32(col) + 0.5) - 0.5, 0.0);
    let near = min(u32(sourceCol), SOURCE_COLS - 1u);
    if (near != blendedCol) {
      let far = min(near + 1u, SOURCE_COLS - 1u);
      // Upscaling steps one source column at a time: the old right column is the new left.
      if (near == blendedCol + 1u) {
        left = right;
      } else {
        left = mix(convertedByte(topStart + near), convertedByte(bottomStart + near), rowWeight);
      }
      right = mix(convertedByte(topStart + far), convertedByte(bottomStart + far), rowWeight);
      blendedCol = near;
    }
    images[outputStart + col] = mix(left, right, clamp(sourceCol - f32(near), 0.0, 1.0));
  }
}
`;
}

/** A WGSL f32 literal of the float nearest `value`, as PyTorch's float division gives it. */
function f32Literal(value: number): string {
  return `${Math.fround(value)}f`;
}
