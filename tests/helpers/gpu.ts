// Dawn devices for GPU tests: one device per test file, Float32Array upload and download, and
// running one compute kernel with its WGSL errors surfaced as exceptions.

import { afterAll, beforeAll } from "vitest";
import type { GpuContext } from "../../runtime/gpu.js";
import { requestNodeGpu } from "../../runtime/node/gpu.js";

/** Requests a Dawn device before the file's tests and destroys it after; call at file scope. */
export function useGpu(): () => GpuContext {
  let context: GpuContext | undefined;
  beforeAll(async () => {
    context = await requestNodeGpu();
  });
  afterAll(() => context?.destroy());
  return () => {
    if (!context) throw new Error("useGpu(): the device is only available inside tests");
    return context;
  };
}

/** A storage buffer holding `data` (at least 16 bytes, as some bindings require). */
export function upload(device: GPUDevice, data: Float32Array): GPUBuffer {
  const buffer = device.createBuffer({
    size: Math.max(16, Math.ceil(data.byteLength / 16) * 16),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

/** The first `length` floats of `buffer`. */
export async function download(device: GPUDevice, buffer: GPUBuffer, length: number): Promise<Float32Array> {
  const staging = device.createBuffer({
    size: Math.max(4, length * 4),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  const encoder = device.createCommandEncoder();
  encoder.copyBufferToBuffer(buffer, 0, staging, 0, length * 4);
  device.queue.submit([encoder.finish()]);
  await staging.mapAsync(GPUMapMode.READ);
  const data = new Float32Array(staging.getMappedRange().slice(0));
  staging.destroy();
  return data;
}

export interface Kernel {
  code: string;
  entryPoint: string;
  workgroups: [number, number, number];
}

/** Compiles `kernel`, throwing its WGSL or validation errors with the source attached. */
export async function compile(device: GPUDevice, kernel: Kernel): Promise<GPUComputePipeline> {
  device.pushErrorScope("validation");
  const module = device.createShaderModule({ code: kernel.code });
  const errors = (await module.getCompilationInfo()).messages.filter((m) => m.type === "error");
  if (errors.length > 0) {
    await device.popErrorScope();
    throw new Error(
      `WGSL errors:\n${errors.map((e) => `${e.lineNum}:${e.linePos} ${e.message}`).join("\n")}\n${kernel.code}`,
    );
  }
  const pipeline = await device.createComputePipelineAsync({
    layout: "auto",
    compute: { module, entryPoint: kernel.entryPoint },
  });
  const error = await device.popErrorScope();
  if (error) throw new Error(`pipeline: ${error.message}\n${kernel.code}`);
  return pipeline;
}

/** Runs `kernel` once with `buffers` bound at group 0, bindings 0, 1, … in order, and waits for it. */
export async function runKernel(device: GPUDevice, kernel: Kernel, buffers: GPUBuffer[]): Promise<void> {
  const pipeline = await compile(device, kernel);
  device.pushErrorScope("validation");
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const encoder = device.createCommandEncoder();
  const pass = encoder.beginComputePass();
  pass.setPipeline(pipeline);
  pass.setBindGroup(0, bindGroup);
  pass.dispatchWorkgroups(...kernel.workgroups);
  pass.end();
  device.queue.submit([encoder.finish()]);
  const error = await device.popErrorScope();
  if (error) throw new Error(`dispatch: ${error.message}`);
  await device.queue.onSubmittedWorkDone();
}
