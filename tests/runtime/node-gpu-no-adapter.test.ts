import { expect, it, vi } from "vitest";
import { NoAdapterError } from "../../runtime/index.js";
import { requestNodeGpu } from "../../runtime/node/index.js";

// Dawn stand-in for a machine without a Vulkan driver: it offers no adapter.
vi.mock("webgpu", () => ({ create: () => ({ requestAdapter: async () => null }), globals: {} }));

it("tells Node users how to get an adapter, after defaulting XDG_RUNTIME_DIR", async () => {
  delete process.env.XDG_RUNTIME_DIR;
  const error = await requestNodeGpu().catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(NoAdapterError);
  expect((error as Error).message).toBe(
    "no WebGPU adapter found: install Mesa's Vulkan driver (scripts/setup-system.sh installs " +
      "mesa-vulkan-drivers from bookworm-backports) or run on a machine with a GPU",
  );
  expect(process.env.XDG_RUNTIME_DIR).toBe("/tmp");
});
