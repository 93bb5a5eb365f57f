import { BROWSER_NO_WEBGPU_MESSAGE, NoAdapterError, requestGpu } from "./gpu.js";
import type { GpuContext, GpuOptions } from "./gpu.js";

/**
 * Requests a WebGPU device through `navigator.gpu`. Where there is none, and where there is one
 * but `requestAdapter()` finds no adapter, the NoAdapterError says which, and what to do.
 */
export async function requestBrowserGpu(options?: GpuOptions): Promise<GpuContext> {
  // `navigator` is absent outside browsers and workers; `gpu` is absent where WebGPU is.
  const gpu = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (!gpu) throw new NoAdapterError(BROWSER_NO_WEBGPU_MESSAGE);
  return requestGpu(gpu, options);
}
