// Moves u8 image batches to the GPU as bytes (4× less traffic than f32) and widens them there.

export interface BatchUploaderOptions {
  batchSize: number;
  pixelsPerImage: number;
  /** Converted pixels are (x/255 - mean) / std; the defaults (0 and 1) give x/255. */
  mean?: number;
  std?: number;
}

/** Which of the two staging buffer sets a batch goes through. */
export type UploadSlot = 0 | 1;

const WORKGROUP_SIZE = 64;

/**
 * Double-buffered batch upload: batch k+1 is written into one slot while the GPU still converts
 * batch k from the other. `encodeConvert` writes f32 pixels and u32 labels into the caller's
 * buffers. A partial batch converts its images; what the destination holds past them is unspecified.
 */
export class BatchUploader {
  readonly batchSize: number;
  readonly pixelsPerImage: number;
  private readonly pixelStaging: readonly [GPUBuffer, GPUBuffer];
  private readonly labelStaging: readonly [GPUBuffer, GPUBuffer];
  private readonly pixelTable: GPUBuffer;
  private readonly pipeline: GPUComputePipeline;
  private readonly workgroups: number;
  /** Per slot: destination images → destination labels → bind group, built on first use. */
  private readonly bindGroups = [
    new WeakMap<GPUBuffer, WeakMap<GPUBuffer, GPUBindGroup>>(),
    new WeakMap<GPUBuffer, WeakMap<GPUBuffer, GPUBindGroup>>(),
  ] as const;
  /** Zero-padded last word of an upload whose length is not a multiple of 4 bytes. */
  private readonly tailWord = new Uint8Array(4);

