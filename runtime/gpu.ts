// Device acquisition shared by the browser and Node entries: one adapter/device request that
// asks for the adapter's full compute limits and the optional features kernels can exploit.
// WebGPU's types come from @webgpu/types (TypeScript's DOM library has none); every module of the
// runtime imports this one, so an app that compiles the runtime gets them without configuring it.
// `preserve` keeps the reference in the declarations (TypeScript 5.5+ drops it otherwise), as in
// each module whose declarations name WebGPU's types: an app that takes the runtime as a package
// built with them gets the types too.
/// <reference types="@webgpu/types" preserve="true" />

/**
 * WebGPU's buffer-usage and map-mode flags, at the values the specification fixes. The runtime uses
 * these rather than the `GPUBufferUsage` and `GPUMapMode` globals, which browsers define but Node's
 * `webgpu` package leaves its caller to install: a device from its `create()` works as it is.
 */
export const BufferUsage = {
  MAP_READ: 0x1,
  COPY_SRC: 0x4,
  COPY_DST: 0x8,
  UNIFORM: 0x40,
  STORAGE: 0x80,
  QUERY_RESOLVE: 0x200,
} as const;
export const MapMode = { READ: 0x1 } as const;

export const BROWSER_NO_WEBGPU_MESSAGE = "this browser has no WebGPU; use Chrome/Edge 113+ or enable WebGPU";
export const BROWSER_NO_ADAPTER_MESSAGE =
  "this browser has WebGPU but no GPU adapter for it (a blocklisted GPU, or hardware acceleration turned off); " +
  "turn on hardware acceleration in the browser's settings, and see chrome://gpu for why WebGPU is unavailable";

/** Thrown when no WebGPU adapter is available; the message says how to get one. */
export class NoAdapterError extends Error {
  override name = "NoAdapterError";
}

/** A device loss (other than by `destroy()`) or an error no error scope captured. */
export class GpuDeviceError extends Error {
  override name = "GpuDeviceError";
  constructor(
    readonly kind: "device-lost" | "validation" | "out-of-memory" | "internal",
    message: string,
  ) {
    super(message);
  }
}

export interface GpuOptions {
  powerPreference?: GPUPowerPreference;
  featureLevel?: "core" | "compatibility";
  /** Receives device losses and uncaptured errors; defaults to printing them with console.error. */
  onError?: (error: GpuDeviceError) => void;
}

export interface GpuContext {
  device: GPUDevice;
  adapter: GPUAdapter;
  adapterName: string;
  features: ReadonlySet<string>;
  limits: GPUSupportedLimits;
  destroy(): void;
}

/** The limits compute kernels care about; each is requested at the adapter's maximum. */
const COMPUTE_LIMITS = [
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxStorageBuffersPerShaderStage",
  "maxComputeWorkgroupsPerDimension",
] as const;

// core-features-and-limits: a compatibility-mode request still gets a full device where the adapter has one.
const OPTIONAL_FEATURES: readonly GPUFeatureName[] = [
  "timestamp-query",
  "subgroups",
  "shader-f16",
  "core-features-and-limits",
];

/**
 * Requests an adapter and a device from `gpu` (a `navigator.gpu` or Dawn's `create()` result).
 * `noAdapterMessage` is the advice given when there is no adapter; each entry point passes its own.
 */
export async function requestGpu(
  gpu: GPU,
  options: GpuOptions = {},
  noAdapterMessage: string = BROWSER_NO_ADAPTER_MESSAGE,
): Promise<GpuContext> {
  const adapter = await gpu.requestAdapter({
    ...(options.powerPreference && { powerPreference: options.powerPreference }),
    ...(options.featureLevel && { featureLevel: options.featureLevel }),
  });
  if (!adapter) throw new NoAdapterError(noAdapterMessage);

  const requiredLimits: Record<string, number> = {};
  for (const name of COMPUTE_LIMITS) requiredLimits[name] = adapter.limits[name];
  const requiredFeatures = OPTIONAL_FEATURES.filter((feature) => adapter.features.has(feature));
  const device = await adapter.requestDevice({ requiredLimits, requiredFeatures });

  const report = options.onError ?? ((error: GpuDeviceError) => console.error(error.message));
  device.addEventListener("uncapturederror", (event) => {
    const { error } = event as GPUUncapturedErrorEvent;
    event.preventDefault();
    report(new GpuDeviceError(uncapturedErrorKind(error), `WebGPU error: ${error.message}`));
  });
  void device.lost.then((info) => {
    if (info.reason === "destroyed") return; // our own destroy()
    report(new GpuDeviceError("device-lost", `WebGPU device lost: ${info.message}`));
  });

  const info = adapter.info;
  return {
    device,
    adapter,
    adapterName: info.description || info.device || info.vendor || "unknown adapter",
    features: device.features,
    limits: device.limits,
    destroy() {
      device.destroy();
    },
  };
}

/** By class name: in Node the error classes, like the flags above, are globals the caller may not have installed. */
function uncapturedErrorKind(error: GPUError): GpuDeviceError["kind"] {
  switch (error.constructor.name) {
    case "GPUValidationError":
      return "validation";
    case "GPUOutOfMemoryError":
      return "out-of-memory";
    default:
      return "internal";
  }
}
