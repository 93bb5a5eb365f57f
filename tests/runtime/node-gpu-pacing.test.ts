// requestNodeGpu paces the waits of a software (fallback) adapter's device, and only of one.

import { expect, it, vi } from "vitest";
import { requestNodeGpu } from "../../runtime/node/index.js";
import { waitPacer } from "../../runtime/pacing.js";

const adapter = vi.hoisted(() => ({ isFallbackAdapter: false }));

// Dawn and the adapter request stand in: a device of an adapter that is, or is not, a fallback one.
vi.mock("webgpu", () => ({ create: () => ({}), globals: {} }));
vi.mock("../../runtime/gpu.js", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../runtime/gpu.js")>()),
  requestGpu: async () => ({ device: {}, adapter: { info: { isFallbackAdapter: adapter.isFallbackAdapter } } }),
}));

it.each([
  [true, "a software adapter's device is paced"],
  [false, "a hardware adapter's device is not"],
])("isFallbackAdapter %s: %s", async (isFallbackAdapter) => {
  adapter.isFallbackAdapter = isFallbackAdapter;
  const { device } = await requestNodeGpu();
  expect(waitPacer(device).paced).toBe(isFallbackAdapter);
});