  constructor(
    private readonly device: GPUDevice,
    options: BatchUploaderOptions,
  ) {
    const { batchSize, pixelsPerImage, mean = 0, std = 1 } = options;
    for (const [name, value] of [
      ["batchSize", batchSize],
      ["pixelsPerImage", pixelsPerImage],
    ] as const) {
      if (!Number.isInteger(value) || value < 1) {
        throw new RangeError(`BatchUploader: ${name} must be a positive integer, got ${value}`);
      }
    }
    if (!(std > 0)) throw new RangeError(`BatchUploader: std must be positive, got ${std}`);
    this.batchSize = batchSize;
    this.pixelsPerImage = pixelsPerImage;
    const pixelCount = batchSize * pixelsPerImage;

    const threads = Math.max(Math.ceil(pixelCount / 4), batchSize);
    this.workgroups = Math.ceil(threads / WORKGROUP_SIZE);
    const maxWorkgroups = device.limits.maxComputeWorkgroupsPerDimension;
    if (this.workgroups > maxWorkgroups) {
      throw new RangeError(
        `BatchUploader: a batch of ${batchSize} images of ${pixelsPerImage} pixels needs ${this.workgroups} ` +
          `workgroups, over this device's limit of ${maxWorkgroups}; use a smaller batch`,
      );
    }

    const staging = (label: string, bytes: number): GPUBuffer =>
      device.createBuffer({
        label,
        size: roundUpTo4(bytes),
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
    this.pixelStaging = [staging("pixels slot 0", pixelCount), staging("pixels slot 1", pixelCount)];
    this.labelStaging = [staging("labels slot 0", batchSize), staging("labels slot 1", batchSize)];

    // A 256-entry table makes the conversion bit-identical to the CPU's (x/255 - mean) / std
    // (WGSL division may be off by 2.5 ULP) and folds the normalisation in for free.
    const table = new Float32Array(256);
    for (let x = 0; x < 256; x++) table[x] = (x / 255 - mean) / std;
    this.pixelTable = device.createBuffer({
      label: "pixel conversion table",
      size: table.byteLength,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    device.queue.writeBuffer(this.pixelTable, 0, table);

    this.pipeline = device.createComputePipeline({
      label: "batch conversion",
      layout: "auto",
      compute: { module: device.createShaderModule({ code: conversionShader(pixelCount, batchSize) }) },
    });
  }

  /** Queues a batch of up to `batchSize` images (`labels.length` × pixelsPerImage bytes) into `slot`. */
  write(slot: UploadSlot, images: Uint8Array<ArrayBuffer>, labels: Uint8Array<ArrayBuffer>): void {
    if (labels.length > this.batchSize) {
      throw new RangeError(`BatchUploader.write: ${labels.length} labels exceed the batch size ${this.batchSize}`);
    }
    if (images.length !== labels.length * this.pixelsPerImage) {
      throw new RangeError(
        `BatchUploader.write: ${images.length} pixel bytes do not match ${labels.length} labels × ${this.pixelsPerImage} pixels`,
      );
    }
    this.writePadded(this.pixelStaging[slot], images);
    this.writePadded(this.labelStaging[slot], labels);
  }

  /** Records the conversion of `slot` into `destImages` (f32) and `destLabels` (u32). */
  encodeConvert(pass: GPUComputePassEncoder, slot: UploadSlot, destImages: GPUBuffer, destLabels: GPUBuffer): void {
    pass.setPipeline(this.pipeline);
    pass.setBindGroup(0, this.bindGroup(slot, destImages, destLabels));
    pass.dispatchWorkgroups(this.workgroups);
  }

  destroy(): void {
    for (const buffer of [...this.pixelStaging, ...this.labelStaging, this.pixelTable]) buffer.destroy();
  }

  private bindGroup(slot: UploadSlot, destImages: GPUBuffer, destLabels: GPUBuffer): GPUBindGroup {
    let byLabels = this.bindGroups[slot].get(destImages);
    if (!byLabels) {
      byLabels = new WeakMap();
      this.bindGroups[slot].set(destImages, byLabels);
    }
    let group = byLabels.get(destLabels);
    if (!group) {
      checkDestination("destImages", destImages, this.batchSize * this.pixelsPerImage * 4);
      checkDestination("destLabels", destLabels, this.batchSize * 4);
      group = this.device.createBindGroup({
        label: `batch conversion slot ${slot}`,
        layout: this.pipeline.getBindGroupLayout(0),
        entries: [
          { binding: 0, resource: { buffer: this.pixelStaging[slot] } },
          { binding: 1, resource: { buffer: this.labelStaging[slot] } },
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
  if (!(buffer.usage & GPUBufferUsage.STORAGE)) {
    throw new RangeError(`BatchUploader.encodeConvert: ${name} must be created with GPUBufferUsage.STORAGE`);
  }
}

function roundUpTo4(bytes: number): number {
  return Math.ceil(bytes / 4) * 4;
}

/** One invocation widens one word of 4 pixels and one label. */
function conversionShader(pixelCount: number, labelCount: number): string {
  return /* wgsl */ `
@group(0) @binding(0) var<storage, read> pixelWords: array<u32>;
@group(0) @binding(1) var<storage, read> labelWords: array<u32>;
@group(0) @binding(2) var<storage, read_write> images: array<f32>;
@group(0) @binding(3) var<storage, read_write> labels: array<u32>;
@group(0) @binding(4) var<uniform> pixelTable: array<vec4f, 64>;

const PIXELS = ${pixelCount}u;
const LABELS = ${labelCount}u;

@compute @workgroup_size(${WORKGROUP_SIZE})
fn main(@builtin(global_invocation_id) id: vec3u) {
  let word = id.x;
  let firstPixel = word * 4u;
  if (firstPixel < PIXELS) {
    let packed = pixelWords[word];
    for (var k = 0u; k < 4u && firstPixel + k < PIXELS; k++) {
      let byte = (packed >> (8u * k)) & 0xffu;
      images[firstPixel + k] = pixelTable[byte >> 2u][byte & 3u];
    }
  }
  if (word < LABELS) {
    labels[word] = (labelWords[word >> 2u] >> (8u * (word & 3u))) & 0xffu;
  }
}
`;
}
