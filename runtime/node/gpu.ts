import { create, globals } from "webgpu";
import { requestGpu } from "../gpu.js";
import type { GpuContext, GpuOptions } from "../gpu.js";
import { paceWaits } from "../pacing.js";

const NODE_NO_ADAPTER_MESSAGE =
  "no WebGPU adapter found: install Mesa's Vulkan driver (scripts/setup-system.sh installs " +
  "mesa-vulkan-drivers from bookworm-backports) or run on a machine with a GPU";

// Dawn's GPU objects die with the object create() returns, and collecting one even after its
// device was destroyed crashed the process (`netc compile --tuned` on BN-LeNet segfaulted when the
// collector ran during compilation): every instance stays referenced for the life of the process.
const liveInstances = new Set<GPU>();
let globalsInstalled = false;

/** Requests a WebGPU device from Dawn (the `webgpu` package); call `destroy()` to let Node exit. */
export async function requestNodeGpu(options?: GpuOptions): Promise<GpuContext> {
  // Dawn's Vulkan loader wants a runtime directory and fails obscurely without one.
  process.env["XDG_RUNTIME_DIR"] ??= "/tmp";
  if (!globalsInstalled) {
    Object.assign(globalThis, globals);
    globalsInstalled = true;
  }
  // Dawn prints two harmless "maxDynamic... artificially reduced" warnings while it enumerates
  // Vulkan adapters; create() has no flag that silences them. Timestamps keep their full
  // resolution: Dawn quantizes them by default, against timing attacks in browsers, which would
  // blur `netc profile`'s shorter kernels.
  const gpu = create(["disable-dawn-features=timestamp_quantization"]);
  liveInstances.add(gpu);
  const context = await requestGpu(gpu, options, NODE_NO_ADAPTER_MESSAGE);
  // The binding keeps a core busy while a map is pending; a software adapter's kernels need it.
  if (context.adapter.info.isFallbackAdapter) paceWaits(context.device);
  return context;
}
